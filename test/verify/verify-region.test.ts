import * as rds from '@aws-sdk/client-rds';
import * as s3 from '@aws-sdk/client-s3';
import * as securityhub from '@aws-sdk/client-securityhub';
import { regionClients } from '../../lib/verify/clients';
import { exitCodeOf, liveRows } from '../../lib/verify/report';
import { CheckResult } from '../../lib/verify/types';
import { verifyRegion } from '../../lib/verify/verify-region';
import { compliantAccount, EXPECTED, LiveAccount, mockAccount, NOW } from './live-account.fixture';

let account: LiveAccount;
let mocks: ReturnType<typeof mockAccount>;

beforeEach(() => {
  account = compliantAccount();
  mocks = mockAccount(account);
});
afterEach(() => Object.values(mocks).forEach((m) => m.restore()));

const run = () => verifyRegion(EXPECTED, regionClients('eu-west-2'), { now: NOW });
const byCheck = (results: CheckResult[], check: string) => results.find((r) => r.check === check)!;

describe('the live verifier on a compliant account', () => {
  test('passes every check and exits 0', async () => {
    const results = await run();
    expect(results.map((r) => [r.check, r.status])).toEqual([
      ['RDS DB instances', 'pass'],
      ['RDS DB clusters', 'pass'],
      ['RDS snapshots', 'pass'],
      ['S3 default encryption', 'pass'],
      ['S3 public access', 'pass'],
      ['S3 TLS only', 'pass'],
      ['S3 versioning', 'pass'],
      ['S3 Object Lock', 'pass'],
      ['S3 app buckets in region', 'pass'],
      ['GuardDuty detector', 'pass'],
      ['Security Hub standards', 'pass'],
      ['Security Hub failed controls', 'info'],
      ['AWS Config recorder', 'pass'],
      ['CloudTrail trail', 'pass'],
      ['Backup vault lock', 'pass'],
      ['Backup plans', 'pass'],
      ['Restore tests', 'pass'],
      ['SQL Server nodes', 'pass'],
      ['SQL Server drill: prod failover', 'pass'],
      ['SQL Server drill: prod restore', 'pass'],
    ]);
    expect(byCheck(results, 'SQL Server drill: prod restore').found).toBe('last run 2026-11-01 12:00 UTC: Success in 95 min (exec-r1)');
    expect(exitCodeOf(results)).toBe(0);
    // Only the region's buckets are inspected: the Irish one, unencrypted and open, is not this region's to judge.
    expect(byCheck(results, 'S3 default encryption').found).toBe('3 buckets, all as expected');
    expect(byCheck(results, 'Security Hub failed controls').found).toBe('failed controls: HIGH 1 (2 findings)');
  });
});

