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
const sdkError = (name: string, attempts?: number) => Object.assign(new Error(name), { name, $metadata: { httpStatusCode: 400, ...(attempts ? { attempts } : {}) } });
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
    ['config:DescribeConfigurationRecorderStatus', (m) => m.config.on(configservice.DescribeConfigurationRecorderStatusCommand).resolves({}), ['AWS Config recorder']],
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
    expect(results.filter((r) => !affected.includes(r.check)).map((r) => r.status).filter((s) => s !== 'pass' && s !== 'info')).toEqual([]);
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
      ['S3 default encryption', 'not-checked'], ['S3 public access', 'not-checked'], ['S3 TLS only', 'not-checked'],
      ['S3 versioning', 'pass'], ['S3 Object Lock', 'pass'], ['S3 app buckets in region', 'pass'],
    ]);
    expect(byCheck(results, 'S3 default encryption').unchecked).toEqual([{
      resource: 'someone-elses-bucket', found: expect.stringMatching(/^s3:GetEncryptionConfiguration \(GetBucketEncryption\) denied on bucket someone-elses-bucket in eu-west-2 \(AccessDenied\)\. Fix: /),
    }]);
    expect(byCheck(results, 'S3 TLS only').found).toMatch(/^1 of 3 buckets not checked: someone-elses-bucket \(s3:GetBucketPolicy denied/);
    expect(exitCodeOf(results)).toBe(2);
    expect(liveRows(results, () => 'London', NOW.toISOString()).findings.find((f) => f.check === 'S3 public access'))
      .toMatchObject({ path: 'London/live/S3 public access/someone-elses-bucket', status: 'not-checked', reason: expect.stringMatching(/^s3:GetBucketPublicAccessBlock \(GetPublicAccessBlock\) denied/) });
  });

  test('the app\'s own bucket denied raises no residency alarm: its residency is not checked', async () => {
    account.buckets[0].denied = true;
    const results = await run();
    expect(results.filter((r) => r.status === 'fail')).toEqual([]);
    expect(byCheck(results, 'S3 app buckets in region')).toMatchObject({
      status: 'not-checked', unchecked: [{ resource: 'halo-london-security/AuditTrailBucket', found: expect.stringMatching(/tags that could not be read \(halo-london-security-audittrailbucket-1\)/) }],
    });
    expect(exitCodeOf(results)).toBe(2);
  });

  test('a bucket really failing still fails (exit 1) beside one that could not be read, and the result says both', async () => {
    account.buckets[2].denied = true;
    account.buckets[1].encryption = undefined;
    const results = await run();
    expect(byCheck(results, 'S3 default encryption')).toMatchObject({
      status: 'fail', found: expect.stringMatching(/^1 of 3 buckets not: halo-london-prod-data-releasesbucket-1 \(default encryption none\); 1 of 3 buckets not checked: someone-elses-bucket/),
    });
    expect(exitCodeOf(results)).toBe(1);
  });

  test('kms:DescribeKey denied is named as such (not as the RDS call), and leaves only the key\'s resources unchecked', async () => {
    mocks.kms.on(kms.DescribeKeyCommand).rejects(sdkError('AccessDeniedException'));
    account.dbInstances.push({ DBInstanceIdentifier: 'public-one', StorageEncrypted: true, KmsKeyId: 'cmk', PubliclyAccessible: true, DeletionProtection: true });
    const results = await run();
    const instances = byCheck(results, 'RDS DB instances');
    expect(instances.status).toBe('fail');
    expect(instances.failures).toEqual([{ resource: 'public-one', found: expect.stringMatching(/^publicly accessible, not checked: kms:DescribeKey denied on cmk in eu-west-2/) }]);
    expect(instances.unchecked).toEqual([{ resource: 'reporting', found: expect.stringMatching(/^kms:DescribeKey denied on cmk in eu-west-2 \(AccessDeniedException\)\. Fix: allow kms:DescribeKey /) }]);
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
    expect(byCheck(results, 'GuardDuty detector')).toMatchObject({ status: 'not-checked', errorKind: 'timeout', found: 'the check did not finish within 30 s (--check-timeout)' });
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
      status: 'not-checked', errorKind: 'repeated-token', found: 'ssm:DescribeAutomationExecutions repeated on page 2 a continuation token it had already given: stopped paging, the list is not complete',
    });
    expect(statuses(results, S3_CHECKS)).toEqual(S3_CHECKS.map((c) => [c, 'not-checked']));
    // Two pages per drill, two for the buckets: the second page repeats the first's token.
    expect(mocks.ssm.commandCalls(ssm.DescribeAutomationExecutionsCommand)).toHaveLength(4);
    expect(mocks.s3.commandCalls(s3.ListBucketsCommand)).toHaveLength(2);
  });

  test('a list that never ends stops at 200 pages, as not checked', async () => {
    mocks.rds.on(rds.DescribeDBInstancesCommand).callsFake(async ({ Marker }: rds.DescribeDBInstancesCommandInput) => ({ DBInstances: [], Marker: String(Number(Marker ?? 0) + 1) }));
    const results = await run();
    expect(byCheck(results, 'RDS DB instances')).toMatchObject({ status: 'not-checked', errorKind: 'too-many-pages', found: 'rds:DescribeDBInstances had more than 200 pages: stopped paging, the list is not complete' });
    expect(mocks.rds.commandCalls(rds.DescribeDBInstancesCommand)).toHaveLength(200);
  });

  test('a call still throttled after the SDK\'s attempts is sent once by the verifier and reported, not retried again', async () => {
    mocks.guardDuty.on(guardduty.ListDetectorsCommand).rejectsOnce(sdkError('ThrottlingException', 4)).resolves({ DetectorIds: ['d-1'] });
    const results = await run();
    expect(byCheck(results, 'GuardDuty detector')).toMatchObject({ status: 'not-checked', errorKind: 'throttled', found: 'guardduty:ListDetectors in eu-west-2 was still throttled after 4 attempt(s) (ThrottlingException).' });
    expect(mocks.guardDuty.commandCalls(guardduty.ListDetectorsCommand)).toHaveLength(1);
  });

  test('every client retries by the SDK\'s adaptive strategy, 4 attempts, with connection and request timeouts', async () => {
    const clients = regionClients('eu-west-2');
    for (const client of Object.values(clients)) {
      expect([client.config.serviceId, await client.config.maxAttempts(), client.config.retryMode]).toEqual([client.config.serviceId, 4, 'adaptive']);
      const handler = client.config.requestHandler as unknown as { config?: Record<string, unknown>; configProvider?: Promise<Record<string, unknown>> };
      expect(handler.config ?? await handler.configProvider).toMatchObject({ connectionTimeout: 5_000, requestTimeout: 20_000, throwOnRequestTimeout: true });
    }
  });
});
