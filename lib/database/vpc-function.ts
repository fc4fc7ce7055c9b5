import { join } from 'path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledge, acknowledgeAll } from '../compliance/acknowledge';
import { acknowledgeCrossStackReference } from '../compliance/standard-acknowledgements';
import { FUNCTION_NETWORK_ACTIONS } from '../network/function-network-actions';
import { proveLogsCanUseKey } from '../proofs';

/** A function's log group: encrypted with the logs key, kept a year, retained. */
export function encryptedLogGroup(scope: Construct, id: string, logsKey: kms.IKey): logs.LogGroup {
  const logGroup = new logs.LogGroup(scope, id, { encryptionKey: logsKey, retention: logs.RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN });
  acknowledgeCrossStackReference(
    logGroup,
    ['cloudwatch_log_group_encrypted_check'],
    "The log group's KMS key (the region's logs key)",
    "The packs' CloudWatchLogGroupEncrypted rules",
  );
  return logGroup;
}

/** Properties of {@link VpcFunction}. */
export interface VpcFunctionProps {
  readonly description: string;
  /** File in `runtime/` beside this module, exporting `handler`, e.g. `cell-directory-handler.js`. */
  readonly handlerFile: string;
  readonly vpc: ec2.IVpc;
  /** Subnets with a route to the AWS APIs (the app subnets). */
  readonly subnets: ec2.SubnetSelection;
  /** The VPC's CIDR (literal), for DNS inside the VPC. */
  readonly vpcCidr: string;
  /** Key of the function's log group (the region's logs key). */
  readonly logsKey: kms.IKey;
  /** What the function may do beyond logging and its network interfaces. */
  readonly statements: iam.PolicyStatement[];
  readonly timeout: Duration;
  /** Why a dead-letter queue would change nothing for this function's callers (it is called synchronously). */
  readonly withoutDeadLetterQueue: { readonly reason: string; readonly compensatingControl: string };
  readonly environment?: Record<string, string>;
  /**
   * The function's log group, where it must keep an earlier logical id (it is retained); it must use the logs key.
   * @default a new log group, encrypted with the logs key, kept a year
   */
  readonly logGroup?: logs.ILogGroup;
}

/**
 * A Node.js function of the cell in the VPC's app subnets: its own role and managed policy (so the function exists
 * only once its permissions do), an encrypted log group kept a year, HTTPS out only, two concurrent runs at most.
 */
export class VpcFunction extends Construct {
  public readonly function: lambda.Function;
  public readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: VpcFunctionProps) {
    super(scope, id);
    const logGroup = props.logGroup ?? encryptedLogGroup(this, 'Logs', props.logsKey);
    this.role = new iam.Role(this, 'Role', { description: props.description, assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    const policy = new iam.ManagedPolicy(this, 'Policy', {
      roles: [this.role],
      statements: [
        ...props.statements,
        new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }),
        // The function's network interfaces in the VPC: EC2 gives these calls no resource-level scope.
        new iam.PolicyStatement({ actions: [...FUNCTION_NETWORK_ACTIONS], resources: ['*'] }),
      ],
    });
    acknowledge(policy, 'AwsSolutions-IAM5[Resource::*]', {
      reason: 'The network-interface calls of a function in a VPC (and any listed action without resource types) have no resource-level scope in IAM.',
      compensatingControl:
        "Only ENI housekeeping and resource-less actions use *; every permission on the cell's resources is scoped to those resources, and the permission proofs pin them.",
    });
    const group = new ec2.SecurityGroup(this, 'Group', {
      vpc: props.vpc,
      description: `${props.description}: HTTPS to AWS APIs only`,
      allowAllOutbound: false,
    });
    group.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'AWS APIs');
    group.addEgressRule(ec2.Peer.ipv4(props.vpcCidr), ec2.Port.udp(53), 'DNS in the VPC');
    group.addEgressRule(ec2.Peer.ipv4(props.vpcCidr), ec2.Port.tcp(53), 'DNS in the VPC');
    this.function = new lambda.Function(this, 'Function', {
      description: props.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: `${props.handlerFile.replace(/\.js$/, '')}.handler`,
      code: lambda.Code.fromAsset(join(__dirname, 'runtime'), { exclude: ['*', `!${props.handlerFile}`] }),
      timeout: props.timeout,
      role: this.role,
      logGroup,
      vpc: props.vpc,
      vpcSubnets: props.subnets,
      securityGroups: [group],
      reservedConcurrentExecutions: 2,
      environment: props.environment,
    });
    this.function.node.addDependency(policy);
    acknowledgeCrossStackReference(
      this.function,
      ['lambda_inside_vpc_check'],
      "The function's subnets (the region VPC's app subnets)",
      "The packs' LambdaInsideVPC rules",
    );
    acknowledgeAll(
      this.function,
      ['HIPAA.Security', 'NIST.800.53.R5'].map((pack) => `${pack}-LambdaDLQ`),
      props.withoutDeadLetterQueue,
    );
    proveLogsCanUseKey(logGroup, props.logsKey);
  }
}
