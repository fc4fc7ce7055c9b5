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
import { regionClients } from '../../lib/verify/clients';
import { exitCodeOf, liveRows } from '../../lib/verify/report';
import { S3_CHECKS } from '../../lib/verify/checks/s3';
import { CheckResult } from '../../lib/verify/types';
import { verifyRegion, VerifyOptions } from '../../lib/verify/verify-region';
import { compliantAccount, EXPECTED, LiveAccount, mockAccount, NOW } from './live-account.fixture';

let account: LiveAccount;
let mocks: ReturnType<typeof mockAccount>;

beforeEach(() => {
  account = compliantAccount();
  mocks = mockAccount(account);
});
afterEach(() => {
  Object.values(mocks).forEach((m) => m.restore());
  jest.useRealTimers();
});

const run = (options: VerifyOptions = {}) => verifyRegion(EXPECTED, regionClients('eu-west-2'), { now: NOW, ...options });
const byCheck = (results: CheckResult[], check: string) => results.find((r) => r.check === check)!;
const statuses = (results: CheckResult[], checks: readonly string[]) => checks.map((c) => [c, byCheck(results, c).status]);
const sdkError = (name: string, attempts?: number) =>
  Object.assign(new Error(name), { name, $metadata: { httpStatusCode: 400, ...(attempts ? { attempts } : {}) } });
const ALL_DRILLS = ['SQL Server drill: prod failover', 'SQL Server drill: prod restore'];

