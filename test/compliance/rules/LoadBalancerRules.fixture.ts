import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { ruleStack } from '../fixtures';

/** An ALB and a raw listener factory, for the listener and web-ACL rules. */
export function albFixture(internetFacing = true) {
  const stack = ruleStack();
  const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: ['eu-west-2a', 'eu-west-2b'], natGateways: 0 });
  const alb = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing });
  const listener = (id: string, props: Partial<elbv2.CfnListenerProps>) =>
    new elbv2.CfnListener(stack, id, {
      loadBalancerArn: alb.loadBalancerArn,
      defaultActions: [{ type: 'fixed-response', fixedResponseConfig: { statusCode: '404' } }],
      ...props,
    });
  return { stack, alb, listener, cfnAlb: alb.node.defaultChild as elbv2.CfnLoadBalancer };
}
