import * as accessanalyzer from 'aws-cdk-lib/aws-accessanalyzer';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { recordGap } from '../lib/compliance/gaps';
import type { RegionConfig, SecurityConfig } from '../lib/config';
import { WAF_LOG_GROUP_PREFIX } from '../lib/app/halo-web-acl';
import { AccessLogsBucket } from '../lib/security/access-logs-bucket';
import { AlertTopic } from '../lib/security/alert-topic';
import { AuditTrail } from '../lib/security/audit-trail';
import { ConfigRecorder } from '../lib/security/config-recorder';
import { RegionKeys } from '../lib/security/region-keys';
import { RegionSecurityLake } from '../lib/security/region-security-lake';
import { SessionManagerPreferences } from '../lib/security/session-manager-preferences';
import { ThreatDetection } from '../lib/security/threat-detection';
import { TimeBoundAccess } from '../lib/security/time-bound-access';
import { proveRefused } from '../lib/proofs';
import { HaloStack } from './halo-stack';

/** Properties of {@link SecurityStack}. */
export interface SecurityStackProps {
  readonly region: RegionConfig;
  /** The account-wide security settings: alert mailboxes, trail lock, Security Lake, SIEM, engineers' access. */
  readonly security: SecurityConfig;
  /**
   * This region creates the account's one Security Lake meta store manager role (IAM names are account-wide), which
   * the account's other lakes use: the account's first region with a lake.
   * @default false
   */
  readonly createMetaStoreManagerRole?: boolean;
  /** The instant access expiry is judged against. @default now */
  readonly now?: Date;
}

/** Global service events and global resource types are recorded once, in N. Virginia. */
const GLOBAL_EVENTS_REGION = 'us-east-1';

/**
 * The region's keys, audit trail, AWS Config, GuardDuty, Security Hub, Security Lake (where offered),
 * IAM Access Analyzer, Session Manager preferences, the time-bound engineer roles and the alert topic.
 */
export class SecurityStack extends HaloStack {
  public readonly keys: RegionKeys;
  /** Target of every bucket's S3 server access logs in the region, and of the load balancers' access logs. */
  public readonly accessLogsBucket: s3.IBucket;
  /** The region's alert topic (encrypted with the logs key): every alarm notifies it. */
  public readonly alertTopic: sns.ITopic;
  public readonly trail: AuditTrail;
  /** AWS Config's recorder, unless the organization runs AWS Config. */
  public readonly configRecorder?: ConfigRecorder;
  public readonly threatDetection: ThreatDetection;
  public readonly securityLake?: RegionSecurityLake;
  public readonly access: TimeBoundAccess;

