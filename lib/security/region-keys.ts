import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/** Properties of {@link RegionKeys}. */
export interface RegionKeysProps {
  /**
   * Prefix of the key aliases, e.g. `alias/halo/london` gives `alias/halo/london/data`.
   */
  readonly aliasPrefix: string;

  /**
   * Days a scheduled key deletion waits, so a mistaken deletion can be cancelled.
   * @default Duration.days(30)
   */
  readonly pendingWindow?: Duration;
}

/** Which AWS services may use a key, and how. */
interface KeyPurpose {
  readonly description: string;
  /** Services that call KMS on behalf of principals of this account (`kms:ViaService`). */
  readonly viaServices: readonly string[];
  /** Service principals that call KMS themselves, with the encryption context they must present. */
  readonly servicePrincipals: readonly { principal: string; conditions: Record<string, Record<string, string>> }[];
}

const USE_ACTIONS = ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'];

// Key administration for the account; use of key material is granted per service below,
// and account principals still need IAM permission (the account root is trusted, not everyone).
const ADMIN_ACTIONS = [
  'kms:Create*', 'kms:Describe*', 'kms:Enable*', 'kms:List*', 'kms:Put*', 'kms:Update*', 'kms:Revoke*',
  'kms:Disable*', 'kms:Get*', 'kms:Delete*', 'kms:TagResource', 'kms:UntagResource',
  'kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion', 'kms:RotateKeyOnDemand',
];

/**
 * The region's customer-managed KMS keys: `data` (EBS, FSx, Secrets Manager, S3 backup buckets),
 * `backup` (AWS Backup vaults) and `logs` (CloudWatch Logs). Rotation on, retained on deletion,
 * and each key policy lets only the services that use it encrypt and decrypt.
 */
export class RegionKeys extends Construct {
  /** Encrypts databases, volumes, file systems, secrets and backup buckets. */
  public readonly data: kms.Key;
  /** Encrypts AWS Backup vaults. */
  public readonly backup: kms.Key;
  /** Encrypts CloudWatch log groups (flow logs, audit logs). */
  public readonly logs: kms.Key;

  constructor(scope: Construct, id: string, props: RegionKeysProps) {
    super(scope, id);
    const { region, account, partition } = Stack.of(this);
    const via = (service: string) => `${service}.${region}.amazonaws.com`;
    this.data = this.createKey('DataKey', `${props.aliasPrefix}/data`, props, {
      description: 'Halo data at rest: SQL Server volumes, FSx witness, secrets, backup buckets',
      viaServices: [via('ec2'), via('fsx'), via('secretsmanager'), via('s3')],
      servicePrincipals: [],
    });
    this.backup = this.createKey('BackupKey', `${props.aliasPrefix}/backup`, props, {
      description: 'Halo AWS Backup vaults',
      viaServices: [via('backup')],
      servicePrincipals: [],
    });
    const fromThisAccount = { StringEquals: { 'aws:SourceAccount': account } };
    this.logs = this.createKey('LogsKey', `${props.aliasPrefix}/logs`, props, {
      description: 'Halo audit and security data: log groups, CloudTrail, AWS Config, alerts',
      // Readers of the trail and Config buckets decrypt through S3; the alert topic through SNS.
      viaServices: [via('s3'), via('sns')],
      servicePrincipals: [
        { principal: `logs.${region}.amazonaws.com`, conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${partition}:logs:${region}:${account}:log-group:*` } } },
        { principal: 'cloudtrail.amazonaws.com', conditions: { StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:${partition}:cloudtrail:*:${account}:trail/*` } } },
        // Alarms and EventBridge rules publish to the encrypted alert topic.
        { principal: 'cloudwatch.amazonaws.com', conditions: fromThisAccount },
        { principal: 'events.amazonaws.com', conditions: fromThisAccount },
      ],
    });
  }

  private createKey(id: string, alias: string, props: RegionKeysProps, purpose: KeyPurpose): kms.Key {
    const account = new iam.AccountRootPrincipal();
    const policy = new iam.PolicyDocument({
      statements: [
        new iam.PolicyStatement({ sid: 'KeyAdministration', principals: [account], actions: ADMIN_ACTIONS, resources: ['*'] }),
        // Administration includes kms:CreateGrant: no one may use it for anything but an AWS resource or an AWS service.
        new iam.PolicyStatement({
          sid: 'GrantsOnlyForAwsResources',
          effect: iam.Effect.DENY,
          principals: [new iam.AnyPrincipal()],
          actions: ['kms:CreateGrant'],
          resources: ['*'],
          conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
        }),
      ],
    });
    if (purpose.viaServices.length > 0) {
      policy.addStatements(
        new iam.PolicyStatement({
          sid: 'UseThroughServices',
          principals: [account],
          actions: USE_ACTIONS,
          resources: ['*'],
          conditions: {
            StringEquals: { 'kms:CallerAccount': Stack.of(this).account, 'kms:ViaService': [...purpose.viaServices] },
          },
        }),
        new iam.PolicyStatement({
          sid: 'GrantsForAwsResources',
          principals: [account],
          actions: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'],
          resources: ['*'],
          conditions: {
            StringEquals: { 'kms:CallerAccount': Stack.of(this).account, 'kms:ViaService': [...purpose.viaServices] },
            Bool: { 'kms:GrantIsForAWSResource': 'true' },
          },
        }),
      );
    }
    purpose.servicePrincipals.forEach((service, i) => policy.addStatements(new iam.PolicyStatement({
      sid: `ServiceUse${i}`,
      principals: [new iam.ServicePrincipal(service.principal)],
      actions: USE_ACTIONS,
      resources: ['*'],
      conditions: service.conditions,
    })));
    const key = new kms.Key(this, id, {
      description: purpose.description,
      alias,
      enableKeyRotation: true,
      policy,
      pendingWindow: props.pendingWindow ?? Duration.days(30),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    return key;
  }
}
