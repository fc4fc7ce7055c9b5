import * as backup from '@aws-sdk/client-backup';
import * as cloudtrail from '@aws-sdk/client-cloudtrail';
import * as configservice from '@aws-sdk/client-config-service';
import * as ec2 from '@aws-sdk/client-ec2';
import * as guardduty from '@aws-sdk/client-guardduty';
import * as kms from '@aws-sdk/client-kms';
import * as rds from '@aws-sdk/client-rds';
import * as s3 from '@aws-sdk/client-s3';
import * as securityhub from '@aws-sdk/client-securityhub';
import * as ssm from '@aws-sdk/client-ssm';
import * as sts from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import type { ExpectedPosture } from '../../lib/verify/types';

export const NOW = new Date('2026-11-24T12:00:00Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000);
const STANDARDS = [
  'arn:aws:securityhub:eu-west-2::standards/aws-foundational-security-best-practices/v/1.0.0',
  'arn:aws:securityhub:eu-west-2::standards/nist-800-53/v/5.0.0',
];

/** What the configuration promises for a small region: two app buckets, one production cell of two nodes. */
export const EXPECTED: ExpectedPosture = {
  region: 'eu-west-2',
  regionName: 'London',
  stage: 'London',
  account: '111122223333',
  buckets: [
    { stack: 'halo-london-security', logicalId: 'AuditTrailBucket', versioned: true, objectLock: true },
    { stack: 'halo-london-prod-data', logicalId: 'ReleasesBucket', versioned: true, objectLock: false },
  ],
  bucketNamePrefixes: ['halo-london-', 'halo-111122223333-eu-west-2-'],
  guardDutyFeatures: ['S3_DATA_EVENTS', 'EBS_MALWARE_PROTECTION'],
  securityServices: { guardDuty: 'stack', securityHub: 'stack', config: 'stack' },
  securityHubStandards: STANDARDS,
  trailName: 'halo-london',
  vault: { name: 'halo-london', minRetentionDays: 14, maxRetentionDays: 90 },
  backupPlans: [{ cell: 'prod', name: 'halo-eu-west-2-prod' }],
  restoreTests: [{ cell: 'prod' }],
  sqlNodes: [
    { cell: 'prod', hostName: 'prod-sql1', availabilityZone: 'eu-west-2a' },
    { cell: 'prod', hostName: 'prod-sql2', availabilityZone: 'eu-west-2b' },
  ],
  sqlDrills: [
    { cell: 'prod', kind: 'failover', documentName: 'halo-prod-failover-drill' },
    { cell: 'prod', kind: 'restore', documentName: 'halo-prod-restore-drill' },
  ],
};

interface LiveBucket {
  /** The bucket's policy denies the verifier every configuration read. */
  denied?: boolean;
  name: string;
  region: string;
  encryption?: string;
  blocked: boolean;
  tlsOnly: boolean;
  versioning?: string;
  lock: boolean;
  tags: Record<string, string>;
}

/** The live account, compliant until a test changes it. */
export function compliantAccount() {
  const bucket = (name: string, tags: Record<string, string> = {}, lock = false): LiveBucket => ({
    name,
    region: 'eu-west-2',
    encryption: 'aws:kms',
    blocked: true,
    tlsOnly: true,
    versioning: 'Enabled',
    lock,
    tags,
  });
  return {
    account: '111122223333',
    buckets: [
      bucket(
        'halo-london-security-audittrailbucket-1',
        { 'aws:cloudformation:stack-name': 'halo-london-security', 'aws:cloudformation:logical-id': 'AuditTrailBucket' },
        true,
      ),
      bucket('halo-london-prod-data-releasesbucket-1', {
        'aws:cloudformation:stack-name': 'halo-london-prod-data',
        'aws:cloudformation:logical-id': 'ReleasesBucket',
      }),
      bucket('someone-elses-bucket'),
      { ...bucket('a-bucket-in-ireland'), region: 'eu-west-1', encryption: undefined, blocked: false },
    ],
    dbInstances: [
      { DBInstanceIdentifier: 'reporting', StorageEncrypted: true, KmsKeyId: 'cmk', PubliclyAccessible: false, DeletionProtection: true },
    ] as rds.DBInstance[],
    dbClusters: [{ DBClusterIdentifier: 'analytics', StorageEncrypted: true, KmsKeyId: 'cmk', DeletionProtection: true }] as rds.DBCluster[],
    dbSnapshots: [{ DBSnapshotIdentifier: 'reporting-manual', Encrypted: true, KmsKeyId: 'cmk', SnapshotType: 'manual' }] as rds.DBSnapshot[],
    publicSnapshots: [] as string[],
    keys: { cmk: 'CUSTOMER', 'aws/rds': 'AWS' } as Record<string, string>,
    detector: { status: 'ENABLED', features: ['S3_DATA_EVENTS', 'EBS_MALWARE_PROTECTION', 'RUNTIME_MONITORING'] },
    hubEnabled: true,
    recorder: { name: 'default', recording: true, lastStatus: 'Success' } as configservice.ConfigurationRecorderStatus | undefined,
    standards: [...STANDARDS],
    failedFindings: [
      { Severity: { Label: 'HIGH' }, Compliance: { SecurityControlId: 'EC2.18' } },
      { Severity: { Label: 'HIGH' }, Compliance: { SecurityControlId: 'EC2.18' } },
    ] as securityhub.AwsSecurityFinding[],
    trail: { name: 'halo-london', logging: true, validation: true, multiRegion: false } as
      { name: string; logging: boolean; validation: boolean; multiRegion: boolean } | undefined,
    vault: { locked: true, min: 14, max: 90, lockDate: daysAgo(60) as Date | undefined },
    plans: ['halo-eu-west-2-prod'],
    restoreJobs: [
      {
        SourceResourceArn: 'arn:aws:ec2:eu-west-2:111122223333:instance/i-1',
        CreationDate: daysAgo(10),
        Status: 'COMPLETED',
        ValidationStatus: 'SUCCESSFUL',
        CreatedBy: { RestoreTestingPlanArn: 'arn:aws:backup:eu-west-2:111122223333:restore-testing-plan:halo_london_monthly-1' },
      },
    ] as backup.RestoreJobsListMember[],
    nodes: [
      {
        InstanceId: 'i-1',
        Placement: { AvailabilityZone: 'eu-west-2a' },
        MetadataOptions: { HttpTokens: 'required' },
        BlockDeviceMappings: [{ Ebs: { VolumeId: 'vol-1' } }],
        Tags: [
          { Key: 'halo:cell', Value: 'prod' },
          { Key: 'halo:sql-node', Value: 'prod-sql1' },
        ],
      },
      {
        InstanceId: 'i-2',
        Placement: { AvailabilityZone: 'eu-west-2b' },
        MetadataOptions: { HttpTokens: 'required' },
        BlockDeviceMappings: [{ Ebs: { VolumeId: 'vol-2' } }],
        Tags: [
          { Key: 'halo:cell', Value: 'prod' },
          { Key: 'halo:sql-node', Value: 'prod-sql2' },
        ],
      },
    ] as ec2.Instance[],
    unencryptedVolumes: [] as string[],
    automations: [
      {
        DocumentName: 'halo-prod-failover-drill',
        AutomationExecutionId: 'exec-f1',
        AutomationExecutionStatus: 'Success',
        ExecutionStartTime: daysAgo(23),
        ExecutionEndTime: new Date(daysAgo(23).getTime() + 14 * 60_000),
      },
      {
        DocumentName: 'halo-prod-restore-drill',
        AutomationExecutionId: 'exec-r1',
        AutomationExecutionStatus: 'Success',
        ExecutionStartTime: daysAgo(23),
        ExecutionEndTime: new Date(daysAgo(23).getTime() + 95 * 60_000),
      },
      { DocumentName: 'halo-prod-restore-drill-old', AutomationExecutionId: 'exec-x', AutomationExecutionStatus: 'Failed', ExecutionStartTime: daysAgo(2) },
    ] as ssm.AutomationExecutionMetadata[],
  };
}
export type LiveAccount = ReturnType<typeof compliantAccount>;

const notFound = (name: string) => Object.assign(new Error(name), { name });

/** Mocks every client's `send` from the account's state; nothing reaches the network. */
export function mockAccount(account: LiveAccount) {
  const mocks = {
    sts: mockClient(sts.STSClient),
    rds: mockClient(rds.RDSClient),
    kms: mockClient(kms.KMSClient),
    s3: mockClient(s3.S3Client),
    guardDuty: mockClient(guardduty.GuardDutyClient),
    securityHub: mockClient(securityhub.SecurityHubClient),
    cloudTrail: mockClient(cloudtrail.CloudTrailClient),
    backup: mockClient(backup.BackupClient),
    ec2: mockClient(ec2.EC2Client),
    config: mockClient(configservice.ConfigServiceClient),
    ssm: mockClient(ssm.SSMClient),
  };
  // Like the service, the document-name filter is a prefix: the check must keep only its own document's runs.
  mocks.ssm.on(ssm.DescribeAutomationExecutionsCommand).callsFake(async ({ Filters }: ssm.DescribeAutomationExecutionsCommandInput) => ({
    AutomationExecutionMetadataList: account.automations.filter((e) =>
      (e.DocumentName ?? '').startsWith(Filters?.find((f) => f.Key === 'DocumentNamePrefix')?.Values?.[0] ?? ''),
    ),
  }));
  mocks.config
    .on(configservice.DescribeConfigurationRecorderStatusCommand)
    .callsFake(async () => ({ ConfigurationRecordersStatus: account.recorder ? [account.recorder] : [] }));
  mocks.sts.on(sts.GetCallerIdentityCommand).callsFake(async () => ({ Account: account.account }));
  mocks.rds
    .on(rds.DescribeDBInstancesCommand)
    .callsFake(async () => ({ DBInstances: account.dbInstances }))
    .on(rds.DescribeDBClustersCommand)
    .callsFake(async () => ({ DBClusters: account.dbClusters }))
    .on(rds.DescribeDBSnapshotsCommand)
    .callsFake(async () => ({ DBSnapshots: account.dbSnapshots }))
    .on(rds.DescribeDBClusterSnapshotsCommand)
    .resolves({ DBClusterSnapshots: [] })
    .on(rds.DescribeDBSnapshotAttributesCommand)
    .callsFake(async (input: rds.DescribeDBSnapshotAttributesCommandInput) => ({
      DBSnapshotAttributesResult: {
        DBSnapshotAttributes: [
          { AttributeName: 'restore', AttributeValues: account.publicSnapshots.includes(input.DBSnapshotIdentifier ?? '') ? ['all'] : [] },
        ],
      },
    }));
  mocks.kms
    .on(kms.DescribeKeyCommand)
    .callsFake(async (input: kms.DescribeKeyCommandInput) => ({ KeyMetadata: { KeyId: input.KeyId, KeyManager: account.keys[input.KeyId ?? ''] } }));
  const bucket = (name?: string) => {
    const b = account.buckets.find((live) => live.name === name)!;
    if (b.denied) throw notFound('AccessDenied');
    return b;
  };
  mocks.s3
    .on(s3.ListBucketsCommand)
    .callsFake(async () => ({ Buckets: account.buckets.map((b) => ({ Name: b.name, BucketRegion: b.region })) }))
    .on(s3.GetBucketEncryptionCommand)
    .callsFake(async ({ Bucket }: s3.GetBucketEncryptionCommandInput) => {
      const b = bucket(Bucket);
      if (!b.encryption) throw notFound('ServerSideEncryptionConfigurationNotFoundError');
      return { ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: b.encryption } }] } };
    })
    .on(s3.GetPublicAccessBlockCommand)
    .callsFake(async ({ Bucket }: s3.GetPublicAccessBlockCommandInput) => {
      if (!bucket(Bucket).blocked) throw notFound('NoSuchPublicAccessBlockConfiguration');
      return { PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } };
    })
    .on(s3.GetBucketPolicyCommand)
    .callsFake(async ({ Bucket }: s3.GetBucketPolicyCommandInput) => {
      if (!bucket(Bucket).tlsOnly) throw notFound('NoSuchBucketPolicy');
      return {
        Policy: JSON.stringify({
          Statement: [{ Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }],
        }),
      };
    })
    .on(s3.GetBucketVersioningCommand)
    .callsFake(async ({ Bucket }: s3.GetBucketVersioningCommandInput) => ({ Status: bucket(Bucket).versioning }))
    .on(s3.GetObjectLockConfigurationCommand)
    .callsFake(async ({ Bucket }: s3.GetObjectLockConfigurationCommandInput) => {
      if (!bucket(Bucket).lock) throw notFound('ObjectLockConfigurationNotFoundError');
      return { ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled' } };
    })
    .on(s3.GetBucketTaggingCommand)
    .callsFake(async ({ Bucket }: s3.GetBucketTaggingCommandInput) => {
      const tags = Object.entries(bucket(Bucket).tags);
      if (tags.length === 0) throw notFound('NoSuchTagSet');
      return { TagSet: tags.map(([Key, Value]) => ({ Key, Value })) };
    });
  mocks.guardDuty
    .on(guardduty.ListDetectorsCommand)
    .callsFake(async () => ({ DetectorIds: account.detector ? ['d-1'] : [] }))
    .on(guardduty.GetDetectorCommand)
    .callsFake(async () => ({ Status: account.detector.status, Features: account.detector.features.map((Name) => ({ Name, Status: 'ENABLED' })) }));
  mocks.securityHub
    .on(securityhub.DescribeHubCommand)
    .callsFake(async () => {
      if (!account.hubEnabled) throw notFound('InvalidAccessException');
      return { HubArn: 'hub' };
    })
    .on(securityhub.GetEnabledStandardsCommand)
    .callsFake(async () => ({ StandardsSubscriptions: account.standards.map((StandardsArn) => ({ StandardsArn, StandardsStatus: 'READY' })) }))
    .on(securityhub.GetFindingsCommand)
    .callsFake(async () => ({ Findings: account.failedFindings }));
  mocks.cloudTrail
    .on(cloudtrail.DescribeTrailsCommand)
    .callsFake(async () => ({
      trailList: account.trail
        ? [
            {
              Name: account.trail.name,
              TrailARN: `arn:trail/${account.trail.name}`,
              LogFileValidationEnabled: account.trail.validation,
              IsMultiRegionTrail: account.trail.multiRegion,
            },
          ]
        : [],
    }))
    .on(cloudtrail.GetTrailStatusCommand)
    .callsFake(async () => ({ IsLogging: account.trail?.logging }));
  mocks.backup
    .on(backup.DescribeBackupVaultCommand)
    .callsFake(async ({ BackupVaultName }: backup.DescribeBackupVaultCommandInput) => ({
      BackupVaultName,
      BackupVaultArn: `arn:aws:backup:eu-west-2:111122223333:backup-vault:${BackupVaultName}`,
      Locked: account.vault.locked,
      MinRetentionDays: account.vault.min,
      MaxRetentionDays: account.vault.max,
      LockDate: account.vault.lockDate,
    }))
    .on(backup.ListBackupPlansCommand)
    .callsFake(async () => ({ BackupPlansList: account.plans.map((BackupPlanName) => ({ BackupPlanName })) }))
    .on(backup.ListRestoreJobsCommand)
    .callsFake(async () => ({ RestoreJobs: account.restoreJobs }));
  mocks.ec2
    .on(ec2.DescribeInstancesCommand)
    .callsFake(async () => ({ Reservations: [{ Instances: account.nodes }] }))
    .on(ec2.DescribeVolumesCommand)
    .callsFake(async ({ VolumeIds }: ec2.DescribeVolumesCommandInput) => ({
      Volumes: (VolumeIds ?? []).map((VolumeId) => ({ VolumeId, Encrypted: !account.unencryptedVolumes.includes(VolumeId) })),
    }));
  return mocks;
}
