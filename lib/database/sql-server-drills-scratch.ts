import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { acknowledgeAll } from '../compliance/acknowledge';
import { bucketObjectsWildcardRule } from '../compliance/standard-acknowledgements';
import { RESTORE_DRILL_TAG } from '../config/names';
import { managedInstanceRole } from '../security/managed-instance-role';
import { via } from '../proofs';
import type { SqlServerDrillsProps } from './sql-server-drills';

/** What the scratch instance is launched from. */
export interface ScratchInstance {
  /** Its role: reads the cell's backups, nothing more. */
  readonly role: iam.Role;
  readonly group: ec2.SecurityGroup;
  readonly launchTemplate: ec2.CfnLaunchTemplate;
}

/** The ARN of a public SSM parameter (AWS's, so without an account), e.g. the SQL Server image's. */
function amiParameterArn(stack: Stack, parameter: string): string {
  return `arn:${stack.partition}:ssm:${stack.region}::parameter${parameter}`;
}

/** Read-only access to the cell's full and log backups and their key, for the scratch instance's role. */
function scratchReadsBackups(scope: Construct, props: SqlServerDrillsProps): iam.ManagedPolicy {
  const f = props.facts;
  const read = new iam.ManagedPolicy(scope, 'ScratchReadsBackups', {
    description: `Read the native backups of cell ${f.cellId} for the restore drill`,
    statements: [
      new iam.PolicyStatement({
        actions: ['s3:GetObject', 's3:ListBucket', 's3:GetBucketLocation'],
        resources: [
          props.backupBucket.bucketArn,
          props.backupBucket.arnForObjects(`${f.prefixes.full}*`),
          props.backupBucket.arnForObjects(`${f.prefixes.log}*`),
        ],
      }),
      new iam.PolicyStatement({
        actions: ['kms:Decrypt'],
        resources: [props.dataKey.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': via(scope, 's3') } },
      }),
    ],
  });
  acknowledgeAll(
    read,
    [f.prefixes.full, f.prefixes.log].map((prefix) => bucketObjectsWildcardRule(props.backupBucket, `${prefix}*`)),
    {
      reason: 'Backup files are named by database and timestamp when they are taken; the drill reads whichever chain it restores.',
      compensatingControl:
        "Read only, of one cell's full and log backups; the scratch role cannot write or delete (proven), and the instance lives for one drill.",
    },
  );
  return read;
}

/**
 * The restore drill's scratch instance, created in `scope` (the drills): a role that reads the cell's backups, HTTPS
 * out only (the endpoints and the S3 gateway of a data subnet), and a launch template of the cell's SQL Server image
 * with an encrypted disk that goes with the instance.
 */
export function scratchInstance(scope: Construct, props: SqlServerDrillsProps): ScratchInstance {
  const f = props.facts;
  const read = scratchReadsBackups(scope, props);
  const role = managedInstanceRole(scope, 'ScratchRole', `Restore drill scratch instance of cell ${f.cellId}`, [read], props.sessionKey);
  const profile = new iam.CfnInstanceProfile(scope, 'ScratchProfile', { roles: [role.roleName] });
  const group = new ec2.SecurityGroup(scope, 'ScratchGroup', {
    vpc: props.vpc,
    description: `Restore drill scratch instance of cell ${f.cellId}: HTTPS out only`,
    allowAllOutbound: false,
  });
  group.addEgressRule(ec2.Peer.ipv4(props.vpcCidr), ec2.Port.tcp(443), 'Interface endpoints');
  // Data subnets have no internet route: 443 out reaches only the S3 gateway endpoint.
  group.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'S3 through the gateway endpoint');
  group.addEgressRule(ec2.Peer.ipv4(props.vpcCidr), ec2.Port.udp(53), 'DNS in the VPC');
  const launchTemplate = new ec2.CfnLaunchTemplate(scope, 'ScratchTemplate', {
    launchTemplateData: {
      imageId: `resolve:ssm:${props.amiParameter}`,
      instanceType: props.scratchInstanceType,
      iamInstanceProfile: { arn: profile.attrArn },
      securityGroupIds: [group.securityGroupId],
      metadataOptions: { httpTokens: 'required', httpEndpoint: 'enabled', httpPutResponseHopLimit: 1 },
      monitoring: { enabled: true },
      ebsOptimized: true,
      instanceInitiatedShutdownBehavior: 'terminate',
      blockDeviceMappings: [
        {
          deviceName: '/dev/sda1',
          ebs: { volumeType: 'gp3', volumeSize: props.scratchDiskGiB, encrypted: true, kmsKeyId: props.dataKey.keyArn, deleteOnTermination: true },
        },
      ],
    },
  });
  return { role, group, launchTemplate };
}