describe('the live verifier on a non-compliant account', () => {
  const cases: [string, (a: LiveAccount) => void, string, RegExp][] = [
    [
      'a DB instance created by hand without a CMK',
      (a) => {
        a.dbInstances.push({
          DBInstanceIdentifier: 'by-hand',
          StorageEncrypted: true,
          KmsKeyId: 'aws/rds',
          PubliclyAccessible: false,
          DeletionProtection: true,
        });
      },
      'RDS DB instances',
      /by-hand \(encrypted with an AWS-managed key aws\/rds\)/,
    ],
    [
      'a public DB instance without deletion protection',
      (a) => {
        Object.assign(a.dbInstances[0], { PubliclyAccessible: true, DeletionProtection: false });
      },
      'RDS DB instances',
      /reporting \(publicly accessible, no deletion protection\)/,
    ],
    [
      'an unencrypted DB cluster',
      (a) => {
        a.dbClusters[0].StorageEncrypted = false;
      },
      'RDS DB clusters',
      /analytics \(not encrypted\)/,
    ],
    [
      'a public manual snapshot',
      (a) => {
        a.publicSnapshots.push('reporting-manual');
      },
      'RDS snapshots',
      /reporting-manual \(restorable by every AWS account\)/,
    ],
    [
      'a bucket without default encryption',
      (a) => {
        a.buckets[2].encryption = undefined;
      },
      'S3 default encryption',
      /someone-elses-bucket \(default encryption none\)/,
    ],
    [
      'a bucket with public access allowed',
      (a) => {
        a.buckets[2].blocked = false;
      },
      'S3 public access',
      /someone-elses-bucket \(public access not fully blocked\)/,
    ],
    [
      'a bucket without a TLS-only policy',
      (a) => {
        a.buckets[0].tlsOnly = false;
      },
      'S3 TLS only',
      /halo-london-security-audittrailbucket-1 \(no TLS-only statement\)/,
    ],
    [
      'an app bucket with versioning suspended',
      (a) => {
        a.buckets[1].versioning = 'Suspended';
      },
      'S3 versioning',
      /releasesbucket-1 \(versioning Suspended\)/,
    ],
    [
      'the audit bucket without Object Lock',
      (a) => {
        a.buckets[0].lock = false;
      },
      'S3 Object Lock',
      /audittrailbucket-1 \(Object Lock off\)/,
    ],
    [
      'an app bucket in another region',
      (a) => {
        a.buckets[1].region = 'us-east-1';
      },
      'S3 app buckets in region',
      /halo-london-prod-data\/ReleasesBucket \(not in eu-west-2\); halo-london-prod-data-releasesbucket-1 \(in us-east-1\)/,
    ],
    [
      'GuardDuty without EBS malware protection',
      (a) => {
        a.detector.features = ['S3_DATA_EVENTS'];
      },
      'GuardDuty detector',
      /not enabled: EBS_MALWARE_PROTECTION/,
    ],
    [
      'Security Hub with an extra standard and one missing',
      (a) => {
        a.standards = [a.standards[0], 'arn:aws:securityhub:eu-west-2::standards/pci-dss/v/4.0.1'];
      },
      'Security Hub standards',
      /missing nist-800-53\/v\/5.0.0; not configured pci-dss\/v\/4.0.1/,
    ],
    [
      'Security Hub off',
      (a) => {
        a.hubEnabled = false;
      },
      'Security Hub standards',
      /Security Hub is not enabled/,
    ],
    [
      'no AWS Config recorder',
      (a) => {
        a.recorder = undefined;
      },
      'AWS Config recorder',
      /no configuration recorder/,
    ],
    [
      'an AWS Config recorder that stopped',
      (a) => {
        a.recorder!.recording = false;
      },
      'AWS Config recorder',
      /recorder default is not recording/,
    ],
    [
      'an AWS Config recorder whose delivery fails',
      (a) => {
        Object.assign(a.recorder!, { lastStatus: 'Failure', lastErrorCode: 'AccessDenied', lastErrorMessage: 'cannot write the bucket' });
      },
      'AWS Config recorder',
      /last failed: AccessDenied cannot write the bucket/,
    ],
    [
      'a trail that stopped logging and went multi-region',
      (a) => {
        Object.assign(a.trail!, { logging: false, multiRegion: true });
      },
      'CloudTrail trail',
      /not logging, multi-region/,
    ],
    [
      'no trail',
      (a) => {
        a.trail = undefined;
      },
      'CloudTrail trail',
      /no trail named halo-london/,
    ],
    [
      'an unlocked vault',
      (a) => {
        a.vault.locked = false;
      },
      'Backup vault lock',
      /NOT locked, retention 14 to 90 days/,
    ],
    [
      'a vault lock still in its cooling-off period',
      (a) => {
        a.vault.lockDate = new Date('2026-11-26T00:00:00Z');
      },
      'Backup vault lock',
      /locked but changeable until 2026-11-26T00:00:00.000Z/,
    ],
    [
      'a vault with a shorter minimum retention',
      (a) => {
        a.vault.min = 7;
      },
      'Backup vault lock',
      /locked, retention 7 to 90 days/,
    ],
    [
      'a cell without its plan',
      (a) => {
        a.plans = [];
      },
      'Backup plans',
      /prod \(no plan halo-eu-west-2-prod\)/,
    ],
    [
      'a failed restore test',
      (a) => {
        a.restoreJobs[0].ValidationStatus = 'FAILED';
      },
      'Restore tests',
      /prod \(last test 2026-11-14: COMPLETED, validation FAILED\)/,
    ],
    [
      'no restore test in 35 days',
      (a) => {
        a.restoreJobs = [];
      },
      'Restore tests',
      /prod \(no finished restore test since 2026-10-20\)/,
    ],
    [
      'a node in the wrong AZ with IMDSv1 and an unencrypted volume',
      (a) => {
        Object.assign(a.nodes[1], { Placement: { AvailabilityZone: 'eu-west-2c' }, MetadataOptions: { HttpTokens: 'optional' } });
        a.unencryptedVolumes.push('vol-2');
      },
      'SQL Server nodes',
      /prod\/prod-sql2 \(i-2\) \(in eu-west-2c, not eu-west-2b, IMDSv2 optional, volume vol-2 not encrypted\)/,
    ],
    [
      'a missing node',
      (a) => {
        a.nodes.pop();
      },
      'SQL Server nodes',
      /prod\/prod-sql2 \(no instance\)/,
    ],
    [
      'a failed failover drill',
      (a) => {
        Object.assign(a.automations[0], { AutomationExecutionStatus: 'Failed' });
      },
      'SQL Server drill: prod failover',
      /last run 2026-11-01 12:00 UTC: Failed in 14 min \(exec-f1\)/,
    ],
    [
      'no restore drill in 35 days',
      (a) => {
        a.automations.splice(1, 1);
      },
      'SQL Server drill: prod restore',
      /no finished run since 2026-10-20 12:00 UTC/,
    ],
  ];

  test.each(cases)('fails on %s, naming the resource and what was found', async (_name, breakIt, check, message) => {
    breakIt(account);
    const results = await run();
    const result = byCheck(results, check);
    expect([result.status, result.found]).toEqual(['fail', expect.stringMatching(message)]);
    // Every other check still holds: the failure is the one the case broke.
    expect(results.filter((r) => r.status === 'fail').map((r) => r.check)).toEqual([check]);
    expect(results.filter((r) => r.status === 'not-checked')).toEqual([]);
    expect(exitCodeOf(results)).toBe(1);
  });
});

