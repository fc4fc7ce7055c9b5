import { join } from 'path';
import { CustomResource, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct, IDependable } from 'constructs';
import { acknowledge, acknowledgeAll } from '../compliance/acknowledge';
import { acknowledgeCrossStackReference } from '../compliance/standard-acknowledgements';
import { proveAllowed, proveLogsCanUseKey, proveRefused } from '../proofs';

/** Managed AD's group whose members administer the customer OU: computers (the cluster's name objects) and the FSx shares. */
export const FORMATION_GROUPS = ['AWS Delegated Administrators'] as const;

/** Properties of {@link DirectorySetupAccount}. */
export interface DirectorySetupAccountProps {
  readonly directoryId: string;
  /** The directory admin's secret: named only to prove nothing here can read it. */
  readonly adminSecret: secretsmanager.ISecret;
  /** sAMAccountName of the account, at most 20 characters, e.g. `prod-stable-setup`. */
  readonly userName: string;
  /** Key of the account's secret (the region's data key). */
  readonly secretKey: kms.IKey;
  /** Key of the function's log group (the region's logs key). */
  readonly logsKey: kms.IKey;
  readonly vpc: ec2.IVpc;
  /** Subnets with a route to the AWS APIs (the app subnets). */
  readonly subnets: ec2.SubnetSelection;
  /** The VPC's CIDR (literal), for DNS to the directory. */
  readonly vpcCidr: string;
}

/**
 * A cell's formation account in the region's Managed AD, so that no instance ever holds the directory admin: the
 * account's password lives in the cell's own secret; a function, through the IAM-authorized Directory Service APIs,
 * creates the account and puts it in the formation groups, and after formation ({@link revokeAfter}) takes it out
 * of them and disables it. Elevation lasts while the cluster forms, and only the cell's nodes can read the secret.
 */
export class DirectorySetupAccount extends Construct {
  /** `{ "username": ..., "password": ... }` of the account. */
  public readonly secret: secretsmanager.Secret;
  public readonly userName: string;
  /** Done once the account exists with its groups: formation waits for it. */
  public readonly granted: IDependable;
  private readonly provider: lambda.Function;
  private readonly props: DirectorySetupAccountProps;