  constructor(scope: Construct, id: string, props: SecurityStackProps) {
    const { region, security } = props;
    super(scope, id, {
      region,
      layer: 'security',
      description: `Halo ${region.name}: KMS keys, audit trail, Config, GuardDuty, Security Hub, Security Lake, access roles`,
    });
    const global = region.code === GLOBAL_EVENTS_REGION;
    const retention = logs.RetentionDays.ONE_YEAR;
    this.keys = new RegionKeys(this, 'Keys', { aliasPrefix: region.names.keyAliasPrefix });
    this.accessLogsBucket = new AccessLogsBucket(this, 'AccessLogs').bucket;
    this.alertTopic = new AlertTopic(this, 'Alerts', { encryptionKey: this.keys.logs, emails: security.alertEmails }).topic;
    // Weak: no key property makes CloudFormation replace a key, and the unnamed bucket and topic set none that would.
    this.referenceWeakly(this.keys.data, this.keys.backup, this.keys.logs, this.keys.sessions, this.accessLogsBucket, this.alertTopic);
    this.trail = new AuditTrail(this, 'AuditTrail', {
      trailName: region.names.trail,
      logsKey: this.keys.logs,
      accessLogsBucket: this.accessLogsBucket,
      objectLockDays: security.trailObjectLockDays,
      includeGlobalServiceEvents: global,
      dataEventBucketPrefixes: region.cells.map((cell) => cell.names.sqlBackupBucketPrefix),
      alertTopic: this.alertTopic,
      logRetention: retention,
    });
    // Where the organization runs them (delegated administrator, Control Tower), creating them here would fail.
    const organization = region.services.organizationManaged;
    this.configRecorder = organization?.config
      ? undefined
      : new ConfigRecorder(this, 'Config', { logsKey: this.keys.logs, accessLogsBucket: this.accessLogsBucket, includeGlobalResourceTypes: global });
    this.threatDetection = new ThreatDetection(this, 'ThreatDetection', {
      standards: region.services.securityHubStandards,
      alertTopic: this.alertTopic,
      configRecorder: this.configRecorder?.recorder,
      createDetector: !organization?.guardDuty,
      createHub: !organization?.securityHub,
    });
    if (region.services.securityLake) {
      this.securityLake = new RegionSecurityLake(this, 'SecurityLake', {
        logsKey: this.keys.logs,
        transitionDays: security.securityLake.transitionDays,
        expirationDays: security.securityLake.expirationDays,
        subscriber: security.siem,
        createMetaStoreManagerRole: props.createMetaStoreManagerRole ?? false,
      });
    } else {
      recordGap(this, {
        control: 'Amazon Security Lake',
        reason: `Security Lake is not offered in ${region.code}; replicating the region's logs to a lake elsewhere would take them out of the residency zone.`,
        compensatingControl:
          'The same sources stay in the region: CloudTrail (validated, Object Lock), VPC flow logs and WAF logs in encrypted log groups, and Security Hub findings; the SIEM reads them in-region.',
      });
    }
    new accessanalyzer.CfnAnalyzer(this, 'AccessAnalyzer', { type: 'ACCOUNT', analyzerName: region.names.accessAnalyzer });
    // WAF delivers its logs through CloudWatch Logs' delivery service, which writes only where a log resource policy
    // lets it; declared once for the region (an account holds at most 10), not left for WAF to add at deploy time.
    new logs.CfnResourcePolicy(this, 'WafLogDelivery', {
      policyName: region.names.wafLogDeliveryPolicy,
      policyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'WafLogDelivery',
            Effect: 'Allow',
            Principal: { Service: 'delivery.logs.amazonaws.com' },
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Resource: `arn:${this.partition}:logs:${region.code}:${region.account}:log-group:${WAF_LOG_GROUP_PREFIX}halo-${region.names.applications}:log-stream:*`,
            Condition: {
              StringEquals: { 'aws:SourceAccount': region.account },
              ArnLike: { 'aws:SourceArn': `arn:${this.partition}:logs:${region.code}:${region.account}:*` },
            },
          },
        ],
      }),
    });
    new SessionManagerPreferences(this, 'SessionManager', { logsKey: this.keys.logs, sessionKey: this.keys.sessions, logRetention: retention });
    this.access = new TimeBoundAccess(this, 'Access', {
      identityAccountId: security.identityAccountId,
      permissionSets: security.identityCenterPermissionSets,
      sessionKey: this.keys.sessions,
      expiry: security.accessExpiry,
      operatorRoleName: region.names.operatorRole,
      breakGlassRoleName: region.names.breakGlassRole,
      now: props.now,
    });
    this.proveKeysStayInAccount(security.identityAccountId);
  }

  /** No principal outside the account uses the region's keys, and nobody grants them to anything but an AWS resource. */
  private proveKeysStayInAccount(identityAccountId: string): void {
    const outsiders = [
      { externalPrincipalArn: 'arn:aws:iam::999988887777:root', description: 'any other account' },
      { externalPrincipalArn: `arn:aws:iam::${identityAccountId}:root`, description: 'the identity account' },
    ];
    for (const [name, key] of Object.entries({ Data: this.keys.data, Backup: this.keys.backup, Logs: this.keys.logs, Sessions: this.keys.sessions })) {
      outsiders.forEach((actor, i) => {
        for (const [through, service] of [
          ['Directly', undefined],
          ['ThroughS3', 's3'],
        ] as const) {
          proveRefused(this.keys, {
            id: `${name}KeyOutsider${i}Decrypt${through}`,
            actor,
            action: 'kms:Decrypt',
            resource: key.keyArn,
            context: service ? { 'kms:ViaService': `${service}.${this.region}.amazonaws.com` } : undefined,
            absent: service ? [] : ['kms:ViaService'],
            why: 'Keys are used only inside the account: another account holding a copy of encrypted data cannot read it.',
          });
        }
      });
      proveRefused(this.keys, {
        id: `${name}KeyGrantNotForAwsResource`,
        actor: { roleArn: this.access.breakGlass.roleArn, description: 'break-glass administrator' },
        action: 'kms:CreateGrant',
        resource: key.keyArn,
        context: { 'kms:GrantIsForAWSResource': 'false' },
        absent: ['kms:ViaService'],
        why: 'Grants, which bypass the key policy, are only for AWS resources (EBS volumes, FSx, Secrets Manager): no one hands key use to an arbitrary principal.',
      });
    }
  }
}
