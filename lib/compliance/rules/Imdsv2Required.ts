import { parse } from 'path';
import { CfnResource, Stack } from 'aws-cdk-lib';
import { CfnLaunchConfiguration } from 'aws-cdk-lib/aws-autoscaling';
import { CfnInstance, CfnLaunchTemplate } from 'aws-cdk-lib/aws-ec2';
import { NagRuleCompliance } from 'cdk-nag';
import { referencedResource } from './resource-graph';

function requiresTokens(stack: Stack, template: CfnLaunchTemplate): boolean {
  const data = stack.resolve(template.launchTemplateData) as { metadataOptions?: { httpTokens?: unknown; httpEndpoint?: unknown } } | undefined;
  return data?.metadataOptions?.httpTokens === 'required';
}

/**
 * Every instance, launch template and launch configuration requires IMDSv2 (session tokens) for instance metadata.
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleCompliance => {
    const stack = Stack.of(node);
    let compliant: boolean;
    if (node instanceof CfnLaunchTemplate) {
      compliant = requiresTokens(stack, node);
    } else if (node instanceof CfnInstance) {
      // AWS::EC2::Instance has no metadata options of its own: they come from its launch template.
      const reference = (node.launchTemplate as { launchTemplateId?: unknown } | undefined)?.launchTemplateId;
      const template = referencedResource(reference);
      compliant = template instanceof CfnLaunchTemplate && requiresTokens(stack, template);
    } else if (node instanceof CfnLaunchConfiguration) {
      const options = stack.resolve(node.metadataOptions) as { httpTokens?: unknown } | undefined;
      compliant = options?.httpTokens === 'required';
    } else {
      return NagRuleCompliance.NOT_APPLICABLE;
    }
    return compliant ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
  'name',
  { value: parse(__filename).name },
);
