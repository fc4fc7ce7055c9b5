import { parse } from 'path';
import { CfnResource, Stack } from 'aws-cdk-lib';
import { CfnSecurityGroup, CfnSecurityGroupIngress } from 'aws-cdk-lib/aws-ec2';
import { CfnLoadBalancer } from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { NagRuleCompliance } from 'cdk-nag';

/** Ports the internet may reach, and only on a load balancer: HTTPS, and HTTP for the redirect. */
export const PUBLIC_LOAD_BALANCER_PORTS: readonly number[] = [443, 80];

interface IngressRule {
  cidrIp?: unknown;
  cidrIpv6?: unknown;
  ipProtocol?: unknown;
  fromPort?: unknown;
  toPort?: unknown;
}

/**
 * No security group admits 0.0.0.0/0 or ::/0 except a load balancer's group on TCP 443 or 80: what still holds where AwsSolutions-EC23 (EC2RestrictedInbound, no open ingress at all) is acknowledged on a load balancer, and stricter than EC2RestrictedCommonPorts and EC2RestrictedSSH, which check six ports and port 22.
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleCompliance => {
    const stack = Stack.of(node);
    let rules: IngressRule[];
    let group: unknown;
    if (node instanceof CfnSecurityGroup) {
      rules = (stack.resolve(node.securityGroupIngress) ?? []) as IngressRule[];
      group = stack.resolve(node.logicalId);
    } else if (node instanceof CfnSecurityGroupIngress) {
      rules = [stack.resolve({ cidrIp: node.cidrIp, cidrIpv6: node.cidrIpv6, ipProtocol: node.ipProtocol, fromPort: node.fromPort, toPort: node.toPort })];
      group = groupLogicalId(stack.resolve(node.groupId));
    } else {
      return NagRuleCompliance.NOT_APPLICABLE;
    }
    const open = rules.filter((r) => r.cidrIp === '0.0.0.0/0' || r.cidrIpv6 === '::/0');
    if (open.length === 0) return NagRuleCompliance.COMPLIANT;
    const webPortsOnly = open.every((r) => r.ipProtocol === 'tcp' && r.fromPort === r.toPort && PUBLIC_LOAD_BALANCER_PORTS.includes(Number(r.fromPort)));
    const onLoadBalancer = typeof group === 'string' && loadBalancerGroups(stack).has(group);
    return webPortsOnly && onLoadBalancer ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
  'name',
  { value: parse(__filename).name },
);

/** Logical ids of the stack's security groups that an ELBv2 load balancer uses. */
function loadBalancerGroups(stack: Stack): Set<string> {
  const groups = new Set<string>();
  for (const child of stack.node.findAll()) {
    if (child instanceof CfnLoadBalancer) {
      for (const sg of (stack.resolve(child.securityGroups) ?? []) as unknown[]) {
        const id = groupLogicalId(sg);
        if (id) groups.add(id);
      }
    }
  }
  return groups;
}

function groupLogicalId(ref: unknown): string | undefined {
  const getAtt = (ref as { 'Fn::GetAtt'?: [string, string] } | undefined)?.['Fn::GetAtt'];
  return getAtt?.[1] === 'GroupId' ? getAtt[0] : undefined;
}
