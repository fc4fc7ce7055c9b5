import type { BackupClient } from '@aws-sdk/client-backup';
import type { ConfigServiceClient } from '@aws-sdk/client-config-service';
import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { GuardDutyClient } from '@aws-sdk/client-guardduty';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { RDSClient } from '@aws-sdk/client-rds';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { SSMClient } from '@aws-sdk/client-ssm';

/** A bucket the app declares, known live by the tags CloudFormation puts on it. */
export interface ExpectedBucket {
  readonly stack: string;
  readonly logicalId: string;
  readonly versioned: boolean;
  readonly objectLock: boolean;
}

/** A SQL Server node the app declares. */
export interface ExpectedSqlNode {
  readonly cell: string;
  readonly hostName: string;
  readonly availabilityZone: string;
}

/** What the configuration promises for one region, as the app declares it: the verifier's expected values. */
export interface ExpectedPosture {
  readonly region: string;
  readonly regionName: string;
  readonly stage: string;
  readonly account: string;
  readonly buckets: readonly ExpectedBucket[];
  /** How the names of this region's app buckets start (CloudFormation names a bucket after its stack). */
  readonly bucketNamePrefixes: readonly string[];
  /** GuardDuty features the app turns on; empty where the organization runs GuardDuty (its features are the organization's). */
  readonly guardDutyFeatures: readonly string[];
  /** Who runs GuardDuty, Security Hub and AWS Config in the region: this app's stack, or the organization. */
  readonly securityServices: { readonly guardDuty: ServiceOwner; readonly securityHub: ServiceOwner; readonly config: ServiceOwner };
  /** Standards ARNs Security Hub must have enabled, exactly. */
  readonly securityHubStandards: readonly string[];
  readonly trailName: string;
  readonly vault: { readonly name: string; readonly minRetentionDays: number; readonly maxRetentionDays: number };
  readonly backupPlans: readonly { readonly cell: string; readonly name: string }[];
  /** Production cells, whose SQL nodes AWS Backup restore-tests every month. */
  readonly restoreTests: readonly { readonly cell: string }[];
  readonly sqlNodes: readonly ExpectedSqlNode[];
  /** Each cell's drills: the Automation documents the verifier reads the last runs of. */
  readonly sqlDrills: readonly { readonly cell: string; readonly kind: 'failover' | 'restore'; readonly documentName: string }[];
}

/** `stack`: the region's Security stack creates the service; otherwise the organization's delegated administrator runs it. */
export type ServiceOwner = 'stack' | { readonly organizationAdministrator: string };

/** The SDK clients of one region (see clients.ts: timeouts, and the SDK's own retries only). */
export interface RegionClients {
  readonly rds: RDSClient;
  readonly s3: S3Client;
  readonly kms: KMSClient;
  readonly guardDuty: GuardDutyClient;
  readonly securityHub: SecurityHubClient;
  readonly cloudTrail: CloudTrailClient;
  readonly backup: BackupClient;
  readonly ec2: EC2Client;
  readonly config: ConfigServiceClient;
  readonly ssm: SSMClient;
}

/**
 * `pass` and `fail` are verdicts on what was read; `info` reports without judging; `not-checked` means the check, or
 * some of its resources, could not be read (denied, timed out, an empty answer, ...): evidence of nothing.
 * `error` is the former name of `not-checked`, still read as it.
 */
export type CheckStatus = 'pass' | 'fail' | 'info' | 'not-checked' | 'error';

/** A resource a check judged or could not read, with what was found or why not. */
export interface ResourceFinding {
  readonly resource: string;
  readonly found: string;
}

/** One check of one region: what the configuration expects and what the account has. */
export interface CheckResult {
  readonly region: string;
  readonly check: string;
  readonly expected: string;
  readonly found: string;
  readonly status: CheckStatus;
  /** The resources that fail, each with what was found. */
  readonly failures?: readonly ResourceFinding[];
  /** The resources that could not be read, each with why (the call that was denied, ...): neither passed nor failed. */
  readonly unchecked?: readonly ResourceFinding[];
  /** For `not-checked`: the kind of problem (no-credentials, access-denied, timeout, missing-data, ...). */
  readonly errorKind?: string;
}

/** What a check needs: the region's clients, its expected posture, and the current time. */
export interface CheckContext {
  readonly clients: RegionClients;
  readonly expected: ExpectedPosture;
  readonly now: Date;
  /** Calls in flight per check. @default 16 */
  readonly concurrency?: number;
  /** Answers the checks of one region's run share (e.g. its SQL nodes, each key's manager), by what they answer. */
  readonly memo: Map<string, Promise<unknown>>;
}
