import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { NagRuleCompliance } from 'cdk-nag';
import { rules } from '../../../lib/compliance';
import { albFixture } from './LoadBalancerRules.fixture';

const redirect = [{ type: 'redirect', redirectConfig: { protocol: 'HTTPS', port: '443', statusCode: 'HTTP_301' } }];

describe('Halo-HttpListenerOnlyRedirects', () => {
  test('passes an HTTP listener that redirects to HTTPS', () => {
    const { listener } = albFixture();
    expect(rules.HttpListenerOnlyRedirects(listener('A', { port: 80, protocol: 'HTTP', defaultActions: redirect }))).toBe(NagRuleCompliance.COMPLIANT);
  });

  test('fails an HTTP listener that serves, and a rule on it that forwards', () => {
    const { stack, listener } = albFixture();
    const serving = listener('Serving', { port: 80, protocol: 'HTTP' });
    expect(rules.HttpListenerOnlyRedirects(serving)).toBe(NagRuleCompliance.NON_COMPLIANT);
    const plain = listener('Plain', { port: 8080, protocol: 'HTTP', defaultActions: redirect });
    const rule = new elbv2.CfnListenerRule(stack, 'Rule', {
      listenerArn: plain.ref,
      priority: 1,
      conditions: [{ field: 'path-pattern', values: ['/api/*'] }],
      actions: [{ type: 'fixed-response', fixedResponseConfig: { statusCode: '200' } }],
    });
    expect(rules.HttpListenerOnlyRedirects(rule)).toBe(NagRuleCompliance.NON_COMPLIANT);
  });
});
