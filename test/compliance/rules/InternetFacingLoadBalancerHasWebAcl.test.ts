import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { NagRuleCompliance } from 'cdk-nag';
import { rules } from '../../../lib/compliance';
import { albFixture } from './LoadBalancerRules.fixture';

const acl = {
  defaultAction: { allow: {} },
  scope: 'REGIONAL',
  visibilityConfig: { cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: 'm' },
};

describe('Halo-InternetFacingLoadBalancerHasWebAcl', () => {
  test('passes an internet-facing ALB associated with a web ACL', () => {
    const { stack, alb, cfnAlb } = albFixture();
    const webAcl = new wafv2.CfnWebACL(stack, 'Acl', acl);
    new wafv2.CfnWebACLAssociation(stack, 'Assoc', { resourceArn: alb.loadBalancerArn, webAclArn: webAcl.attrArn });
    expect(rules.InternetFacingLoadBalancerHasWebAcl(cfnAlb)).toBe(NagRuleCompliance.COMPLIANT);
  });

  test('fails an internet-facing ALB with none, and ignores internal ones', () => {
    expect(rules.InternetFacingLoadBalancerHasWebAcl(albFixture().cfnAlb)).toBe(NagRuleCompliance.NON_COMPLIANT);
    expect(rules.InternetFacingLoadBalancerHasWebAcl(albFixture(false).cfnAlb)).toBe(NagRuleCompliance.NOT_APPLICABLE);
  });
});
