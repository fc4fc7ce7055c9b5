import { spawnSync } from 'child_process';
import { existsSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { acknowledge, addComplianceGate, readValidationReport } from '../../lib/compliance';
import { EVIDENCE_FILES, readEvidence, resourceInventory, writeEvidence } from '../../lib/compliance/evidence';
import { LIVE_PACK, liveRows } from '../../lib/verify/report';
import type { CheckResult } from '../../lib/verify/types';
import { buildComplianceReport, ComplianceReport, writeComplianceReport } from '../../lib/compliance/report';
import { scratchDir } from '../fixtures/assembly';

const outdir = () => scratchDir('halo-report-');
const why = { reason: 'A reason long enough for the register.', compensatingControl: 'A compensating control long enough too.' };
const IAM4_READ_ONLY = 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/ReadOnlyAccess]';

/** An app with known findings: one key fixed, one failing, one acknowledged, and an acknowledged IAM4 finding. */
function fixtureAssembly(): string {
  const app = new App({ outdir: outdir(), builtinCloudFormationValidation: false });
  const stack = new Stack(app, 'Fixture', { env: { account: '111122223333', region: 'eu-west-2' } });
  new kms.Key(stack, 'GoodKey', { enableKeyRotation: true, removalPolicy: RemovalPolicy.RETAIN });
  new kms.Key(stack, 'BadKey', { enableKeyRotation: false, removalPolicy: RemovalPolicy.RETAIN });
  const acked = new kms.Key(stack, 'AckedKey', { enableKeyRotation: false, removalPolicy: RemovalPolicy.RETAIN });
  acknowledge(acked, 'Halo-KmsKeyRotationEnabled', why);
  acknowledge(acked, 'AwsSolutions-KMS5', why);
  const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'), managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('ReadOnlyAccess')] });
  acknowledge(role, IAM4_READ_ONLY, why);
  const ledger = addComplianceGate(app, { only: ['AwsSolutions', 'Halo'] });
  expect(() => app.synth()).toThrow(/Fixture\/BadKey\/Resource/);
  writeEvidence(app.outdir, app, {
    regions: [{ stage: '', code: 'eu-west-2', name: 'London' }], packs: ledger.packs(), resources: resourceInventory(app),
    guard: false, evaluations: ledger.evaluations(), cells: [],
  });
  return app.outdir;
}

const count = (r: ComplianceReport, pack: string) => r.packTotals.find((p) => p.pack === pack)!;

// The report of the fixture app, synthesized with every pack, the proofs and CloudFormation validation: fixture-app.test.ts.