describe('security services the organization runs', () => {
  test('are checked to be on, and the results say who runs them', async () => {
    const organization = { organizationAdministrator: '555566667777' };
    const results = await verifyRegion(
      { ...EXPECTED, guardDutyFeatures: [], securityServices: { guardDuty: organization, securityHub: organization, config: organization } },
      regionClients('eu-west-2'),
      { now: NOW },
    );
    for (const check of ['GuardDuty detector', 'Security Hub standards', 'AWS Config recorder']) {
      expect([check, byCheck(results, check).status, byCheck(results, check).expected]).toEqual([
        check,
        'pass',
        expect.stringMatching(/run by the organization \(delegated administrator 555566667777\)/),
      ]);
    }
    account.detector.status = 'DISABLED';
    const off = await verifyRegion(
      { ...EXPECTED, securityServices: { guardDuty: organization, securityHub: 'stack', config: 'stack' } },
      regionClients('eu-west-2'),
      { now: NOW },
    );
    expect(byCheck(off, 'GuardDuty detector')).toMatchObject({ status: 'fail', found: expect.stringMatching(/is DISABLED/) });
  });
});

describe('what the verifier does not count against the account', () => {
  test('an Aurora member without its own deletion protection (its cluster has it), and a restore test still running', async () => {
    account.dbInstances.push({
      DBInstanceIdentifier: 'analytics-1',
      DBClusterIdentifier: 'analytics',
      StorageEncrypted: true,
      KmsKeyId: 'cmk',
      PubliclyAccessible: false,
      DeletionProtection: false,
    });
    account.restoreJobs.push({ ...account.restoreJobs[0], CreationDate: new Date('2026-11-23T00:00:00Z'), Status: 'RUNNING', ValidationStatus: undefined });
    const results = await run();
    expect(results.filter((r) => r.status === 'fail')).toEqual([]);
  });
});

describe('paging', () => {
  test('follows every page of buckets and DB instances', async () => {
    // Three pages (S3 returns at most 1,000 buckets a page; this account's pages are of 100, which the checks cannot tell).
    const names = Array.from({ length: 250 }, (_, i) => `bucket-${i}`);
    account.buckets = names.map((name) => ({
      name,
      region: 'eu-west-2',
      encryption: 'AES256',
      blocked: true,
      tlsOnly: true,
      versioning: 'Enabled',
      lock: false,
      tags: {},
    }));
    account.buckets[249].encryption = undefined;
    mocks.s3.on(s3.ListBucketsCommand).callsFake(async ({ ContinuationToken }: s3.ListBucketsCommandInput) => {
      const start = Number(ContinuationToken ?? 0);
      const next = start + 100 < names.length ? String(start + 100) : undefined;
      return { Buckets: names.slice(start, start + 100).map((Name) => ({ Name, BucketRegion: 'eu-west-2' })), ContinuationToken: next };
    });
    mocks.rds
      .on(rds.DescribeDBInstancesCommand)
      .resolvesOnce({ DBInstances: [account.dbInstances[0]], Marker: 'page-2' })
      .resolvesOnce({ DBInstances: [{ DBInstanceIdentifier: 'on-page-2', StorageEncrypted: false, PubliclyAccessible: false, DeletionProtection: true }] });
    const results = await run();
    expect(mocks.s3.commandCalls(s3.ListBucketsCommand)).toHaveLength(3);
    expect(byCheck(results, 'S3 default encryption').found).toBe('1 of 250 buckets not: bucket-249 (default encryption none)');
    expect(mocks.rds.commandCalls(rds.DescribeDBInstancesCommand)).toHaveLength(2);
    expect(byCheck(results, 'RDS DB instances').found).toBe('1 of 2 DB instances not: on-page-2 (not encrypted)');
  });
});

describe('when the verifier cannot check', () => {
  test('access denied on one check gives a not-checked result naming the denied call, exit code 2, and says how to fix it', async () => {
    mocks.securityHub.on(securityhub.GetFindingsCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }));
    const results = await run();
    const result = byCheck(results, 'Security Hub failed controls');
    expect(result).toMatchObject({ status: 'not-checked', errorKind: 'access-denied' });
    expect(result.found).toMatch(/^securityhub:GetFindings denied in eu-west-2 \(AccessDeniedException\)\. Fix: allow securityhub:GetFindings .*SecurityAudit/);
    expect(exitCodeOf(results)).toBe(2);
    expect(liveRows(results, () => 'London', NOW.toISOString()).findings.find((f) => f.check === 'Security Hub failed controls')).toMatchObject({
      status: 'not-checked',
      reason: expect.stringMatching(/^securityhub:GetFindings denied/),
    });
  });
});
