import { parse } from 'path';
import { CfnResource, Stack } from 'aws-cdk-lib';
import { CfnLoadBalancer } from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import { NagRuleCompliance } from 'cdk-nag';
import { referencedResource } from './resource-graph';

/**
 * Every internet-facing Application Load Balancer is associated with a web ACL.
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleCompliance => {
    if (!(node instanceof CfnLoadBalancer)) return NagRuleCompliance.NOT_APPLICABLE;
    const stack = Stack.of(node);
    const type = stack.resolve(node.type) ?? 'application';
    const scheme = stack.resolve(node.scheme) ?? 'internet-facing';
    if (type !== 'application' || scheme !== 'internet-facing') return NagRuleCompliance.NOT_APPLICABLE;
    // Associations anywhere in the app count, so a shared web ACL in another stack is found too.
    const associated = stack.node.root.node.findAll().some((c) => c instanceof CfnWebACLAssociation && referencedResource(c.resourceArn) === node);
    return associated ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
  'name',
  { value: parse(__filename).name },
);