  constructor(scope: Construct, id: string, props: DirectorySetupAccountProps) {
    super(scope, id);
    if (!/^[a-z][a-z0-9-]{1,19}$/.test(props.userName)) {
      throw new Error(`DirectorySetupAccount ${this.node.path}: userName "${props.userName}" must be 2 to 20 lower-case letters, digits or dashes (an sAMAccountName)`);
    }
    this.props = props;
    this.userName = props.userName;
    this.secret = new secretsmanager.Secret(this, 'Secret', {
      description: `Formation account ${props.userName} of the cell's SQL Server cluster`,
      encryptionKey: props.secretKey,
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ username: props.userName }),
        generateStringKey: 'password',
        passwordLength: 32,
        // Managed AD and PowerShell quoting both stay clear of these.
        excludeCharacters: '"\'`\\/@:;{}[]()<>|&^%$#!?~*=+,.',
      },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledgeAll(this.secret, ['AwsSolutions-SMG4', 'HIPAA.Security-SecretsManagerRotationEnabled', 'NIST.800.53.R5-SecretsManagerRotationEnabled'], {
      reason: 'The account is disabled and out of every group except while its cell\'s cluster forms; its password is set from this secret each time formation grants it.',
      compensatingControl: 'Only the cell\'s SQL nodes and the account function may read the secret (permission proofs); the account\'s elevation is revoked after formation; every read is in CloudTrail.',
    });
    this.provider = this.createProvider();
    this.granted = this.resource('Grant', 'grant', []);
  }

  /** Takes the account out of the formation groups and disables it once these (the formation steps) are done. */
  public revokeAfter(...steps: IDependable[]): CustomResource {
    return this.resource('Revoke', 'revoke', steps);
  }

  private resource(id: string, action: 'grant' | 'revoke', after: IDependable[]): CustomResource {
    const resource = new CustomResource(this, id, {
      serviceToken: this.provider.functionArn,
      resourceType: 'Custom::DirectorySetupAccount',
      properties: { Action: action, DirectoryId: this.props.directoryId, UserName: this.userName, SecretArn: this.secret.secretArn, Groups: [...FORMATION_GROUPS] },
    });
    after.forEach((step) => resource.node.addDependency(step));
    return resource;
  }

  private createProvider(): lambda.Function {
    const stack = Stack.of(this);
    const directoryArn = stack.formatArn({ service: 'ds', resource: 'directory', resourceName: this.props.directoryId });
    const logGroup = new logs.LogGroup(this, 'Logs', { encryptionKey: this.props.logsKey, retention: logs.RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN });
    acknowledgeCrossStackReference(logGroup, ['cloudwatch_log_group_encrypted_check'], 'The log group\'s KMS key (the region\'s logs key)', 'The packs\' CloudWatchLogGroupEncrypted rules');
    const role = new iam.Role(this, 'Role', { description: `Manages the formation account ${this.userName}`, assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    const policy = new iam.ManagedPolicy(this, 'Policy', {
      roles: [role],
      statements: [
        new iam.PolicyStatement({
          actions: ['ds:ResetUserPassword', 'ds:EnableDirectoryDataAccess', 'ds:DescribeDirectoryDataAccess', 'ds-data:CreateUser', 'ds-data:DescribeUser', 'ds-data:DeleteUser',
            'ds-data:DisableUser', 'ds-data:AddGroupMember', 'ds-data:RemoveGroupMember'],
          resources: [directoryArn],
        }),
        new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [this.secret.secretArn] }),
        new iam.PolicyStatement({ actions: ['kms:Decrypt'], resources: [this.props.secretKey.keyArn], conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${stack.region}.amazonaws.com` } } }),
        new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }),
        // The function's network interfaces in the VPC: EC2 gives these calls no resource-level scope.
        new iam.PolicyStatement({ actions: ['ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DeleteNetworkInterface', 'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses'], resources: ['*'] }),
      ],
    });
    acknowledge(policy, 'AwsSolutions-IAM5[Resource::*]', {
      reason: 'The network-interface calls of a function in a VPC have no resource types in IAM.',
      compensatingControl: 'Only ENI housekeeping actions; directory, secret, key and log permissions are each scoped to one resource.',
    });
    const group = new ec2.SecurityGroup(this, 'Group', { vpc: this.props.vpc, description: 'Directory account function: HTTPS to AWS APIs only', allowAllOutbound: false });
    group.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'AWS APIs');
    group.addEgressRule(ec2.Peer.ipv4(this.props.vpcCidr), ec2.Port.udp(53), 'DNS to the directory');
    group.addEgressRule(ec2.Peer.ipv4(this.props.vpcCidr), ec2.Port.tcp(53), 'DNS to the directory');
    const fn = new lambda.Function(this, 'Function', {
      description: `Creates, elevates for formation, and then disables the directory account ${this.userName}`,
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'directory-account-handler.handler',
      code: lambda.Code.fromAsset(join(__dirname, 'runtime'), { exclude: ['*', '!directory-account-handler.js'] }),
      timeout: Duration.minutes(15),
      role,
      logGroup,
      vpc: this.props.vpc,
      vpcSubnets: this.props.subnets,
      securityGroups: [group],
      reservedConcurrentExecutions: 2,
    });
    fn.node.addDependency(policy);
    acknowledgeCrossStackReference(fn, ['lambda_inside_vpc_check'], 'The function\'s subnets (the region VPC\'s app subnets)', 'The packs\' LambdaInsideVPC rules');
    acknowledgeAll(fn, ['HIPAA.Security', 'NIST.800.53.R5'].map((pack) => `${pack}-LambdaDLQ`), {
      reason: 'CloudFormation invokes the function synchronously for its custom resources and waits for the answer; a failure fails the deployment step, which a dead-letter queue would not change.',
      compensatingControl: 'Failures reach CloudFormation with the call and reason, roll the stack back, and are logged to the encrypted log group.',
    });
    this.proveAccess(role, logGroup);
    return fn;
  }

  private proveAccess(role: iam.IRole, logGroup: logs.ILogGroup): void {
    const actor = { roleArn: role.roleArn, description: 'directory account function role' };
    const directory = Stack.of(this).formatArn({ service: 'ds', resource: 'directory', resourceName: this.props.directoryId });
    const why = 'Formation needs its account to exist, hold the password of the cell\'s secret and sit in the formation groups before the cluster forms.';
    proveAllowed(this, { id: 'FunctionReadsAccountSecret', actor, action: 'secretsmanager:GetSecretValue', resource: this.secret.secretArn, why });
    proveAllowed(this, {
      id: 'FunctionDecryptsAccountSecret', actor, action: 'kms:Decrypt', resource: this.props.secretKey.keyArn,
      context: { 'kms:ViaService': `secretsmanager.${Stack.of(this).region}.amazonaws.com`, 'kms:EncryptionContext:SecretARN': this.secret.secretArn }, why,
    });
    proveAllowed(this, { id: 'FunctionSetsAccountPassword', actor, action: 'ds:ResetUserPassword', resource: directory, resourceOutsideTemplates: true, why });
    proveAllowed(this, { id: 'FunctionCreatesAccount', actor, action: 'ds-data:CreateUser', resource: directory, resourceOutsideTemplates: true, why });
    proveAllowed(this, { id: 'FunctionAddsAccountToGroups', actor, action: 'ds-data:AddGroupMember', resource: directory, resourceOutsideTemplates: true, why });
    proveAllowed(this, { id: 'FunctionDisablesAccount', actor, action: 'ds-data:DisableUser', resource: directory, resourceOutsideTemplates: true, why });
    proveRefused(this, {
      id: 'FunctionCannotReadDirectoryAdmin', actor, action: 'secretsmanager:GetSecretValue', resource: this.props.adminSecret.secretArn,
      why: 'The account function works through IAM-authorized APIs and never needs the directory admin\'s password.',
    });
    proveLogsCanUseKey(logGroup, this.props.logsKey);
  }
}
