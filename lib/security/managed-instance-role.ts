import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { acknowledgeAll } from '../compliance/acknowledge';
import { proveAllowed } from '../proofs';

const AGENT_POLICIES = ['AmazonSSMManagedInstanceCore', 'CloudWatchAgentServerPolicy'];

/**
 * An EC2 instance role with Session Manager and the CloudWatch agent (AWS-maintained policies,
 * acknowledged once here), decryption of Session Manager sessions with the session key, plus the given
 * customer-managed policies, and nothing else.
 */
export function managedInstanceRole(scope: Construct, id: string, description: string, policies: iam.IManagedPolicy[], sessionKey: kms.IKey): iam.Role {
  // The SSM agent decrypts each session's data key itself (AWS: "Turn on KMS key encryption of session data").
  const sessions = new iam.ManagedPolicy(scope, `${id}Sessions`, {
    description: "Decrypt Session Manager sessions (encrypted with the region's sessions key)",
    statements: [new iam.PolicyStatement({ actions: ['kms:Decrypt'], resources: [sessionKey.keyArn] })],
  });
  const role = new iam.Role(scope, id, {
    description,
    assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
    managedPolicies: [...AGENT_POLICIES.map((name) => iam.ManagedPolicy.fromAwsManagedPolicyName(name)), sessions, ...policies],
  });
  acknowledgeAll(
    role,
    AGENT_POLICIES.map((name) => `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${name}]`),
    {
      reason: 'Session Manager and the CloudWatch agent need the AWS-maintained policies, which AWS updates as the agents change.',
      compensatingControl:
        'The policies grant only agent actions (ssm, ssmmessages, ec2messages, cloudwatch:PutMetricData, logs); no SSH or RDP is open and every session is logged.',
    },
  );
  proveAllowed(role, {
    id: 'AgentDecryptsSessions',
    actor: { roleArn: role.roleArn, description },
    action: 'kms:Decrypt',
    resource: sessionKey.keyArn,
    absent: ['kms:ViaService'],
    why: 'The SSM agent decrypts the data key of each Session Manager session; without it no operator session reaches the instance.',
  });
  return role;
}
