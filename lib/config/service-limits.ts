/**
 * The limits of the AWS services that consume configured numbers, each with the service documentation it comes from,
 * so a number is refused at validation rather than deep in a construct or at deploy time.
 */

/** AWS Backup lifecycle DeleteAfterDays and Vault Lock Min/MaxRetentionDays: at most 36,500 days (AWS Backup API reference). */
export const AWS_BACKUP_MAX_RETENTION_DAYS = 36_500;

/** S3 Object Lock default retention: at most 100 years, 36,500 days (S3 PutObjectLockConfiguration, DefaultRetention). */
export const S3_OBJECT_LOCK_MAX_DAYS = 36_500;

/**
 * S3 lifecycle: objects stay at least 30 days in S3 Standard before a transition to STANDARD_IA (S3 User Guide,
 * "Transitioning objects", constraints).
 */
export const S3_STANDARD_IA_MIN_DAYS = 30;

/**
 * S3 lifecycle expiration takes any positive whole number of days; the platform keeps nothing longer than it could
 * lock (S3 Object Lock's 100 years), so a typo of extra digits is caught.
 */
export const S3_LIFECYCLE_MAX_DAYS = S3_OBJECT_LOCK_MAX_DAYS;

/** PCI DSS v4.0.1 requirement 10.5.1: audit log history is kept at least 12 months. */
export const PCI_AUDIT_LOG_MIN_DAYS = 365;

/** gp3 volumes: 1 GiB to 16 TiB, at most 500 provisioned IOPS per GiB (Amazon EBS User Guide, "General Purpose SSD volumes"). */
export const GP3 = { minGiB: 1, maxGiB: 16_384, maxIopsPerGiB: 500, baselineIops: 3_000 } as const;

/**
 * IOPS each SQL Server volume is provisioned with, as stacks/data-stack.ts and lib/database/sql-server-node.ts set
 * them (the data volume 6,000; the others gp3's baseline): test/config/volumes.test.ts checks the synthesized volumes.
 */
export const SQL_VOLUME_IOPS = { dataGiB: 6_000, logGiB: GP3.baselineIops, tempdbGiB: GP3.baselineIops, backupGiB: GP3.baselineIops } as const;

/** The smallest gp3 volume that may carry `iops` provisioned IOPS. */
export function minimumGiBFor(iops: number): number {
  return Math.ceil(iops / GP3.maxIopsPerGiB);
}

/** STS AssumeRole ExternalId: 2 to 1,224 characters of letters, digits and +=,.@:/- (IAM API reference). */
export const EXTERNAL_ID_PATTERN = /^[\w+=,.@:/-]{2,1224}$/;