describe('an answer with no data ({}) is never a pass', () => {
  const cases: [string, (m: typeof mocks) => void, string[]][] = [
    ['s3:ListBuckets', (m) => m.s3.on(s3.ListBucketsCommand).resolves({}), [...S3_CHECKS]],
    ['s3:ListBuckets without bucket regions', (m) => m.s3.on(s3.ListBucketsCommand).resolves({ Buckets: [{ Name: 'halo-london-x' }] }), [...S3_CHECKS]],
    ['s3:GetBucketEncryption', (m) => m.s3.on(s3.GetBucketEncryptionCommand).resolves({}), ['S3 default encryption']],
    ['s3:GetPublicAccessBlock', (m) => m.s3.on(s3.GetPublicAccessBlockCommand).resolves({}), ['S3 public access']],
    ['s3:GetBucketPolicy', (m) => m.s3.on(s3.GetBucketPolicyCommand).resolves({}), ['S3 TLS only']],
    ['s3:GetObjectLockConfiguration', (m) => m.s3.on(s3.GetObjectLockConfigurationCommand).resolves({}), ['S3 Object Lock']],
    // Without tags the app's buckets cannot be told from others: their checks, residency included, are not judged.
    ['s3:GetBucketTagging', (m) => m.s3.on(s3.GetBucketTaggingCommand).resolves({}), ['S3 versioning', 'S3 Object Lock', 'S3 app buckets in region']],
    ['rds:DescribeDBInstances', (m) => m.rds.on(rds.DescribeDBInstancesCommand).resolves({}), ['RDS DB instances']],
    ['rds:DescribeDBClusters', (m) => m.rds.on(rds.DescribeDBClustersCommand).resolves({}), ['RDS DB clusters']],
    ['rds:DescribeDBSnapshots', (m) => m.rds.on(rds.DescribeDBSnapshotsCommand).resolves({}), ['RDS snapshots']],
    ['rds:DescribeDBSnapshotAttributes', (m) => m.rds.on(rds.DescribeDBSnapshotAttributesCommand).resolves({}), ['RDS snapshots']],
    ['kms:DescribeKey', (m) => m.kms.on(kms.DescribeKeyCommand).resolves({}), ['RDS DB instances', 'RDS DB clusters', 'RDS snapshots']],
    ['guardduty:ListDetectors', (m) => m.guardDuty.on(guardduty.ListDetectorsCommand).resolves({}), ['GuardDuty detector']],
    ['guardduty:GetDetector', (m) => m.guardDuty.on(guardduty.GetDetectorCommand).resolves({}), ['GuardDuty detector']],
    ['securityhub:DescribeHub', (m) => m.securityHub.on(securityhub.DescribeHubCommand).resolves({}), ['Security Hub standards']],
    ['securityhub:GetEnabledStandards', (m) => m.securityHub.on(securityhub.GetEnabledStandardsCommand).resolves({}), ['Security Hub standards']],
    ['securityhub:GetFindings', (m) => m.securityHub.on(securityhub.GetFindingsCommand).resolves({}), ['Security Hub failed controls']],
    [
      'config:DescribeConfigurationRecorderStatus',
      (m) => m.config.on(configservice.DescribeConfigurationRecorderStatusCommand).resolves({}),
      ['AWS Config recorder'],
    ],
    ['cloudtrail:DescribeTrails', (m) => m.cloudTrail.on(cloudtrail.DescribeTrailsCommand).resolves({}), ['CloudTrail trail']],
    ['cloudtrail:GetTrailStatus', (m) => m.cloudTrail.on(cloudtrail.GetTrailStatusCommand).resolves({}), ['CloudTrail trail']],
    ['backup:DescribeBackupVault', (m) => m.backup.on(backup.DescribeBackupVaultCommand).resolves({}), ['Backup vault lock']],
    ['backup:ListBackupPlans', (m) => m.backup.on(backup.ListBackupPlansCommand).resolves({}), ['Backup plans']],
    ['backup:ListRestoreJobs', (m) => m.backup.on(backup.ListRestoreJobsCommand).resolves({}), ['Restore tests']],
    ['ec2:DescribeInstances', (m) => m.ec2.on(ec2.DescribeInstancesCommand).resolves({}), ['Restore tests', 'SQL Server nodes']],
    ['ec2:DescribeVolumes', (m) => m.ec2.on(ec2.DescribeVolumesCommand).resolves({}), ['SQL Server nodes']],
    ['ssm:DescribeAutomationExecutions', (m) => m.ssm.on(ssm.DescribeAutomationExecutionsCommand).resolves({}), ALL_DRILLS],
  ];

  test.each(cases)('%s answering {}: the checks that need it are not checked, the others unaffected, exit 2', async (_call, empty, affected) => {
    empty(mocks);
    const results = await run();
    expect(statuses(results, affected)).toEqual(affected.map((c) => [c, 'not-checked']));
    expect(
      results
        .filter((r) => !affected.includes(r.check))
        .map((r) => r.status)
        .filter((s) => s !== 'pass' && s !== 'info'),
    ).toEqual([]);
    expect(exitCodeOf(results)).toBe(2);
  });

  test('S3 and RDS answering {} give no compliant row (they gave eight before)', async () => {
    mocks.s3.on(s3.ListBucketsCommand).resolves({});
    mocks.rds.on(rds.DescribeDBInstancesCommand).resolves({}).on(rds.DescribeDBClustersCommand).resolves({}).on(rds.DescribeDBSnapshotsCommand).resolves({});
    const results = await run();
    const rows = liveRows(results, () => 'London', NOW.toISOString()).findings.filter((f) => /^(S3|RDS) /.test(f.check));
    expect(rows.map((f) => f.status)).toEqual(Array(9).fill('not-checked'));
    expect(byCheck(results, 'RDS DB instances').found).toBe('the answer of rds:DescribeDBInstances had no DBInstances: nothing was read');
  });

  test('an empty list that is there ([]) is an answer: no DB instance in the region passes, naming that there is none', async () => {
    account.dbInstances = [];
    expect(byCheck(await run(), 'RDS DB instances')).toMatchObject({ status: 'pass', found: 'no DB instances in eu-west-2' });
  });
});

