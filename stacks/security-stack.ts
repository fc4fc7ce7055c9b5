import * as accessanalyzer from 'aws-cdk-lib/aws-accessanalyzer';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { recordGap } from '../lib/compliance/gaps';
import type { HaloConfig, RegionConfig } from '../lib/config';
import { AccessLogsBucket } from '../lib/security/access-logs-bucket';
import { AlertTopic } from '../lib/security/alert-topic';
import { AuditTrail } from '../lib/security/audit-trail';
import { ConfigRecorder } from '../lib/security/config-recorder';
import { RegionKeys } from '../lib/security/region-keys';
import { RegionSecurityLake } from '../lib/security/region-security-lake';
import { SessionManagerPreferences } from '../lib/security/session-manager-preferences';
import { ThreatDetection } from '../lib/security/threat-detection';
import { TimeBoundAccess } from '../lib/security/time-bound-access';
import { HaloStack } from './halo-stack';
import { breakGlassRoleNameOf, operatorRoleNameOf, sqlBackupBucketName } from './naming';

/** Properties of {@link SecurityStack}. */
export interface SecurityStackProps {
  readonly region: RegionConfig;
  readonly config: HaloConfig;
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
  /** Target of every bucket's S3 server access logs in the region. */
  public readonly accessLogs: AccessLogsBucket;
  public readonly alerts: AlertTopic;
  public readonly trail: AuditTrail;
  public readonly configRecorder: ConfigRecorder;
  public readonly threatDetection: ThreatDetection;
  public readonly securityLake?: RegionSecurityLake;
  public readonly access: TimeBoundAccess;

  constructor(scope: Construct, id: string, props: SecurityStackProps) {
    const { region, config } = props;
    super(scope, id, { region, layer: 'security', description: `Halo ${region.name}: KMS keys, audit trail, Config, GuardDuty, Security Hub, Security Lake, access roles` });
    const global = region.code === GLOBAL_EVENTS_REGION;
    const retention = logs.RetentionDays.ONE_YEAR;
    this.keys = new RegionKeys(this, 'Keys', { aliasPrefix: `alias/halo/${region.slug}` });
    this.accessLogs = new AccessLogsBucket(this, 'AccessLogs');
    this.alerts = new AlertTopic(this, 'Alerts', { encryptionKey: this.keys.logs, emails: config.security.alertEmails });
    this.trail = new AuditTrail(this, 'AuditTrail', {
      trailName: `halo-${region.slug}`,
      logsKey: this.keys.logs,
      accessLogsBucket: this.accessLogs.bucket,
      objectLockDays: config.security.trailObjectLockDays,
      includeGlobalServiceEvents: global,
      dataEventBucketNames: region.cells.map((cell) => sqlBackupBucketName(region, cell.id)),
      alertTopic: this.alerts.topic,
      logRetention: retention,
    });
    this.configRecorder = new ConfigRecorder(this, 'Config', { logsKey: this.keys.logs, accessLogsBucket: this.accessLogs.bucket, includeGlobalResourceTypes: global });
    this.threatDetection = new ThreatDetection(this, 'ThreatDetection', {
      standards: region.services.securityHubStandards,
      alertTopic: this.alerts.topic,
      configRecorder: this.configRecorder.recorder,
    });
    if (region.services.securityLake) {
      this.securityLake = new RegionSecurityLake(this, 'SecurityLake', {
        logsKey: this.keys.logs,
        transitionDays: config.security.securityLake.transitionDays,
        expirationDays: config.security.securityLake.expirationDays,
        subscriber: config.security.siem,
      });
    } else {
      recordGap(this, {
        control: 'Amazon Security Lake',
        reason: `Security Lake is not offered in ${region.code}; replicating the region's logs to a lake elsewhere would take them out of the residency zone.`,
        compensatingControl: 'The same sources stay in the region: CloudTrail (validated, Object Lock), VPC flow logs and WAF logs in encrypted log groups, and Security Hub findings; the SIEM reads them in-region.',
      });
    }
    new accessanalyzer.CfnAnalyzer(this, 'AccessAnalyzer', { type: 'ACCOUNT', analyzerName: `halo-${region.slug}` });
    new SessionManagerPreferences(this, 'SessionManager', { logsKey: this.keys.logs, logRetention: retention });
    this.access = new TimeBoundAccess(this, 'Access', {
      identityAccountId: config.security.identityAccountId,
      expiry: config.security.accessExpiry,
      operatorRoleName: operatorRoleNameOf(region),
      breakGlassRoleName: breakGlassRoleNameOf(config.breakGlassRoleName, region),
      now: props.now,
    });
  }
}