/**
 * What the drills' role needs to launch the scratch instance (tagged as the drill's), run the restore step on it and
 * terminate it; only instances carrying the drill tag can be commanded or terminated.
 */
export function scratchStatements(scope: Construct, props: SqlServerDrillsProps, scratch: ScratchInstance, step: ssm.CfnDocument): iam.PolicyStatement[] {
  const f = props.facts;
  const stack = Stack.of(scope);
  const scratchInstances = stack.formatArn({ service: 'ec2', resource: 'instance', resourceName: '*' });
  const tagged = { StringEquals: { [`aws:ResourceTag/${RESTORE_DRILL_TAG}`]: f.cellId } };
  return [
    new iam.PolicyStatement({
      actions: ['ec2:RunInstances'],
      resources: [
        stack.formatArn({ service: 'ec2', resource: 'launch-template', resourceName: scratch.launchTemplate.ref }),
        stack.formatArn({ service: 'ec2', resource: 'subnet', resourceName: props.scratchSubnet.subnetId }),
        stack.formatArn({ service: 'ec2', resource: 'security-group', resourceName: scratch.group.securityGroupId }),
        stack.formatArn({ service: 'ec2', resource: 'network-interface', resourceName: '*' }),
        stack.formatArn({ service: 'ec2', resource: 'volume', resourceName: '*' }),
        `arn:${stack.partition}:ec2:${stack.region}::image/*`,
      ],
    }),
    new iam.PolicyStatement({
      actions: ['ec2:RunInstances', 'ec2:CreateTags'],
      resources: [scratchInstances],
      conditions: { StringEquals: { [`aws:RequestTag/${RESTORE_DRILL_TAG}`]: f.cellId } },
    }),
    new iam.PolicyStatement({ actions: ['ec2:TerminateInstances'], resources: [scratchInstances], conditions: tagged }),
    new iam.PolicyStatement({
      actions: ['ssm:SendCommand'],
      resources: [scratchInstances],
      conditions: { StringEquals: { [`ssm:resourceTag/${RESTORE_DRILL_TAG}`]: f.cellId } },
    }),
    new iam.PolicyStatement({ actions: ['ssm:SendCommand'], resources: [stack.formatArn({ service: 'ssm', resource: 'document', resourceName: step.ref })] }),
    new iam.PolicyStatement({
      actions: ['iam:PassRole'],
      resources: [scratch.role.roleArn],
      conditions: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } },
    }),
    // EC2 resolves the launch template's resolve:ssm: image with the caller's permissions.
    new iam.PolicyStatement({ actions: ['ssm:GetParameters', 'ssm:GetParameter'], resources: [amiParameterArn(stack, props.amiParameter)] }),
    new iam.PolicyStatement({
      actions: ['kms:CreateGrant'],
      resources: [props.dataKey.keyArn],
      conditions: { Bool: { 'kms:GrantIsForAWSResource': 'true' }, StringEquals: { 'kms:ViaService': via(scope, 'ec2') } },
    }),
    new iam.PolicyStatement({
      actions: ['kms:GenerateDataKeyWithoutPlaintext', 'kms:Decrypt', 'kms:DescribeKey'],
      resources: [props.dataKey.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': via(scope, 'ec2') } },
    }),
  ];
}
