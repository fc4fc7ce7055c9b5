import { NagRuleCompliance } from 'cdk-nag';
import { rules } from '../../../lib/compliance';
import { HSTS_ATTRIBUTE } from '../../../lib/config/tls-policies';
import { albFixture } from './LoadBalancerRules.fixture';

const https = (value?: string) => ({ port: 443, protocol: 'HTTPS', listenerAttributes: value ? [{ key: HSTS_ATTRIBUTE, value }] : undefined });

describe('Halo-HttpsListenerSetsHsts', () => {
  test('passes a year or more with includeSubDomains', () => {
    const { listener } = albFixture();
    expect(rules.HttpsListenerSetsHsts(listener('A', https('max-age=31536000; includeSubDomains')))).toBe(NagRuleCompliance.COMPLIANT);
    expect(rules.HttpsListenerSetsHsts(listener('B', https('max-age=63072000; includeSubDomains; preload')))).toBe(NagRuleCompliance.COMPLIANT);
  });

  test('fails no header, a short max-age, or no includeSubDomains', () => {
    const { listener } = albFixture();
    expect(rules.HttpsListenerSetsHsts(listener('A', https()))).toBe(NagRuleCompliance.NON_COMPLIANT);
    expect(rules.HttpsListenerSetsHsts(listener('B', https('max-age=86400; includeSubDomains')))).toBe(NagRuleCompliance.NON_COMPLIANT);
    expect(rules.HttpsListenerSetsHsts(listener('C', https('max-age=31536000')))).toBe(NagRuleCompliance.NON_COMPLIANT);
  });
});
