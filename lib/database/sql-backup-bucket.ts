import { Duration } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { privateBucketProps } from '../security/private-bucket';
import { acknowledgeInRegionBucket } from '../compliance/standard-acknowledgements';

/** Key prefixes in the bucket: native log and full backups, and formation's reports (cluster validation). */
export const BACKUP_PREFIXES = { log: 'log/', full: 'full/', reports: 'reports/' } as const;

/** Days formation's reports are kept. */
export const REPORT_RETENTION_DAYS = 400;

/**
 * Days native backups must be kept so that any point of the window can be restored: the full taken before the point
 * (daily, so up to a day older), every log since, and a day more should one daily full fail.
 */
export function pointInTimeRetentionDays(windowDays: number): number {
  return windowDays + 2;
}

/** Properties of {@link SqlBackupBucket}. */
export interface SqlBackupBucketProps {
  /**
   * Physical name, so the region's trail can record the bucket's data events without a reference.
   * @default a generated name
   */
  readonly bucketName?: string;
  /** Key for SSE-KMS (the region's data key). */
  readonly encryptionKey: kms.IKey;
  /** Where S3 server access logs go. */
  readonly accessLogsBucket: s3.IBucket;
  /** Days transaction-log backups are kept; omit where the environment takes none. */
  readonly logRetentionDays?: number;
  /** Days native full backups are kept. */
  readonly fullRetentionDays: number;
}

/**
 * A cell's bucket for SQL Server native backups (staged on the nodes, shipped with their role): in the cell's region,
 * SSE-KMS, versioned, Object Lock in compliance mode for the shortest retention, TLS-only, private,
 * access-logged, with lifecycle rules that expire each kind of backup after its retention.
 */
export class SqlBackupBucket extends Construct {
  public readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: SqlBackupBucketProps) {
    super(scope, id);
    const retentions = [props.fullRetentionDays, ...(props.logRetentionDays ? [props.logRetentionDays] : [])];
    if (retentions.some((d) => !Number.isInteger(d) || d < 1)) {
      throw new Error(`SqlBackupBucket ${this.node.path}: retentions must be whole days of at least 1, got ${retentions.join(', ')}`);
    }
    const expire = (id: string, prefix: string, days: number): s3.LifecycleRule => ({
      id,
      prefix,
      expiration: Duration.days(days),
      noncurrentVersionExpiration: Duration.days(1),
    });
    this.bucket = new s3.Bucket(this, 'Bucket', {
      bucketName: props.bucketName,
      ...privateBucketProps(props.encryptionKey, props.accessLogsBucket, `${id.toLowerCase()}/`),
      // No one, root included, can delete a backup before the shortest retention has passed.
      objectLockEnabled: true,
      objectLockDefaultRetention: s3.ObjectLockRetention.compliance(Duration.days(Math.min(...retentions))),
      lifecycleRules: [
        ...(props.logRetentionDays ? [expire('expire-log-backups', BACKUP_PREFIXES.log, props.logRetentionDays)] : []),
        expire('expire-full-backups', BACKUP_PREFIXES.full, props.fullRetentionDays),
        expire('expire-reports', BACKUP_PREFIXES.reports, REPORT_RETENTION_DAYS),
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
    });
    acknowledgeInRegionBucket(this.bucket, { logsToAnotherStack: true });
  }
}
