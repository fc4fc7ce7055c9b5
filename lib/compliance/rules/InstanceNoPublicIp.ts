import { parse } from 'path';
import { CfnResource, Stack } from 'aws-cdk-lib';
import { CfnEIP, CfnInstance, CfnLaunchTemplate } from 'aws-cdk-lib/aws-ec2';
import { NagRuleCompliance } from 'cdk-nag';
import { instanceSubnets } from './resource-graph';

/**
 * No instance or launch template gets a public IP (none asks for one, none sits in a subnet that assigns one, no Elastic IP binds to an instance): stricter than EC2InstanceNoPublicIp, which reads only an instance's own network interfaces, and than VPCSubnetAutoAssignPublicIpDisabled, whose finding stays on the subnet, so acknowledging it there leaves the subnet's instances unchecked.
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleCompliance => {
    const stack = Stack.of(node);
    if (node instanceof CfnInstance) {
      const interfaces = (stack.resolve(node.networkInterfaces) ?? []) as { associatePublicIpAddress?: unknown }[];
      const asks = interfaces.some((ni) => ni.associatePublicIpAddress === true);
      const inPublicSubnet = node.networkInterfaces === undefined && instanceSubnets(node).some((s) => stack.resolve(s.mapPublicIpOnLaunch) === true);
      return asks || inPublicSubnet ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
    }
    if (node instanceof CfnLaunchTemplate) {
      const data = stack.resolve(node.launchTemplateData) as { networkInterfaces?: { associatePublicIpAddress?: unknown }[] } | undefined;
      return (data?.networkInterfaces ?? []).some((ni) => ni.associatePublicIpAddress === true) ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
    }
    if (node instanceof CfnEIP) {
      return node.instanceId !== undefined ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
    }
    return NagRuleCompliance.NOT_APPLICABLE;
  },
  'name',
  { value: parse(__filename).name },
);
