import { parse } from 'path';
import { CfnResource, Stack } from 'aws-cdk-lib';
import { CfnListener } from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { NagRuleCompliance } from 'cdk-nag';
import { ALLOWED_TLS_POLICIES } from '../../config/tls-policies';

/**
 * Every HTTPS or TLS listener uses an SSL policy from the TLS 1.2+ allow-list.
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleCompliance => {
    if (!(node instanceof CfnListener)) return NagRuleCompliance.NOT_APPLICABLE;
    const protocol = Stack.of(node).resolve(node.protocol);
    if (protocol !== 'HTTPS' && protocol !== 'TLS') return NagRuleCompliance.NOT_APPLICABLE;
    const policy = Stack.of(node).resolve(node.sslPolicy);
    return (ALLOWED_TLS_POLICIES as readonly unknown[]).includes(policy) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
  'name',
  { value: parse(__filename).name },
);
