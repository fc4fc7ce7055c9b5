import type { RegionConfig } from '../lib/config';

/**
 * Physical names that other stacks (and other regions) must know without a reference: they are
 * derived here, once, from configuration.
 */

/**
 * How a cell's native-backup bucket's name starts: globally unique by account, region and cell; the stack adds an id
 * of its own creation. The region's trail records data events of every bucket with this prefix.
 */
export function sqlBackupBucketPrefix(region: RegionConfig, cellId: string): string {
  return `${namedBucketPrefix(region)}${cellId}-sql-`;
}

/** How the names the app gives its buckets start in a region: bucket names are global, so they carry account and region. */
export function namedBucketPrefix(region: RegionConfig): string {
  return `halo-${region.account}-${region.code}-`;
}

/** The region's break-glass role: IAM names are account-wide, so each region's role carries the region. */
export function breakGlassRoleNameOf(baseName: string, region: RegionConfig): string {
  return `${baseName}-${region.slug}`;
}

/** The region's operator role. */
export function operatorRoleNameOf(region: RegionConfig): string {
  return `halo-operator-${region.slug}`;
}

/** The CloudFormation execution role of CDK's default bootstrap (qualifier hnb659fds), which deploys every stack. */
export function cdkExecutionRoleArnOf(region: RegionConfig): string {
  return `arn:aws:iam::${region.account}:role/cdk-hnb659fds-cfn-exec-role-${region.account}-${region.code}`;
}
