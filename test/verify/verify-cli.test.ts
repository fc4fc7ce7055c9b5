import { spawnSync } from 'child_process';
import { mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { LivePostureReport } from '../../lib/verify/report';
import { expectedPosture } from '../../stacks/expected-posture';
import { londonStage } from '../helpers';

describe('the expected posture of a region', () => {
  test('is what the London Stage declares', () => {
    const expected = expectedPosture(londonStage());
    expect(expected).toMatchObject({
      region: 'eu-west-2', stage: 'London', account: '111122223333', trailName: 'halo-london',
      vault: { name: 'halo-london', minRetentionDays: 14, maxRetentionDays: 90 },
      guardDutyFeatures: ['S3_DATA_EVENTS', 'EBS_MALWARE_PROTECTION'],
      securityServices: { guardDuty: 'stack', securityHub: 'stack', config: 'stack' },
      bucketNamePrefixes: ['halo-london-', 'halo-111122223333-eu-west-2-'],
    });
    expected.securityHubStandards.forEach((arn) => expect(arn).toMatch(/^arn:aws:securityhub:eu-west-2::standards\/.+/));
    expect(expected.backupPlans.map((p) => p.name)).toEqual(['halo-eu-west-2-prod-stable', 'halo-eu-west-2-prod-beta', 'halo-eu-west-2-uat']);
    expect(expected.restoreTests.map((t) => t.cell)).toEqual(['prod-stable', 'prod-beta']);
    expect(expected.sqlNodes.filter((n) => n.cell === 'prod-stable').map((n) => n.availabilityZone)).toEqual(['eu-west-2a', 'eu-west-2b']);
    expect(expected.sqlNodes.filter((n) => n.cell === 'uat').map((n) => n.hostName)).toEqual(['uat-1']);
    // A failover drill where there is an availability group, a restore drill everywhere.
    expect(expected.sqlDrills.map((d) => `${d.cell} ${d.kind} ${d.documentName}`)).toEqual([
      'prod-stable failover halo-prod-stable-failover-drill', 'prod-stable restore halo-prod-stable-restore-drill',
      'prod-beta failover halo-prod-beta-failover-drill', 'prod-beta restore halo-prod-beta-restore-drill', 'uat restore halo-uat-restore-drill',
    ]);
    // The audit trail's bucket is locked, the access-log bucket is not; both are versioned.
    const security = expected.buckets.filter((b) => b.stack === 'halo-london-security');
    expect(security.map((b) => b.objectLock).sort()).toEqual([false, false, true]);
    security.forEach((b) => expect(b.versioned).toBe(true));
  });
});

describe('npm run verify', () => {
  // No credentials anywhere and the instance metadata service off: the default chain finds nothing, offline.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')));
  const offline = { ...env, AWS_EC2_METADATA_DISABLED: 'true', AWS_CONFIG_FILE: '/nonexistent/config', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials' };
  const verify = (...args: string[]) => spawnSync('npx', ['ts-node', '--transpile-only', 'scripts/verify.ts', ...args], { encoding: 'utf8', env: offline });

  test('without credentials exits 2, says so and how to fix it, and writes the JSON for the report', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'halo-verify-')), 'live.json');
    const run = verify('--region', 'London', '--json', file);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/Could not check London \(eu-west-2\): No AWS credentials: .* Fix: set AWS_PROFILE/);
    expect(run.stdout).toMatch(/^ERROR +eu-west-2 +account access +expected: credentials for account 111122223333/m);
    const report = JSON.parse(readFileSync(file, 'utf8')) as LivePostureReport;
    expect(report.findings).toEqual([expect.objectContaining({ region: 'eu-west-2', stage: 'London', pack: 'Live posture', status: 'not-checked', reason: expect.stringMatching(/^No AWS credentials/) })]);
  });

  test('refuses an unknown region or no region, naming what is allowed', () => {
    expect(verify('--region', 'paris')).toMatchObject({ status: 2, stderr: expect.stringMatching(/unknown: paris/) });
    expect(verify()).toMatchObject({ status: 2, stderr: expect.stringMatching(/usage: npm run verify -- --region <name or code>/) });
  });
});
