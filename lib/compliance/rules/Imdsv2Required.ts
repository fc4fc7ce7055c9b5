import { parse } from 'path';
import { CfnResource, Stack } from 'aws-cdk-lib';
import { CfnLaunchConfiguration } from 'aws-cdk-lib/aws-autoscaling';
import { CfnInstance, CfnLaunchTemplate } from 'aws-cdk-lib/aws-ec2';
import { NagRuleCompliance } from 'cdk-nag';
import { referencedResource } from './resource-graph';

function requiresTokens(stack: Stack, template: CfnLaunchTemplate): boolean {
  const data = stack.resolve(template.launchTemplateData) as { metadataOptions?: { httpTokens?: unknown } } | undefined;
  return data?.metadataOptions?.httpTokens === 'required';
}

/**
 * Every launch template, launch configuration and instance (by its own metadata options, else its template's) requires IMDSv2: stricter than EC2IMDSv2Enabled, which checks a template only through an instance or group of its stack and passes an instance whose own options allow IMDSv1 over a template that requires v2.
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleCompliance => {
    const stack = Stack.of(node);
    let compliant: boolean;
    if (node instanceof CfnLaunchTemplate) {
      compliant = requiresTokens(stack, node);
    } else if (node instanceof CfnInstance) {
      // An instance's own metadata options override its launch template's, as RunInstances parameters do.
      const own = (stack.resolve(node.metadataOptions) as { httpTokens?: unknown } | undefined)?.httpTokens;
      const template = referencedResource((node.launchTemplate as { launchTemplateId?: unknown } | undefined)?.launchTemplateId);
      compliant = own !== undefined ? own === 'required' : template instanceof CfnLaunchTemplate && requiresTokens(stack, template);
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
