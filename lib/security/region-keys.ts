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
  /** Further statements: service principals, service-linked roles, direct use. */
  readonly statements: readonly iam.PolicyStatement[];
}

const USE_ACTIONS = ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'];

// Key administration for the account; use of key material is granted per service below,
// and account principals still need IAM permission (the account root is trusted, not everyone).
const ADMIN_ACTIONS = [
  'kms:Create*',
  'kms:Describe*',
  'kms:Enable*',
  'kms:List*',
  'kms:Put*',
  'kms:Update*',
  'kms:Revoke*',
  'kms:Disable*',
  'kms:Get*',
  'kms:Delete*',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
  'kms:RotateKeyOnDemand',
];

/** The Auto Scaling service-linked role, which launches the fleets' instances with encrypted volumes. */
export const AUTO_SCALING_SERVICE_LINKED_ROLE = 'aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling';

/**
 * The region's customer-managed KMS keys: `data` (EBS, FSx, Secrets Manager, S3 data buckets), `backup`
 * (AWS Backup vaults), `logs` (CloudWatch Logs, CloudTrail, AWS Config, the alert topic, Security Lake) and
 * `sessions` (Session Manager sessions). Rotation on, retained on deletion, and each key policy lets only the
 * services and roles that use it encrypt and decrypt, in the form each service documents.
 */
export class RegionKeys extends Construct {
  /** Encrypts databases, volumes, file systems, secrets and backup buckets. */
  public readonly data: kms.Key;
  /** Encrypts AWS Backup vaults. */
  public readonly backup: kms.Key;
  /** Encrypts CloudWatch log groups, the trail, Config's bucket, the alert topic and the security lake. */
  public readonly logs: kms.Key;
  /** Encrypts Session Manager sessions: the SSM agent and the operators use it directly, as Session Manager requires. */
  public readonly sessions: kms.Key;

  constructor(scope: Construct, id: string, props: RegionKeysProps) {
    super(scope, id);
    const { region, account, partition } = Stack.of(this);
    const via = (service: string) => `${service}.${region}.amazonaws.com`;
    const service = (principal: string, sid: string, actions: string[], conditions?: Record<string, Record<string, unknown>>) =>
      new iam.PolicyStatement({ sid, principals: [new iam.ServicePrincipal(principal)], actions, resources: ['*'], conditions });
    // A service-linked role may not exist yet when the key is created (KMS refuses a policy naming a missing
    // principal): it is named by aws:PrincipalArn instead (AWS: "Required AWS KMS key policy for use with encrypted volumes").
    const autoScaling = new iam.AnyPrincipal().withConditions({
      StringEquals: { 'aws:PrincipalArn': `arn:${partition}:iam::${account}:role/${AUTO_SCALING_SERVICE_LINKED_ROLE}`, 'aws:PrincipalAccount': account },
    });
    this.data = this.createKey('DataKey', `${props.aliasPrefix}/data`, props, {
      description: 'Halo data at rest: SQL Server volumes, FSx witness, secrets, backup buckets',
      viaServices: [via('ec2'), via('fsx'), via('secretsmanager'), via('s3')],
      statements: [
        new iam.PolicyStatement({ sid: 'AutoScalingServiceLinkedRoleUse', principals: [autoScaling], actions: USE_ACTIONS, resources: ['*'] }),
        new iam.PolicyStatement({
          sid: 'AutoScalingServiceLinkedRoleGrants',
          principals: [autoScaling],
          actions: ['kms:CreateGrant'],
          resources: ['*'],
          conditions: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
        }),
        // AWS Backup looks up the key of each volume it snapshots.
        new iam.PolicyStatement({
          sid: 'DescribeThroughBackup',
          principals: [new iam.AccountRootPrincipal()],
          actions: ['kms:DescribeKey'],
          resources: ['*'],
          conditions: { StringEquals: { 'kms:CallerAccount': account, 'kms:ViaService': via('backup') } },
        }),
      ],
    });
    this.backup = this.createKey('BackupKey', `${props.aliasPrefix}/backup`, props, {
      description: 'Halo AWS Backup vaults',
      // EC2 recovery points copied into the vault are re-encrypted through EC2 in this region.
      viaServices: [via('backup'), via('ec2')],
      statements: [],
    });
    const fromThisAccount = { 'aws:SourceAccount': account };
    const trails = { 'aws:SourceArn': `arn:${partition}:cloudtrail:${region}:${account}:trail/*` };
    this.logs = this.createKey('LogsKey', `${props.aliasPrefix}/logs`, props, {
      description: 'Halo audit and security data: log groups, CloudTrail, AWS Config, alerts, Security Lake',
      // Readers of the trail, Config and lake buckets decrypt through S3; the alert topic through SNS.
      viaServices: [via('s3'), via('sns'), via('securitylake')],
      statements: [
        service(`logs.${region}.amazonaws.com`, 'CloudWatchLogs', USE_ACTIONS, {
          ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${partition}:logs:${region}:${account}:log-group:*` },
        }),
        // CloudTrail (AWS: "Configure AWS KMS key policies for CloudTrail"): DescribeKey carries no encryption context.
        service('cloudtrail.amazonaws.com', 'CloudTrailEncryptsLogs', ['kms:GenerateDataKey*'], {
          StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:${partition}:cloudtrail:${region}:${account}:trail/*` },
          ArnLike: trails,
          StringEquals: fromThisAccount,
        }),
        service('cloudtrail.amazonaws.com', 'CloudTrailDescribesKey', ['kms:DescribeKey'], { ArnLike: trails, StringEquals: fromThisAccount }),
        // Alarms publish to the encrypted alert topic; EventBridge's grant is added with its topic target.
        service('cloudwatch.amazonaws.com', 'CloudWatchAlarmsPublish', ['kms:GenerateDataKey*', 'kms:Decrypt'], {
          StringEquals: fromThisAccount,
          ArnLike: { 'aws:SourceArn': `arn:${partition}:cloudwatch:${region}:${account}:alarm:*` },
        }),
      ],
    });
    this.sessions = this.createKey('SessionsKey', `${props.aliasPrefix}/sessions`, props, {
      description: 'Halo Session Manager sessions: the SSM agent decrypts, the operator starting a session generates the data key',
      viaServices: [],
      statements: [
        // Session Manager's data keys are requested by the operator and decrypted by the agent themselves, not through a service.
        new iam.PolicyStatement({
          sid: 'SessionManagerDirectUse',
          principals: [new iam.AccountRootPrincipal()],
          actions: ['kms:GenerateDataKey', 'kms:Decrypt', 'kms:DescribeKey'],
          resources: ['*'],
          conditions: { StringEquals: { 'kms:CallerAccount': account } },
        }),
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
    policy.addStatements(...purpose.statements);
    return new kms.Key(this, id, {
      description: purpose.description,
      alias,
      enableKeyRotation: true,
      policy,
      pendingWindow: props.pendingWindow ?? Duration.days(30),
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
