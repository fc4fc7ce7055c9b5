import { spawnSync } from 'child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { acknowledge, addComplianceGate, readValidationReport } from '../../lib/compliance';
import { CHECK_OBJECTIVES, CONTROL_TOWER_OBJECTIVES } from '../../lib/compliance/control-mapping';
import { controlTowerCatalogue } from '../../lib/compliance/control-tower';
import { EVIDENCE_FILES, readEvidence, resourceInventory, writeEvidence } from '../../lib/compliance/evidence';
import { LIVE_PACK, liveRows } from '../../lib/verify/report';
import type { CheckResult } from '../../lib/verify/types';
import { HALO_RULES } from '../../lib/compliance/halo-checks';
import { buildComplianceReport, ComplianceReport, writeComplianceReport } from '../../lib/compliance/report';
import { reportDocument } from '../../lib/compliance/report/document';
import { renderHtml } from '../../lib/compliance/report/render-html';
import { complianceEvidenceOf } from '../../stacks/halo-app';
import { buildTestApp } from '../helpers';
import { runPermissionProofs } from '../../lib/proofs/run';

const outdir = () => mkdtempSync(join(tmpdir(), 'halo-report-'));
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
    const run = spawnSync('npx', ['ts-node', '--transpile-only', 'scripts/compliance.ts', '--assembly', dir], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr.split('\n').filter((l) => l.startsWith('NON-COMPLIANT')).sort()).toEqual([
      'NON-COMPLIANT eu-west-2 AwsSolutions-KMS5 at Fixture/BadKey/Resource: The KMS Symmetric key does not have automatic key rotation enabled.',
      'NON-COMPLIANT eu-west-2 Halo-KmsKeyRotationEnabled at Fixture/BadKey/Resource: A symmetric KMS key does not rotate its key material.',
    ]);
  });
});

