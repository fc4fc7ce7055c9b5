import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { acknowledgeAll } from '../compliance/acknowledge';

const AGENT_POLICIES = ['AmazonSSMManagedInstanceCore', 'CloudWatchAgentServerPolicy'];

/**
 * An EC2 instance role with Session Manager and the CloudWatch agent (AWS-maintained policies,
 * acknowledged once here) plus the given customer-managed policies, and nothing else.
 */
export function managedInstanceRole(scope: Construct, id: string, description: string, policies: iam.IManagedPolicy[]): iam.Role {
  const role = new iam.Role(scope, id, {
    description,
    assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
    managedPolicies: [...AGENT_POLICIES.map((name) => iam.ManagedPolicy.fromAwsManagedPolicyName(name)), ...policies],
  });
  acknowledgeAll(role, AGENT_POLICIES.map((name) => `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${name}]`), {
    reason: 'Session Manager and the CloudWatch agent need the AWS-maintained policies, which AWS updates as the agents change.',
    compensatingControl: 'The policies grant only agent actions (ssm, ssmmessages, ec2messages, cloudwatch:PutMetricData, logs); no SSH or RDP is open and every session is logged.',
  });
  return role;
}