describe('a resource the verifier may not read is not checked, not failed', () => {
  test('a bucket whose policy denies the verifier: its checks name the denied call; the run exits 2, not 1', async () => {
    account.buckets[2].denied = true;
    const results = await run();
    expect(results.filter((r) => r.status === 'fail')).toEqual([]);
    expect(statuses(results, S3_CHECKS)).toEqual([
      ['S3 default encryption', 'not-checked'],
      ['S3 public access', 'not-checked'],
      ['S3 TLS only', 'not-checked'],
      ['S3 versioning', 'pass'],
      ['S3 Object Lock', 'pass'],
      ['S3 app buckets in region', 'pass'],
    ]);
    expect(byCheck(results, 'S3 default encryption').unchecked).toEqual([
      {
        resource: 'someone-elses-bucket',
        found: expect.stringMatching(
          /^s3:GetEncryptionConfiguration \(GetBucketEncryption\) denied on bucket someone-elses-bucket in eu-west-2 \(AccessDenied\)\. Fix: /,
        ),
      },
    ]);
    expect(byCheck(results, 'S3 TLS only').found).toMatch(/^1 of 3 buckets not checked: someone-elses-bucket \(s3:GetBucketPolicy denied/);
    expect(exitCodeOf(results)).toBe(2);
    expect(liveRows(results, () => 'London', NOW.toISOString()).findings.find((f) => f.check === 'S3 public access')).toMatchObject({
      path: 'London/live/S3 public access/someone-elses-bucket',
      status: 'not-checked',
      reason: expect.stringMatching(/^s3:GetBucketPublicAccessBlock \(GetPublicAccessBlock\) denied/),
    });
  });

  test("the app's own bucket denied raises no residency alarm: its residency is not checked", async () => {
    account.buckets[0].denied = true;
    const results = await run();
    expect(results.filter((r) => r.status === 'fail')).toEqual([]);
    expect(byCheck(results, 'S3 app buckets in region')).toMatchObject({
      status: 'not-checked',
      unchecked: [
        {
          resource: 'halo-london-security/AuditTrailBucket',
          found: expect.stringMatching(/tags that could not be read \(halo-london-security-audittrailbucket-1\)/),
        },
      ],
    });
    expect(exitCodeOf(results)).toBe(2);
  });

  test('a bucket really failing still fails (exit 1) beside one that could not be read, and the result says both', async () => {
    account.buckets[2].denied = true;
    account.buckets[1].encryption = undefined;
    const results = await run();
    expect(byCheck(results, 'S3 default encryption')).toMatchObject({
      status: 'fail',
      found: expect.stringMatching(
        /^1 of 3 buckets not: halo-london-prod-data-releasesbucket-1 \(default encryption none\); 1 of 3 buckets not checked: someone-elses-bucket/,
      ),
    });
    expect(exitCodeOf(results)).toBe(1);
  });

  test("kms:DescribeKey denied is named as such (not as the RDS call), and leaves only the key's resources unchecked", async () => {
    mocks.kms.on(kms.DescribeKeyCommand).rejects(sdkError('AccessDeniedException'));
    account.dbInstances.push({
      DBInstanceIdentifier: 'public-one',
      StorageEncrypted: true,
      KmsKeyId: 'cmk',
      PubliclyAccessible: true,
      DeletionProtection: true,
    });
    const results = await run();
    const instances = byCheck(results, 'RDS DB instances');
    expect(instances.status).toBe('fail');
    expect(instances.failures).toEqual([
      { resource: 'public-one', found: expect.stringMatching(/^publicly accessible, not checked: kms:DescribeKey denied on cmk in eu-west-2/) },
    ]);
    expect(instances.unchecked).toEqual([
      {
        resource: 'reporting',
        found: expect.stringMatching(/^kms:DescribeKey denied on cmk in eu-west-2 \(AccessDeniedException\)\. Fix: allow kms:DescribeKey /),
      },
    ]);
    expect(instances.found).not.toMatch(/rds:/);
  });
});

describe('time, pages and retries are bounded', () => {
  test('a call that never answers makes its check "not checked" at the check\'s deadline; the others finish', async () => {
    jest.useFakeTimers();
    mocks.guardDuty.on(guardduty.ListDetectorsCommand).callsFake(() => new Promise(() => undefined));
    const pending = run({ checkTimeoutMs: 30_000 });
    await jest.advanceTimersByTimeAsync(30_000);
    const results = await pending;
    expect(byCheck(results, 'GuardDuty detector')).toMatchObject({
      status: 'not-checked',
      errorKind: 'timeout',
      found: 'the check did not finish within 30 s (--check-timeout)',
    });
    expect(results.filter((r) => r.check !== 'GuardDuty detector').every((r) => r.status === 'pass' || r.status === 'info')).toBe(true);
  });

  test('a check past its deadline makes no further call: a late answer starts nothing', async () => {
    jest.useFakeTimers();
    const late = account.buckets.map((b) => ({ Name: b.name, BucketRegion: b.region }));
    mocks.s3.on(s3.ListBucketsCommand).callsFake(() => new Promise((resolve) => setTimeout(() => resolve({ Buckets: late }), 40_000)));
    const pending = run({ checkTimeoutMs: 30_000 });
    await jest.advanceTimersByTimeAsync(60_000);
    expect(statuses(await pending, S3_CHECKS)).toEqual(S3_CHECKS.map((c) => [c, 'not-checked']));
    expect(mocks.s3.commandCalls(s3.GetBucketEncryptionCommand)).toHaveLength(0);
  });

  test('answers the checks share are asked once per run: the SQL nodes, and each KMS key', async () => {
    await run();
    expect(mocks.ec2.commandCalls(ec2.DescribeInstancesCommand)).toHaveLength(1);
    expect(mocks.kms.commandCalls(kms.DescribeKeyCommand)).toHaveLength(1);
  });

  test('a repeated continuation token stops paging at once, as not checked', async () => {
    mocks.ssm.on(ssm.DescribeAutomationExecutionsCommand).resolves({ AutomationExecutionMetadataList: [], NextToken: 'same-again' });
    mocks.s3.on(s3.ListBucketsCommand).resolves({ Buckets: [], ContinuationToken: 'same-again' });
    const results = await run();
    expect(byCheck(results, 'SQL Server drill: prod restore')).toMatchObject({
      status: 'not-checked',
      errorKind: 'repeated-token',
      found: 'ssm:DescribeAutomationExecutions repeated on page 2 a continuation token it had already given: stopped paging, the list is not complete',
    });
    expect(statuses(results, S3_CHECKS)).toEqual(S3_CHECKS.map((c) => [c, 'not-checked']));
    // Two pages per drill, two for the buckets: the second page repeats the first's token.
    expect(mocks.ssm.commandCalls(ssm.DescribeAutomationExecutionsCommand)).toHaveLength(4);
    expect(mocks.s3.commandCalls(s3.ListBucketsCommand)).toHaveLength(2);
  });

  test('a list that never ends stops at 200 pages, as not checked', async () => {
    mocks.rds
      .on(rds.DescribeDBInstancesCommand)
      .callsFake(async ({ Marker }: rds.DescribeDBInstancesCommandInput) => ({ DBInstances: [], Marker: String(Number(Marker ?? 0) + 1) }));
    const results = await run();
    expect(byCheck(results, 'RDS DB instances')).toMatchObject({
      status: 'not-checked',
      errorKind: 'too-many-pages',
      found: 'rds:DescribeDBInstances had more than 200 pages: stopped paging, the list is not complete',
    });
    expect(mocks.rds.commandCalls(rds.DescribeDBInstancesCommand)).toHaveLength(200);
  });

  test("a call still throttled after the SDK's attempts is sent once by the verifier and reported, not retried again", async () => {
    mocks.guardDuty
      .on(guardduty.ListDetectorsCommand)
      .rejectsOnce(sdkError('ThrottlingException', 4))
      .resolves({ DetectorIds: ['d-1'] });
    const results = await run();
    expect(byCheck(results, 'GuardDuty detector')).toMatchObject({
      status: 'not-checked',
      errorKind: 'throttled',
      found: 'guardduty:ListDetectors in eu-west-2 was still throttled after 4 attempt(s) (ThrottlingException).',
    });
    expect(mocks.guardDuty.commandCalls(guardduty.ListDetectorsCommand)).toHaveLength(1);
  });

  test("every client retries by the SDK's adaptive strategy, 4 attempts, with connection and request timeouts", async () => {
    const clients = regionClients('eu-west-2');
    for (const client of Object.values(clients)) {
      expect([client.config.serviceId, await client.config.maxAttempts(), client.config.retryMode]).toEqual([client.config.serviceId, 4, 'adaptive']);
      const handler = client.config.requestHandler as unknown as { config?: Record<string, unknown>; configProvider?: Promise<Record<string, unknown>> };
      expect(handler.config ?? (await handler.configProvider)).toMatchObject({ connectionTimeout: 5_000, requestTimeout: 20_000, throwOnRequestTimeout: true });
    }
  });
});

type ClientName = keyof ReturnType<typeof regionClients>;
type CommandClass = abstract new (...args: never[]) => object;

/** A copy of `answer` without the field at `path` (dots; `*` every item); throws if the valid answer had no such field. */
function without(answer: unknown, path: string): unknown {
  const copy = structuredClone(answer);
  let dropped = 0;
  const drop = (node: unknown, [key, ...rest]: string[]) => {
    if (node === null || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    for (const k of key === '*' ? Object.keys(record) : [key]) {
      if (!(k in record)) continue;
      if (rest.length) drop(record[k], rest);
      else {
        delete record[k];
        dropped++;
      }
    }
  };
  drop(copy, path.split('.'));
  if (!dropped) throw new Error(`the fixture answer has no ${path}: the case would prove nothing`);
  return copy;
}

/** Runs the region with `client`'s answers to `command` stripped of `path`; every other answer as the fixture gives it. */
function runWithout(client: ClientName, command: CommandClass, path: string): Promise<CheckResult[]> {
  const clients = regionClients('eu-west-2');
  const target = clients[client] as unknown as { send: (c: unknown) => Promise<unknown> };
  const send = target.send.bind(target);
  target.send = async (c: unknown) => (c instanceof command ? without(await send(c), path) : send(c));
  return verifyRegion(EXPECTED, clients, { now: NOW });
}

describe('an answer missing a field a check judges is not checked (never pass, never fail)', () => {
  const RDS_ALL = ['RDS DB instances', 'RDS DB clusters', 'RDS snapshots'];
  const NODE = 'Reservations.0.Instances.0';
  const cases: [ClientName, CommandClass, string, string[]][] = [
    ['cloudTrail', cloudtrail.DescribeTrailsCommand, 'trailList.0.IsMultiRegionTrail', ['CloudTrail trail']],
    ['cloudTrail', cloudtrail.DescribeTrailsCommand, 'trailList.0.LogFileValidationEnabled', ['CloudTrail trail']],
    ['cloudTrail', cloudtrail.GetTrailStatusCommand, 'IsLogging', ['CloudTrail trail']],
    ['ec2', ec2.DescribeInstancesCommand, `${NODE}.MetadataOptions`, ['SQL Server nodes']],
    ['ec2', ec2.DescribeInstancesCommand, `${NODE}.MetadataOptions.HttpTokens`, ['SQL Server nodes']],
    ['ec2', ec2.DescribeInstancesCommand, `${NODE}.Placement`, ['SQL Server nodes']],
    ['ec2', ec2.DescribeInstancesCommand, `${NODE}.Placement.AvailabilityZone`, ['SQL Server nodes']],
    ['ec2', ec2.DescribeInstancesCommand, `${NODE}.BlockDeviceMappings`, ['SQL Server nodes']],
    ['ec2', ec2.DescribeInstancesCommand, `${NODE}.BlockDeviceMappings.0.Ebs.VolumeId`, ['SQL Server nodes']],
    ['ec2', ec2.DescribeInstancesCommand, `${NODE}.Tags`, ['Restore tests', 'SQL Server nodes']],
    ['ec2', ec2.DescribeInstancesCommand, `${NODE}.Tags.0.Value`, ['Restore tests', 'SQL Server nodes']],
    // The id only names the node for its own check; the restore tests need it to find the node's tests.
    ['ec2', ec2.DescribeInstancesCommand, `${NODE}.InstanceId`, ['Restore tests']],
    ['ec2', ec2.DescribeInstancesCommand, 'Reservations.0.Instances', ['Restore tests', 'SQL Server nodes']],
    ['ec2', ec2.DescribeVolumesCommand, 'Volumes.0.Encrypted', ['SQL Server nodes']],
    ['ec2', ec2.DescribeVolumesCommand, 'Volumes.0.VolumeId', ['SQL Server nodes']],
    ['backup', backup.DescribeBackupVaultCommand, 'Locked', ['Backup vault lock']],
    ['backup', backup.ListBackupPlansCommand, 'BackupPlansList.0.BackupPlanName', ['Backup plans']],
    ['backup', backup.ListRestoreJobsCommand, 'RestoreJobs.0.Status', ['Restore tests']],
    ['backup', backup.ListRestoreJobsCommand, 'RestoreJobs.0.ValidationStatus', ['Restore tests']],
    ['backup', backup.ListRestoreJobsCommand, 'RestoreJobs.0.CreationDate', ['Restore tests']],
    ['backup', backup.ListRestoreJobsCommand, 'RestoreJobs.0.SourceResourceArn', ['Restore tests']],
    ['rds', rds.DescribeDBInstancesCommand, 'DBInstances.0.StorageEncrypted', ['RDS DB instances']],
    ['rds', rds.DescribeDBInstancesCommand, 'DBInstances.0.KmsKeyId', ['RDS DB instances']],
    ['rds', rds.DescribeDBInstancesCommand, 'DBInstances.0.PubliclyAccessible', ['RDS DB instances']],
    ['rds', rds.DescribeDBInstancesCommand, 'DBInstances.0.DeletionProtection', ['RDS DB instances']],
    ['rds', rds.DescribeDBClustersCommand, 'DBClusters.0.StorageEncrypted', ['RDS DB clusters']],
    ['rds', rds.DescribeDBClustersCommand, 'DBClusters.0.KmsKeyId', ['RDS DB clusters']],
    ['rds', rds.DescribeDBClustersCommand, 'DBClusters.0.DeletionProtection', ['RDS DB clusters']],
    ['rds', rds.DescribeDBSnapshotsCommand, 'DBSnapshots.0.Encrypted', ['RDS snapshots']],
    ['rds', rds.DescribeDBSnapshotsCommand, 'DBSnapshots.0.KmsKeyId', ['RDS snapshots']],
    ['rds', rds.DescribeDBSnapshotsCommand, 'DBSnapshots.0.SnapshotType', ['RDS snapshots']],
    ['rds', rds.DescribeDBSnapshotsCommand, 'DBSnapshots.0.DBSnapshotIdentifier', ['RDS snapshots']],
    ['rds', rds.DescribeDBSnapshotAttributesCommand, 'DBSnapshotAttributesResult.DBSnapshotAttributes', ['RDS snapshots']],
    ['rds', rds.DescribeDBSnapshotAttributesCommand, 'DBSnapshotAttributesResult.DBSnapshotAttributes.0.AttributeName', ['RDS snapshots']],
    ['rds', rds.DescribeDBSnapshotAttributesCommand, 'DBSnapshotAttributesResult.DBSnapshotAttributes.0.AttributeValues', ['RDS snapshots']],
    ['kms', kms.DescribeKeyCommand, 'KeyMetadata.KeyManager', RDS_ALL],
    ['s3', s3.ListBucketsCommand, 'Buckets.0.Name', [...S3_CHECKS]],
    ['s3', s3.ListBucketsCommand, 'Buckets.0.BucketRegion', [...S3_CHECKS]],
    ['s3', s3.GetBucketEncryptionCommand, 'ServerSideEncryptionConfiguration.Rules', ['S3 default encryption']],
    ['s3', s3.GetBucketEncryptionCommand, 'ServerSideEncryptionConfiguration.Rules.0.ApplyServerSideEncryptionByDefault', ['S3 default encryption']],
    [
      's3',
      s3.GetBucketEncryptionCommand,
      'ServerSideEncryptionConfiguration.Rules.0.ApplyServerSideEncryptionByDefault.SSEAlgorithm',
      ['S3 default encryption'],
    ],
    ['s3', s3.GetPublicAccessBlockCommand, 'PublicAccessBlockConfiguration.BlockPublicAcls', ['S3 public access']],
    ['s3', s3.GetPublicAccessBlockCommand, 'PublicAccessBlockConfiguration.IgnorePublicAcls', ['S3 public access']],
    ['s3', s3.GetPublicAccessBlockCommand, 'PublicAccessBlockConfiguration.BlockPublicPolicy', ['S3 public access']],
    ['s3', s3.GetPublicAccessBlockCommand, 'PublicAccessBlockConfiguration.RestrictPublicBuckets', ['S3 public access']],
    ['s3', s3.GetBucketPolicyCommand, 'Policy', ['S3 TLS only']],
    ['s3', s3.GetObjectLockConfigurationCommand, 'ObjectLockConfiguration.ObjectLockEnabled', ['S3 Object Lock']],
    ['s3', s3.GetBucketTaggingCommand, 'TagSet.0.Key', ['S3 versioning', 'S3 Object Lock', 'S3 app buckets in region']],
    ['s3', s3.GetBucketTaggingCommand, 'TagSet.0.Value', ['S3 versioning', 'S3 Object Lock', 'S3 app buckets in region']],
    ['guardDuty', guardduty.GetDetectorCommand, 'Status', ['GuardDuty detector']],
    ['guardDuty', guardduty.GetDetectorCommand, 'Features.0.Status', ['GuardDuty detector']],
    ['guardDuty', guardduty.GetDetectorCommand, 'Features.0.Name', ['GuardDuty detector']],
    ['securityHub', securityhub.DescribeHubCommand, 'HubArn', ['Security Hub standards']],
    ['securityHub', securityhub.GetEnabledStandardsCommand, 'StandardsSubscriptions.0.StandardsArn', ['Security Hub standards']],
    ['securityHub', securityhub.GetEnabledStandardsCommand, 'StandardsSubscriptions.0.StandardsStatus', ['Security Hub standards']],
    ['config', configservice.DescribeConfigurationRecorderStatusCommand, 'ConfigurationRecordersStatus.0.recording', ['AWS Config recorder']],
    ['config', configservice.DescribeConfigurationRecorderStatusCommand, 'ConfigurationRecordersStatus.0.lastStatus', ['AWS Config recorder']],
    ['ssm', ssm.DescribeAutomationExecutionsCommand, 'AutomationExecutionMetadataList.0.DocumentName', ALL_DRILLS],
    ['ssm', ssm.DescribeAutomationExecutionsCommand, 'AutomationExecutionMetadataList.0.AutomationExecutionStatus', ALL_DRILLS],
    ['ssm', ssm.DescribeAutomationExecutionsCommand, 'AutomationExecutionMetadataList.0.ExecutionStartTime', ALL_DRILLS],
  ];

  test.each(cases)('%s %p without %s: its checks are not checked, the others unaffected, exit 2', async (client, command, path, affected) => {
    const results = await runWithout(client, command, path);
    expect(statuses(results, affected)).toEqual(affected.map((c) => [c, 'not-checked']));
    expect(
      results
        .filter((r) => !affected.includes(r.check))
        .map((r) => [r.check, r.status])
        .filter(([, s]) => s !== 'pass' && s !== 'info'),
    ).toEqual([]);
    expect(exitCodeOf(results)).toBe(2);
  });

  test('a SQL node with no volume id read is not checked: no volume read is no "every volume encrypted"', async () => {
    account.nodes[0].BlockDeviceMappings = [];
    const result = byCheck(await run(), 'SQL Server nodes');
    expect(result).toMatchObject({ status: 'not-checked', unchecked: [{ resource: 'prod/prod-sql1 (i-1)', found: expect.stringMatching(/no volume id/) }] });
  });

  test('a node that really fails still fails beside a field not read, and says what was not read', async () => {
    account.nodes[0].Placement = { AvailabilityZone: 'eu-west-2c' };
    delete account.nodes[0].MetadataOptions;
    expect(byCheck(await run(), 'SQL Server nodes')).toMatchObject({
      status: 'fail',
      failures: [
        {
          resource: 'prod/prod-sql1 (i-1)',
          found: 'in eu-west-2c, not eu-west-2a, not checked: the answer of ec2:DescribeInstances had no MetadataOptions.HttpTokens: nothing was read',
        },
      ],
    });
  });
});

describe('a field whose absence AWS documents as a setting is an answer, judged', () => {
  const cases: [ClientName, CommandClass, string, string, RegExp][] = [
    // Vault Lock without a lock date (governance mode) can be removed at any time.
    ['backup', backup.DescribeBackupVaultCommand, 'LockDate', 'Backup vault lock', /changeable at any time/],
    // No minimum or maximum retention: the lock enforces none.
    ['backup', backup.DescribeBackupVaultCommand, 'MinRetentionDays', 'Backup vault lock', /retention - to 90 days/],
    ['backup', backup.DescribeBackupVaultCommand, 'MaxRetentionDays', 'Backup vault lock', /retention 14 to - days/],
    // A bucket never versioned answers with no Status.
    ['s3', s3.GetBucketVersioningCommand, 'Status', 'S3 versioning', /versioning never enabled/],
    // A detector made before features existed lists none.
    ['guardDuty', guardduty.GetDetectorCommand, 'Features', 'GuardDuty detector', /not enabled: S3_DATA_EVENTS, EBS_MALWARE_PROTECTION/],
    // A restore job not created by a restore testing plan (a manual restore) has no CreatedBy: it is no restore test.
    ['backup', backup.ListRestoreJobsCommand, 'RestoreJobs.0.CreatedBy', 'Restore tests', /no finished restore test/],
  ];

  test.each(cases)('%s %p without %s: %s fails', async (client, command, path, check, found) => {
    const result = byCheck(await runWithout(client, command, path), check);
    expect([result.status, result.found]).toEqual(['fail', expect.stringMatching(found)]);
  });
});
