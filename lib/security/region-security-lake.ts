import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as securitylake from 'aws-cdk-lib/aws-securitylake';
import { Construct } from 'constructs';
import { acknowledgeAll } from '../compliance/acknowledge';
import { proveAllowed, proveRefused, via } from '../proofs';

/** AWS log sources the lake collects, in the order CloudFormation must create them (each waits for the one before). */
export const SECURITY_LAKE_SOURCES = ['CLOUD_TRAIL_MGMT', 'VPC_FLOW', 'SH_FINDINGS', 'ROUTE53', 'WAF'] as const;

/**
 * The meta store manager role Security Lake's partition updater assumes: the name and path AWS's own setup uses, the
 * only ones the AWS managed AmazonSecurityLakeAdministrator policy may pass. IAM names are global: one per account.
 */
export const META_STORE_MANAGER_ROLE = { path: '/service-role/', name: 'AmazonSecurityLakeMetaStoreManagerV2' } as const;

/** Lake Formation's service-linked role, which reads the lake's objects for query-access subscribers. */
const LAKE_FORMATION_DATA_ACCESS = 'lakeformation.amazonaws.com/AWSServiceRoleForLakeFormationDataAccess';

/** Properties of {@link RegionSecurityLake}. */
export interface RegionSecurityLakeProps {
  readonly logsKey: kms.Key;
  /** Days to the infrequent-access storage class, and to deletion. */
  readonly transitionDays: number;
  readonly expirationDays: number;
  /** The security team's SIEM: its account and the external id it presents. */
  readonly subscriber: { readonly accountId: string; readonly externalId: string };
  /**
   * Create the account's meta store manager role here (in one region of the account: the first with a lake); other
   * regions use it by name and deploy after that region.
   */
  readonly createMetaStoreManagerRole: boolean;
}

/**
 * Amazon Security Lake for the region: encrypted with the logs key (which lets the meta store manager, Lake
 * Formation and the subscriber read the lake's objects through S3, and Security Lake grant itself use of it),
 * lifecycle from configuration, no replication, the region's CloudTrail, VPC flow, Security Hub, Route 53 resolver
 * and WAF logs, and the SIEM as a Lake Formation (query-access) subscriber.
 */
export class RegionSecurityLake extends Construct {
  public readonly dataLake: securitylake.CfnDataLake;
  public readonly sources: securitylake.CfnAwsLogSource[];
  public readonly subscriber: securitylake.CfnSubscriber;
  /** The account's meta store manager role (ARN), created here or by the account's first lake region. */
  public readonly metaStoreManagerRoleArn: string;

  constructor(scope: Construct, id: string, props: RegionSecurityLakeProps) {
    super(scope, id);
    if (props.transitionDays >= props.expirationDays) {
      throw new Error(
        `RegionSecurityLake ${this.node.path}: transitionDays (${props.transitionDays}) must be fewer than expirationDays (${props.expirationDays})`,
      );
    }
    const stack = Stack.of(this);
    this.metaStoreManagerRoleArn = stack.formatArn({
      service: 'iam',
      region: '',
      resource: 'role',
      resourceName: `${META_STORE_MANAGER_ROLE.path.slice(1)}${META_STORE_MANAGER_ROLE.name}`,
    });
    const managerRole = props.createMetaStoreManagerRole ? this.createMetaStoreManagerRole() : undefined;
    this.grantKeyUse(props);
    this.dataLake = new securitylake.CfnDataLake(this, 'DataLake', {
      encryptionConfiguration: { kmsKeyId: props.logsKey.keyArn },
      lifecycleConfiguration: {
        transitions: [{ days: props.transitionDays, storageClass: 'STANDARD_IA' }],
        expiration: { days: props.expirationDays },
      },
      metaStoreManagerRoleArn: this.metaStoreManagerRoleArn,
    });
    // The lake refers to the role by name only: it must exist first. (The key, with its policy, is referenced directly.)
    if (managerRole) this.dataLake.node.addDependency(managerRole);
    let previous: securitylake.CfnAwsLogSource | undefined;
    this.sources = SECURITY_LAKE_SOURCES.map((sourceName) => {
      const source = new securitylake.CfnAwsLogSource(this, `Source-${sourceName}`, {
        dataLakeArn: this.dataLake.attrArn,
        sourceName,
        sourceVersion: '2.0',
        accounts: [stack.account],
      });
      // Security Lake accepts one source change at a time (the first waits for the lake through its ARN).
      if (previous) source.addResourceDependency(previous);
      previous = source;
      return source;
    });
    this.subscriber = new securitylake.CfnSubscriber(this, 'SiemSubscriber', {
      dataLakeArn: this.dataLake.attrArn,
      subscriberName: 'halo-siem',
      subscriberDescription: 'Security team SIEM',
      accessTypes: ['LAKEFORMATION'],
      subscriberIdentity: { principal: props.subscriber.accountId, externalId: props.subscriber.externalId },
      sources: SECURITY_LAKE_SOURCES.map((sourceName) => ({ awsLogSource: { sourceName, sourceVersion: '2.0' } })),
    });
    this.subscriber.addResourceDependency(previous!);
    this.proveLakeAccess(props);
  }

