import { parse } from 'path';
import { CfnResource, Stack } from 'aws-cdk-lib';
import { CfnLaunchConfiguration } from 'aws-cdk-lib/aws-autoscaling';
import { CfnInstance, CfnLaunchTemplate, CfnVolume } from 'aws-cdk-lib/aws-ec2';
import { NagRuleCompliance } from 'cdk-nag';

interface Ebs {
  encrypted?: unknown;
  kmsKeyId?: unknown;
}

/** Encrypted, under a key named in the template rather than the AWS-managed aws/ebs key. */
function usesCmk(ebs: Ebs | undefined): boolean {
  const key = ebs?.kmsKeyId;
  return ebs?.encrypted === true && key !== undefined && !(typeof key === 'string' && /alias\/aws\/ebs$/.test(key));
}

/**
 * Every EBS volume, and every block device of an instance, launch template or launch configuration, is encrypted under a customer-managed KMS key: stricter than EC2EBSVolumeEncrypted (AwsSolutions-EC26), which passes the AWS-managed aws/ebs key.
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleCompliance => {
    const stack = Stack.of(node);
    let devices: Ebs[];
    if (node instanceof CfnVolume) {
      devices = [stack.resolve({ encrypted: node.encrypted, kmsKeyId: node.kmsKeyId })];
    } else if (node instanceof CfnInstance) {
      devices = ((stack.resolve(node.blockDeviceMappings) ?? []) as { ebs?: Ebs }[]).filter((d) => d.ebs).map((d) => d.ebs!);
    } else if (node instanceof CfnLaunchTemplate) {
      const data = stack.resolve(node.launchTemplateData) as { blockDeviceMappings?: { ebs?: Ebs }[] } | undefined;
      devices = (data?.blockDeviceMappings ?? []).filter((d) => d.ebs).map((d) => d.ebs!);
    } else if (node instanceof CfnLaunchConfiguration) {
      // A launch configuration's block devices cannot name a key: they take the account's default EBS key.
      return NagRuleCompliance.NON_COMPLIANT;
    } else {
      return NagRuleCompliance.NOT_APPLICABLE;
    }
    return devices.every(usesCmk) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
  'name',
  { value: parse(__filename).name },
);
