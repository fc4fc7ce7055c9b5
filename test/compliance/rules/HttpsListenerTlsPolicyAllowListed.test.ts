import { NagRuleCompliance } from 'cdk-nag';
import { rules } from '../../../lib/compliance';
import { albFixture } from './LoadBalancerRules.fixture';

describe('Halo-HttpsListenerTlsPolicyAllowListed', () => {
  test('passes TLS 1.2+ policies, post-quantum ones included', () => {
    const { listener } = albFixture();
    expect(rules.HttpsListenerTlsPolicyAllowListed(listener('A', { port: 443, protocol: 'HTTPS', sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' }))).toBe(
      NagRuleCompliance.COMPLIANT,
    );
    expect(rules.HttpsListenerTlsPolicyAllowListed(listener('B', { port: 443, protocol: 'HTTPS', sslPolicy: 'ELBSecurityPolicy-TLS13-1-3-PQ-2025-09' }))).toBe(
      NagRuleCompliance.COMPLIANT,
    );
  });

  test('fails policies that accept TLS 1.0 or 1.1, and the default (none named)', () => {
    const { listener } = albFixture();
    expect(rules.HttpsListenerTlsPolicyAllowListed(listener('A', { port: 443, protocol: 'HTTPS', sslPolicy: 'ELBSecurityPolicy-TLS13-1-0-2021-06' }))).toBe(
      NagRuleCompliance.NON_COMPLIANT,
    );
    expect(rules.HttpsListenerTlsPolicyAllowListed(listener('B', { port: 443, protocol: 'HTTPS', sslPolicy: 'ELBSecurityPolicy-2016-08' }))).toBe(
      NagRuleCompliance.NON_COMPLIANT,
    );
    expect(rules.HttpsListenerTlsPolicyAllowListed(listener('C', { port: 443, protocol: 'HTTPS' }))).toBe(NagRuleCompliance.NON_COMPLIANT);
  });

  test('ignores plain HTTP listeners', () => {
    const { listener } = albFixture();
    expect(rules.HttpsListenerTlsPolicyAllowListed(listener('A', { port: 80, protocol: 'HTTP' }))).toBe(NagRuleCompliance.NOT_APPLICABLE);
  });
});
