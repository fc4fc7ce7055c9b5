import { BackupClient } from '@aws-sdk/client-backup';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { EC2Client } from '@aws-sdk/client-ec2';
import { GuardDutyClient } from '@aws-sdk/client-guardduty';
import { KMSClient } from '@aws-sdk/client-kms';
import { RDSClient } from '@aws-sdk/client-rds';
import { S3Client } from '@aws-sdk/client-s3';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { SSMClient } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { auditTrail } from './checks/audit-trail';
import { backupPlans, backupVaultLock, restoreTests } from './checks/backup';
import { rdsClusters, rdsInstances, rdsSnapshots } from './checks/rds';
import { s3Buckets } from './checks/s3';
import { sqlDrills } from './checks/sql-drills';
import { sqlNodes } from './checks/sql-nodes';
import { configRecorder, guardDutyDetector, securityHubFailedControls, securityHubStandards } from './checks/threat-detection';
import { BackoffOptions, CouldNotCheck, couldNotCheck, mapPool, retryingClient } from './resilience';
import { CheckContext, CheckResult, ExpectedPosture, RegionClients } from './types';

/** The checks of a region, by name, in the order they are printed. */
export const CHECKS: readonly { readonly name: string; readonly action: string; readonly run: (ctx: CheckContext) => Promise<CheckResult | CheckResult[]> }[] = [
  { name: 'RDS DB instances', action: 'rds:DescribeDBInstances', run: rdsInstances },
  { name: 'RDS DB clusters', action: 'rds:DescribeDBClusters', run: rdsClusters },
  { name: 'RDS snapshots', action: 'rds:DescribeDBSnapshots', run: rdsSnapshots },
  { name: 'S3 buckets', action: 's3:ListAllMyBuckets and the bucket configuration reads', run: s3Buckets },
  { name: 'GuardDuty detector', action: 'guardduty:GetDetector', run: guardDutyDetector },
  { name: 'Security Hub standards', action: 'securityhub:GetEnabledStandards', run: securityHubStandards },
  { name: 'Security Hub failed controls', action: 'securityhub:GetFindings', run: securityHubFailedControls },
  { name: 'AWS Config recorder', action: 'config:DescribeConfigurationRecorderStatus', run: configRecorder },
  { name: 'CloudTrail trail', action: 'cloudtrail:DescribeTrails', run: auditTrail },
  { name: 'Backup vault lock', action: 'backup:DescribeBackupVault', run: backupVaultLock },
  { name: 'Backup plans', action: 'backup:ListBackupPlans', run: backupPlans },
  { name: 'Restore tests', action: 'backup:ListRestoreJobs', run: restoreTests },
  { name: 'SQL Server nodes', action: 'ec2:DescribeInstances', run: sqlNodes },
  { name: 'SQL Server drills', action: 'ssm:DescribeAutomationExecutions', run: sqlDrills },
];

/** The clients of a region, with the SDK's adaptive retries and backoff on throttling on top. */
export function regionClients(region: string, backoff: BackoffOptions = {}): RegionClients & { sts: STSClient } {
  const config = { region, maxAttempts: 4, retryMode: 'adaptive' };
  return {
    rds: retryingClient(new RDSClient(config), backoff),
    s3: retryingClient(new S3Client(config), backoff),
    kms: retryingClient(new KMSClient(config), backoff),
    guardDuty: retryingClient(new GuardDutyClient(config), backoff),
    securityHub: retryingClient(new SecurityHubClient(config), backoff),
    cloudTrail: retryingClient(new CloudTrailClient(config), backoff),
    backup: retryingClient(new BackupClient(config), backoff),
    ec2: retryingClient(new EC2Client(config), backoff),
    config: retryingClient(new ConfigServiceClient(config), backoff),
    ssm: retryingClient(new SSMClient(config), backoff),
    sts: retryingClient(new STSClient(config), backoff),
  };
}

/** Options of {@link verifyRegion}. */
export interface VerifyOptions {
  readonly now?: Date;
  /** Checks run at once. @default 6 */
  readonly checksInFlight?: number;
  /** Calls in flight within one check. @default 16 */
  readonly callsInFlight?: number;
  /** Told as each check finishes (the progress indicator). */
  readonly onCheckDone?: (check: string) => void;
}

/**
 * Checks one region's live account against its expected posture. Throws {@link CouldNotCheck} when the
 * region cannot be checked at all (no credentials, region not enabled, another account); a check that
 * cannot run (access denied) becomes an `error` result.
 */
export async function verifyRegion(expected: ExpectedPosture, clients: RegionClients & { sts: STSClient }, options: VerifyOptions = {}): Promise<CheckResult[]> {
  let account: string | undefined;
  try {
    account = (await clients.sts.send(new GetCallerIdentityCommand({}))).Account;
  } catch (error) {
    throw couldNotCheck(error, expected.region, 'sts:GetCallerIdentity');
  }
  if (account !== expected.account) {
    throw new CouldNotCheck('wrong-account', `The credentials are for account ${account}, but ${expected.regionName} (${expected.region}) deploys to ${expected.account}. Fix: use a profile or role of account ${expected.account}.`);
  }
  const ctx: CheckContext = { clients, expected, now: options.now ?? new Date(), concurrency: options.callsInFlight };
  const results = await mapPool(CHECKS, options.checksInFlight ?? 6, async (check) => {
    try {
      const result = await check.run(ctx);
      return Array.isArray(result) ? result : [result];
    } catch (error) {
      const reason = couldNotCheck(error, expected.region, check.action);
      return [{ region: expected.region, check: check.name, expected: 'checked', found: reason.message, status: 'error' as const, errorKind: reason.kind }];
    } finally {
      options.onCheckDone?.(check.name);
    }
  });
  return results.flat();
}
