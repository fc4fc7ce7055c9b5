import { parse } from 'path';
import { CfnResource, Stack } from 'aws-cdk-lib';
import { CfnKey } from 'aws-cdk-lib/aws-kms';
import { NagRuleCompliance } from 'cdk-nag';

/**
 * Every symmetric KMS key rotates its key material automatically.
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleCompliance => {
    if (!(node instanceof CfnKey)) return NagRuleCompliance.NOT_APPLICABLE;
    const keySpec = Stack.of(node).resolve(node.keySpec);
    if (keySpec !== undefined && keySpec !== 'SYMMETRIC_DEFAULT') return NagRuleCompliance.NOT_APPLICABLE;
    return Stack.of(node).resolve(node.enableKeyRotation) === true ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
  'name',
  { value: parse(__filename).name },
);