describe('the compliance report of the real app', () => {
  // The one test run of every region with the packs on (CloudFormation validation off: the CI synth runs it).
  const dir = outdir();
  const built = buildTestApp({ compliance: true, outdir: dir });
  built.app.synth();
  let report: ComplianceReport;
  let html: string;
  beforeAll(async () => {
    const proofs = await runPermissionProofs(built.app);
    writeEvidence(dir, built.app, { ...complianceEvidenceOf(built), proofsRan: true, proofs });
    report = buildComplianceReport(readEvidence(dir), readValidationReport(dir), new Date());
    html = renderHtml(reportDocument(report));
  });

  test('holds the permission proofs as their own rule set, one row per proof: actor, action, resource, expected, result', () => {
    expect(report.proofsRan).toBe(true);
    expect(report.proofs.length).toBeGreaterThan(1000);
    const rows = report.findings.filter((f) => f.pack === 'Permission proofs');
    expect(rows).toHaveLength(report.proofs.length);
    expect(count(report, 'Permission proofs')).toMatchObject({ compliant: report.proofs.length, nonCompliant: 0 });
    expect(html).toContain('<h2>Permission proofs</h2>');
    const asg = report.proofs.find((p) => p.rule === 'Proof-AutoScalingCreatesVolumeGrant' && p.region === 'eu-west-2')!;
    expect(html).toContain(`<td>eu-west-2</td><td>Proof-AutoScalingCreatesVolumeGrant</td><td>service-linked role AWSServiceRoleForAutoScaling</td><td>kms:CreateGrant</td><td>${asg.resource}</td>`);
  });

  test('lists every cell\'s drills with their documents and schedules, and says the live verifier has not looked', () => {
    const london = report.sqlDrills.filter((d) => d.region === 'eu-west-2').map((d) => [d.cell, d.kind, d.document, d.schedule]);
    expect(london).toEqual([
      ['prod-stable', 'failover', 'halo-prod-stable-failover-drill', 'cron(0 1 ? * SUN#1 *) Europe/London'], ['prod-stable', 'restore', 'halo-prod-stable-restore-drill', 'cron(30 1 ? * SUN#1 *) Europe/London'],
      ['prod-beta', 'failover', 'halo-prod-beta-failover-drill', 'cron(0 1 ? * SUN#1 *) Europe/London'], ['prod-beta', 'restore', 'halo-prod-beta-restore-drill', 'cron(30 1 ? * SUN#1 *) Europe/London'],
      ['uat', 'restore', 'halo-uat-restore-drill', 'cron(30 1 ? * SUN#1 *) Europe/London'],
    ]);
    expect(report.sqlDrills).toHaveLength(9 * 2 + 7);
    report.sqlDrills.forEach((d) => expect(d.lastRun).toMatch(/live verifier not run/));
    expect(html).toContain('<h2>SQL Server drills</h2>');
    // With the live verifier's rows, each drill shows its last run as found (a failure in capitals).
    const results: CheckResult[] = [
      { region: 'eu-west-2', check: 'SQL Server drill: prod-stable restore', expected: 'succeeded', found: 'last run 2026-11-01 01:30 UTC: Success in 95 min (exec-1)', status: 'pass' },
      { region: 'eu-west-2', check: 'SQL Server drill: uat restore', expected: 'succeeded', found: 'f', status: 'fail', failures: [{ resource: 'uat', found: 'last run 2026-11-01 01:30 UTC: Failed in 9 min (exec-2)' }] },
    ];
    const live = buildComplianceReport(readEvidence(dir), readValidationReport(dir), new Date(), liveRows(results, () => 'London', '2026-11-24T00:00:00Z'));
    const lastRun = (cell: string, kind: string) => live.sqlDrills.find((d) => d.region === 'eu-west-2' && d.cell === cell && d.kind === kind)!.lastRun;
    expect(lastRun('prod-stable', 'restore')).toBe('as expected: last run 2026-11-01 01:30 UTC: Success in 95 min (exec-1)');
    expect(lastRun('uat', 'restore')).toBe('NON-COMPLIANT: expected succeeded; found last run 2026-11-01 01:30 UTC: Failed in 9 min (exec-2)');
    expect(lastRun('prod-stable', 'failover')).toBe('not checked by the live verifier');
  });

  test('says who runs GuardDuty, Security Hub, AWS Config and Security Lake in each region', () => {
    expect(report.securityServices).toHaveLength(7);
    expect(html).toContain('<h2>Security services: who runs them</h2>');
    expect(report.securityServices.find((s) => s.region === 'af-south-1')!.securityLake).toMatch(/not offered/);
  });

  test('synthesizes all seven regions with no finding left unfixed or unacknowledged, and agrees with validation-report.json', () => {
    expect(report.regions).toHaveLength(7);
    expect(report.unresolved).toEqual([]);
    expect(report.consistencyProblems).toEqual([]);
    expect(report.totals.compliant).toBeGreaterThan(10_000);
    const suppressed = readValidationReport(dir).pluginReports.flatMap((p) => p.suppressedViolations ?? []);
    expect(suppressed.length).toBe(report.totals.acknowledged);
    suppressed.forEach((v) => expect(v.reason).toMatch(/ Compensating control: .{20,}/));
  });

  test('every rule with results has a row in the mapping table', () => {
    expect(report.unmappedRules).toEqual([]);
    report.frameworks.forEach((f) => expect(f.controls.length).toBeGreaterThan(0));
  });

  test('every Halo rule and every Control Tower objective maps to controls', () => {
    HALO_RULES.forEach(({ rule }) => expect([rule.name, CHECK_OBJECTIVES[rule.name]?.length > 0]).toEqual([rule.name, true]));
    const objectives = new Set(controlTowerCatalogue().flatMap((c) => c.objectives));
    [...objectives].forEach((o) => expect([o, (CONTROL_TOWER_OBJECTIVES[o] ?? []).length > 0]).toEqual([o, true]));
  });

  test('the HTML contains every acknowledgement with its reason and compensating control, and is self-contained', () => {
    const escape = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
    expect(report.acknowledgements.length).toBeGreaterThan(1000);
    for (const a of report.acknowledgements) {
      expect(html).toContain(`<td>${escape(a.rule)}</td><td>${escape(a.path)}</td>`);
      expect(html).toContain(escape(a.reason));
      expect(html).toContain(escape(a.compensatingControl));
    }
    expect(html).not.toMatch(/<script|<link|src=|https?:\/\//);
  });

  test('every acknowledgement of the packs covers a finding (none is stale)', () => {
    // CloudFormation validation and cfn-guard do not run in this test; their acknowledgements are checked by the CI synth and --guard.
    const stale = report.acknowledgements.filter((a) => a.findingsCovered === 0 && !/^(CloudFormation-Validate|cdk-validator-cfnguard)::/.test(a.rule));
    expect(stale.map((a) => `${a.rule} at ${a.path}`)).toEqual([]);
  });

  test('reports our own pack by topic, and every cell\'s residency, backup destinations and recovery objectives', () => {
    expect(new Set(report.ownPack.map((r) => r.topic))).toEqual(new Set(['residency', 'TLS', 'HSTS', 'backup cadence', 'witness placement', 'retention', 'encryption', 'exposure']));
    report.ownPack.forEach((r) => expect([r.rule, r.resourcesChecked > 0, r.nonCompliant]).toEqual([r.rule, true, 0]));
    expect(report.cells).toHaveLength(built.stages.flatMap((s) => s.regionConfig.cells).length);
    report.cells.forEach((c) => expect([c.region, c.cell, c.backupsInZone, c.rpo.met, c.rto.met, c.dailyRetention.met]).toEqual([c.region, c.cell, true, true, true, true]));
    expect(report.gaps.map((g) => g.path)).toEqual(['CapeTown/Security', 'Bahrain/Security']);
  });
});