describe('the compliance report of a fixture app with known findings', () => {
  const dir = fixtureAssembly();
  const { report } = writeComplianceReport(dir, new Date('2026-11-24T00:00:00Z'));
  const validation = readValidationReport(dir);
  const reported = (pack: string, list: 'violations' | 'suppressedViolations') => (validation.pluginReports.find((p) => p.pluginName === pack)?.[list] ?? [])
    .flatMap((v) => (v.violatingConstructs ?? []).map((c) => `${v.ruleName} ${c.constructPath}`)).sort();

  test.each(['AwsSolutions', 'Halo'])('counts for %s equal the findings and acknowledgements of validation-report.json', (pack) => {
    expect(count(report, pack).nonCompliant).toBe(reported(pack, 'violations').length);
    expect(count(report, pack).acknowledged).toBe(reported(pack, 'suppressedViolations').length);
    expect(report.consistencyProblems).toEqual([]);
  });

  test('the known findings land where they belong, compliant evaluations included', () => {
    const rows = (status: string) => report.findings.filter((f) => f.status === status).map((f) => `${f.rule} ${f.path}`).sort();
    expect(rows('non-compliant')).toEqual(['AwsSolutions-KMS5 Fixture/BadKey/Resource', 'Halo-KmsKeyRotationEnabled Fixture/BadKey/Resource']);
    expect(rows('acknowledged')).toEqual([`${IAM4_READ_ONLY} Fixture/Role/Resource`, 'AwsSolutions-KMS5 Fixture/AckedKey/Resource', 'Halo-KmsKeyRotationEnabled Fixture/AckedKey/Resource'].sort());
    expect(rows('compliant')).toEqual(expect.arrayContaining(['AwsSolutions-KMS5 Fixture/GoodKey/Resource', 'Halo-KmsKeyRotationEnabled Fixture/GoodKey/Resource']));
    // The finding-level IAM4 acknowledgement reaches the validation report too, not only cdk-nag's own filter.
    expect(reported('AwsSolutions', 'suppressedViolations')).toContain(`${IAM4_READ_ONLY} Fixture/Role/Resource`);
    expect(report.acknowledgements.map((a) => a.findingsCovered)).toEqual([1, 1, 1]);
  });

  test('writes every file; findings.csv has one row per rule × resource', () => {
    ['report.json', 'findings.csv', 'report.md', 'report.html'].forEach((f) => expect(existsSync(join(dir, 'compliance', f))).toBe(true));
    const csv = readFileSync(join(dir, 'compliance', 'findings.csv'), 'utf8').trim().split('\r\n');
    expect(csv[0]).toBe('region,stage,stack,construct path,pack,rule,level,status,reason,compensating control,acknowledged at');
    expect(csv).toHaveLength(report.findings.length + 1);
    expect(csv.find((line) => line.includes('Fixture/AckedKey/Resource,Halo,Halo-KmsKeyRotationEnabled'))).toContain(',acknowledged,A reason long enough for the register.,A compensating control long enough too.,Fixture/AckedKey');
  });

  test('includes the live verifier\'s results when live-posture.json is in the assembly', () => {
    const withLive = fixtureAssembly();
    const results: CheckResult[] = [
      { region: 'eu-west-2', check: 'CloudTrail trail', expected: 'trail halo-london logging', found: 'logging', status: 'pass' },
      { region: 'eu-west-2', check: 'S3 TLS only', expected: 'every bucket denies plain HTTP', found: '1 of 3 buckets not', status: 'fail', failures: [{ resource: 'b-1', found: 'no TLS-only statement' }] },
      { region: 'eu-west-2', check: 'Backup plans', expected: 'one plan per cell', found: 'Access denied in eu-west-2 for backup:ListBackupPlans.', status: 'error', errorKind: 'access-denied' },
      { region: 'eu-west-2', check: 'Security Hub failed controls', expected: 'reported', found: 'failed controls: HIGH 1', status: 'info' },
      { region: 'eu-west-2', check: 'SQL Server drill: prod-stable restore', expected: 'the restore drill succeeded within 35 days', found: 'last run 2026-11-01 01:30 UTC: Success in 95 min (exec-1)', status: 'pass' },
    ];
    writeFileSync(join(withLive, EVIDENCE_FILES.livePosture), JSON.stringify(liveRows(results, () => 'London', '2026-11-24T00:00:00Z')));
    const live = writeComplianceReport(withLive).report;
    expect(count(live, LIVE_PACK)).toMatchObject({ rulesEvaluated: 3, compliant: 2, nonCompliant: 1 });
    expect(live.unresolved).toContain('eu-west-2 Live-S3 TLS only at London/live/S3 TLS only/b-1: expected every bucket denies plain HTTP; found no TLS-only statement');
    expect(live.unmappedRules).toEqual([]);
    // A check that could not run is open, and evidence of nothing; an informational one is not a row at all.
    expect(live.unresolved).toContain('eu-west-2 Live-Backup plans at London/live/Backup plans: not checked: Access denied in eu-west-2 for backup:ListBackupPlans.');
    expect(live.frameworks.flatMap((f) => f.controls.flatMap((c) => c.rules))).not.toContain('Live-Backup plans');
    expect(live.findings.some((f) => f.check === 'Security Hub failed controls')).toBe(false);
    expect(live.liveGeneratedAt).toBe('2026-11-24T00:00:00Z');
    // A passing check keeps what it found: here, when the drill last ran.
    expect(live.findings.find((f) => f.check === 'SQL Server drill: prod-stable restore')!.reason).toBe('last run 2026-11-01 01:30 UTC: Success in 95 min (exec-1)');
  });

  test('flags cfn-guard asked for but not completed, rather than counting its silence as passes', () => {
    const dir = fixtureAssembly();
    const evidence = readEvidence(dir);
    const report = buildComplianceReport({ ...evidence, guardRequested: true, guard: false }, readValidationReport(dir), new Date());
    expect(report.consistencyProblems).toEqual(['cdk-validator-cfnguard was asked to run but did not complete its validation: its controls are not evidenced']);
    expect(report.findings.some((f) => f.pack === 'cdk-validator-cfnguard')).toBe(false);
  });

  test('npm run compliance exits 1 with one line per finding neither fixed nor acknowledged', () => {
    // The script itself, transpiled as the app's other entry points are (sucrase), without npm's and ts-node's start-up.
    const run = spawnSync(process.execPath, ['-r', 'sucrase/register/ts', 'scripts/compliance.ts', '--assembly', dir], { encoding: 'utf8', cwd: join(__dirname, '..', '..') });
    expect(run.status).toBe(1);
    expect(run.stderr.split('\n').filter((l) => l.startsWith('NON-COMPLIANT')).sort()).toEqual([
      'NON-COMPLIANT eu-west-2 AwsSolutions-KMS5 at Fixture/BadKey/Resource: The KMS Symmetric key does not have automatic key rotation enabled.',
      'NON-COMPLIANT eu-west-2 Halo-KmsKeyRotationEnabled at Fixture/BadKey/Resource: A symmetric KMS key does not rotate its key material.',
    ]);
  });
});