  private createMetaStoreManagerRole(): iam.Role {
    const role = new iam.Role(this, 'MetaStoreManagerRole', {
      roleName: META_STORE_MANAGER_ROLE.name,
      path: META_STORE_MANAGER_ROLE.path,
      description: "Security Lake: updates the Glue partitions of the account's lakes (one role for every region)",
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonSecurityLakeMetastoreManager')],
    });
    acknowledgeAll(role, ['AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonSecurityLakeMetastoreManager]'], {
      reason: 'Security Lake requires its meta store manager role to carry the AWS-maintained AmazonSecurityLakeMetastoreManager policy.',
      compensatingControl:
        "The policy is limited to Security Lake's own Glue tables, SQS queues and buckets; only Lambda can assume the role; key use is granted per key, through S3 and SQS only.",
    });
    return role;
  }

  /** The lake's objects are encrypted with the logs key: who reads them, only through S3 (or SQS), and only the lake's objects. */
  private grantKeyUse(props: RegionSecurityLakeProps): void {
    const { account, region } = Stack.of(this);
    const lakeObjects = { 'kms:EncryptionContext:aws:s3:arn': `arn:aws:s3:::aws-security-data-lake-${region}-*` };
    const principalIs = (arn: string) => new iam.AnyPrincipal().withConditions({ StringEquals: { 'aws:PrincipalArn': arn, 'aws:PrincipalAccount': account } });
    // Named through aws:PrincipalArn: KMS refuses a key policy naming a role that does not exist yet (the role may
    // be created by another region's stack, and Lake Formation's service-linked role on first use).
    props.logsKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'SecurityLakeMetaStoreManager',
        principals: [principalIs(this.metaStoreManagerRoleArn)],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'],
        resources: ['*'],
        conditions: { StringEquals: { 'kms:ViaService': [via(this, 's3'), via(this, 'sqs')] } },
      }),
    );
    props.logsKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'LakeFormationReadsLake',
        principals: [principalIs(`arn:aws:iam::${account}:role/aws-service-role/${LAKE_FORMATION_DATA_ACCESS}`)],
        actions: ['kms:Decrypt'],
        resources: ['*'],
        conditions: { StringEquals: { 'kms:ViaService': via(this, 's3') }, StringLike: lakeObjects },
      }),
    );
    props.logsKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'SiemSubscriberReadsLake',
        principals: [new iam.AccountPrincipal(props.subscriber.accountId)],
        actions: ['kms:Decrypt'],
        resources: ['*'],
        conditions: { StringEquals: { 'kms:ViaService': via(this, 's3') }, StringLike: lakeObjects },
      }),
    );
  }

  private proveLakeAccess(props: RegionSecurityLakeProps): void {
    const { account, region } = Stack.of(this);
    const key = props.logsKey.keyArn;
    const lakeBucket = `arn:aws:s3:::aws-security-data-lake-${region}-0123456789abcdef0123456789abcd`;
    const viaS3 = { 'kms:ViaService': via(this, 's3'), 'kms:EncryptionContext:aws:s3:arn': lakeBucket };
    const why = 'Security Lake stores the normalized logs encrypted with the logs key; readers that cannot decrypt see an empty lake.';
    const deployer = {
      roleArn: `arn:aws:iam::${account}:role/cdk-hnb659fds-cfn-exec-role-${account}-${region}`,
      description: "CDK's CloudFormation execution role",
      managedPolicies: ['AdministratorAccess'],
    };
    proveAllowed(this, {
      id: 'SecurityLakeGrantsItselfKeyUse',
      actor: deployer,
      action: 'kms:CreateGrant',
      resource: key,
      context: { 'kms:ViaService': via(this, 'securitylake'), 'kms:GrantIsForAWSResource': 'true', 'kms:EncryptionContext:aws:s3:arn': lakeBucket },
      why: 'CreateDataLake makes Security Lake create a grant on the key for writing and reading the lake, as the caller.',
    });
    const manager = {
      roleArn: this.metaStoreManagerRoleArn,
      description: 'Security Lake meta store manager role',
      managedPolicies: ['service-role/AmazonSecurityLakeMetastoreManager'],
    };
    proveAllowed(this, { id: 'MetaStoreManagerReadsLake', actor: manager, action: 'kms:Decrypt', resource: key, context: viaS3, why });
    proveAllowed(this, {
      id: 'LakeFormationReadsLake',
      actor: { serviceLinkedRole: LAKE_FORMATION_DATA_ACCESS, account },
      action: 'kms:Decrypt',
      resource: key,
      context: viaS3,
      why,
    });
    const siem = { externalPrincipalArn: `arn:aws:iam::${props.subscriber.accountId}:root`, description: 'SIEM subscriber account' };
    proveAllowed(this, { id: 'SubscriberReadsLake', actor: siem, action: 'kms:Decrypt', resource: key, context: viaS3, why });
    const readOnly = "The subscriber may decrypt the lake's objects through S3 and nothing else the logs key protects.";
    proveRefused(this, {
      id: 'SubscriberCannotDecryptDirectly',
      actor: siem,
      action: 'kms:Decrypt',
      resource: key,
      context: { 'kms:EncryptionContext:aws:s3:arn': lakeBucket },
      absent: ['kms:ViaService'],
      why: readOnly,
    });
    proveRefused(this, {
      id: 'SubscriberCannotReadOtherLogs',
      actor: siem,
      action: 'kms:Decrypt',
      resource: key,
      context: { 'kms:ViaService': via(this, 's3'), 'kms:EncryptionContext:aws:s3:arn': `arn:aws:s3:::halo-${account}-${region}-trail` },
      why: readOnly,
    });
    proveRefused(this, { id: 'SubscriberCannotEncrypt', actor: siem, action: 'kms:GenerateDataKey', resource: key, context: viaS3, why: readOnly });
  }
}
