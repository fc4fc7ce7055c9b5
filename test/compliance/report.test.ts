import { createHash } from 'crypto';
import { existsSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { readValidationReport } from '../../lib/compliance';
import { EVIDENCE_FILES, readEvidence } from '../../lib/compliance/evidence';
import { LIVE_PACK, liveRows } from '../../lib/verify/report';
import type { CheckResult } from '../../lib/verify/types';
import { buildComplianceReport, ComplianceReport, readLivePosture, writeComplianceReport } from '../../lib/compliance/report';
import { CSV_COLUMNS, field } from '../../lib/compliance/report/render-csv';
import { fixtureAssembly, IAM4_READ_ONLY, runCompliance } from './report-fixture';

const count = (r: ComplianceReport, pack: string) => r.packTotals.find((p) => p.pack === pack)!;

// The report of the fixture app, synthesized with every pack, the proofs and CloudFormation validation: fixture-app.test.ts.

describe('the compliance report of a fixture app with known findings', () => {
  const dir = fixtureAssembly();
  const { report } = writeComplianceReport(dir, { generatedAt: new Date('2026-11-24T00:00:00Z') });
  const validation = readValidationReport(dir);
  const reported = (pack: string, list: 'violations' | 'suppressedViolations') =>
    (validation.pluginReports.find((p) => p.pluginName === pack)?.[list] ?? [])
      .flatMap((v) => (v.violatingConstructs ?? []).map((c) => `${v.ruleName} ${c.constructPath}`))
      .sort();

  test.each(['AwsSolutions', 'Halo'])('counts for %s equal the findings and acknowledgements of validation-report.json', (pack) => {
    expect(count(report, pack).nonCompliant).toBe(reported(pack, 'violations').length);
    expect(count(report, pack).acknowledged).toBe(reported(pack, 'suppressedViolations').length);
    expect(report.consistencyProblems).toEqual([]);
  });

  test('the known findings land where they belong, compliant evaluations included', () => {
    const rows = (status: string) =>
      report.findings
        .filter((f) => f.status === status)
        .map((f) => `${f.rule} ${f.path}`)
        .sort();
    expect(rows('non-compliant')).toEqual(['AwsSolutions-KMS5 Fixture/BadKey/Resource', 'Halo-StatefulResourceRetained Fixture/BadKey/Resource']);
    expect(rows('acknowledged')).toEqual(
      [
        `${IAM4_READ_ONLY} Fixture/Role/Resource`,
        'AwsSolutions-KMS5 Fixture/AckedKey/Resource',
        'Halo-StatefulResourceRetained Fixture/AckedKey/Resource',
      ].sort(),
    );
    expect(rows('compliant')).toEqual(
      expect.arrayContaining(['AwsSolutions-KMS5 Fixture/GoodKey/Resource', 'Halo-StatefulResourceRetained Fixture/GoodKey/Resource']),
    );
    // The finding-level IAM4 acknowledgement reaches the validation report too, not only cdk-nag's own filter.
    expect(reported('AwsSolutions', 'suppressedViolations')).toContain(`${IAM4_READ_ONLY} Fixture/Role/Resource`);
    expect(report.acknowledgements.map((a) => a.findingsCovered)).toEqual([1, 1, 1]);
  });

  test('writes every file; findings.csv has one row per rule × resource', () => {
    ['report.json', 'findings.csv', 'report.md', 'report.html', 'report.sarif'].forEach((f) => expect(existsSync(join(dir, 'compliance', f))).toBe(true));
    const csv = readFileSync(join(dir, 'compliance', 'findings.csv'), 'utf8')
      .trim()
      .split('\r\n');
    expect(csv[0]).toBe(
      'run id,synth started,commit,tools,configuration sha256,template sha256,region,stage,stack,resource type,logical id,construct path,pack,rule id,rule title,finding detail,level,status,mapped controls,reason,compensating control,acknowledged at',
    );
    expect(csv).toHaveLength(report.findings.length + 1);
    expect(csv.find((line) => line.includes('Fixture/AckedKey/Resource,Halo,Halo-StatefulResourceRetained'))).toContain(',acknowledged,');
    expect(csv.find((line) => line.includes('Fixture/AckedKey/Resource,Halo,Halo-StatefulResourceRetained'))).toContain(
      ',A reason long enough for the register.,A compensating control long enough too.,Fixture/AckedKey',
    );
  });

  test('findings.csv: resource type, logical ID, rule id, title, detail and controls in columns of their own; every row names the run', () => {
    const lines = readFileSync(join(dir, 'compliance', 'findings.csv'), 'utf8')
      .trim()
      .split('\r\n')
      .slice(1);
    const template = JSON.parse(readFileSync(join(dir, 'Fixture.template.json'), 'utf8')).Resources as Record<string, { Type: string }>;
    const column = (name: string) => CSV_COLUMNS.indexOf(name);
    // Fields are quoted only when they hold a comma; split on the RFC 4180 grammar.
    const cells = (line: string) => [...line.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)].map((m) => m[1].replace(/^"|"$/g, '').replace(/""/g, '"'));
    const rows = lines.map(cells);
    expect(rows.every((r) => r.length === CSV_COLUMNS.length && r[column('run id')] === report.provenance.runId)).toBe(true);
    // Every row names its synth and the template it was found in, as the report's provenance does.
    const { commit, dirty, synthStartedAt, configSha256, versions } = report.provenance;
    const templateSha = createHash('sha256')
      .update(readFileSync(join(dir, 'Fixture.template.json')))
      .digest('hex');
    rows.forEach((r) =>
      expect([r[column('commit')], r[column('synth started')], r[column('configuration sha256')], r[column('template sha256')]]).toEqual([
        `${commit}${dirty ? ' (dirty)' : ''}`,
        synthStartedAt,
        configSha256,
        templateSha,
      ]),
    );
    expect(rows[0][column('tools')]).toBe(
      `awsCdkLib ${versions.awsCdkLib}; cdkCli ${versions.cdkCli}; cdkNag ${versions.cdkNag}; guardValidator ${versions.guardValidator}; node ${versions.node}`,
    );
    expect(commit).toMatch(/^([0-9a-f]{40}|unknown)$/);
    const iam4 = rows.find((r) => r[column('rule id')] === 'AwsSolutions-IAM4')!;
    expect(iam4[column('finding detail')]).toBe('Policy::arn:<AWS::Partition>:iam::aws:policy/ReadOnlyAccess');
    expect(iam4[column('rule title')]).toBe('The IAM user, role, or group uses AWS managed policies.');
    expect(iam4[column('resource type')]).toBe('AWS::IAM::Role');
    expect(template[iam4[column('logical id')]].Type).toBe('AWS::IAM::Role');
    const retained = rows.find((r) => r[column('rule id')] === 'Halo-StatefulResourceRetained' && r[column('construct path')] === 'Fixture/BadKey/Resource')!;
    expect(retained[column('mapped controls')].split(';')).toEqual(expect.arrayContaining(['NIST SP 800-53 Rev. 5 CP-9', 'ISO/IEC 27001:2022 Annex A A.8.13']));
    expect(template[retained[column('logical id')]].Type).toBe('AWS::KMS::Key');
    // No rule id keeps its finding: the detail has its own column.
    expect(rows.filter((r) => r[column('rule id')].includes('['))).toEqual([]);
  });

  test("includes the live verifier's results only when given them (--live), not because live-posture.json lies in the assembly", () => {
    const withLive = fixtureAssembly();
    const results: CheckResult[] = [
      { region: 'eu-west-2', check: 'CloudTrail trail', expected: 'trail halo-london logging', found: 'logging', status: 'pass' },
      {
        region: 'eu-west-2',
        check: 'S3 TLS only',
        expected: 'every bucket denies plain HTTP',
        found: '1 of 3 buckets not',
        status: 'fail',
        failures: [{ resource: 'b-1', found: 'no TLS-only statement' }],
      },
      {
        region: 'eu-west-2',
        check: 'Backup plans',
        expected: 'one plan per cell',
        found: 'Access denied in eu-west-2 for backup:ListBackupPlans.',
        status: 'error',
        errorKind: 'access-denied',
      },
      { region: 'eu-west-2', check: 'Security Hub failed controls', expected: 'reported', found: 'failed controls: HIGH 1', status: 'info' },
      {
        region: 'eu-west-2',
        check: 'SQL Server drill: prod-stable restore',
        expected: 'the restore drill succeeded within 35 days',
        found: 'last run 2026-11-01 01:30 UTC: Success in 95 min (exec-1)',
        status: 'pass',
      },
    ];
    const liveFile = join(withLive, EVIDENCE_FILES.livePosture);
    writeFileSync(liveFile, JSON.stringify(liveRows(results, () => 'London', '2026-11-24T00:00:00Z')));
    // Only when asked: a live-posture.json lying in the assembly is not read.
    expect(writeComplianceReport(withLive).report.packs).not.toContain(LIVE_PACK);
    const live = writeComplianceReport(withLive, { live: readLivePosture(liveFile, { maxAgeMs: 86_400_000, now: new Date('2026-11-24T06:00:00Z') }) }).report;
    expect(count(live, LIVE_PACK)).toMatchObject({ rulesEvaluated: 3, compliant: 2, nonCompliant: 1 });
    expect(live.unresolved).toContain(
      'eu-west-2 Live-S3 TLS only at London/live/S3 TLS only/b-1: expected every bucket denies plain HTTP; found no TLS-only statement',
    );
    expect(live.unmappedRules).toEqual([]);
    // A check that could not run is open, and evidence of nothing; an informational one is not a row at all.
    expect(live.notChecked).toEqual([
      'eu-west-2 Live-Backup plans at London/live/Backup plans: not checked: Access denied in eu-west-2 for backup:ListBackupPlans.',
    ]);
    expect(live.unresolved.filter((l) => l.includes('Backup plans'))).toEqual([]);
    expect(live.frameworks.flatMap((f) => f.controls.flatMap((c) => c.rules))).not.toContain('Live-Backup plans');
    expect(live.findings.some((f) => f.check === 'Security Hub failed controls')).toBe(false);
    expect(live.liveGeneratedAt).toBe('2026-11-24T00:00:00Z');
    // A passing check keeps what it found: here, when the drill last ran.
    expect(live.findings.find((f) => f.check === 'SQL Server drill: prod-stable restore')!.reason).toBe(
      'last run 2026-11-01 01:30 UTC: Success in 95 min (exec-1)',
    );
  });

  test('flags cfn-guard asked for but not completed, rather than counting its silence as passes', () => {
    const dir = fixtureAssembly();
    const evidence = readEvidence(dir);
    const report = buildComplianceReport({ ...evidence, guardRequested: true, guard: false }, readValidationReport(dir), new Date());
    expect(report.consistencyProblems).toEqual(['cdk-validator-cfnguard was asked to run but did not complete its validation: its controls are not evidenced']);
    expect(report.findings.some((f) => f.pack === 'cdk-validator-cfnguard')).toBe(false);
  });

  test('npm run compliance exits 1 with one line per finding neither fixed nor acknowledged', () => {
    const run = runCompliance('--assembly', dir);
    expect(run.status).toBe(1);
    expect(
      run.stderr
        .split('\n')
        .filter((l) => l.startsWith('NON-COMPLIANT'))
        .sort(),
    ).toEqual([
      'NON-COMPLIANT eu-west-2 AwsSolutions-KMS5 at Fixture/BadKey/Resource: The KMS Symmetric key does not have automatic key rotation enabled.',
      'NON-COMPLIANT eu-west-2 Halo-StatefulResourceRetained at Fixture/BadKey/Resource: A stateful resource is not retained on stack deletion or on replacement.',
    ]);
  });
});

describe('findings.csv fields', () => {
  test('quoted by RFC 4180, and never run as a formula by a spreadsheet', () => {
    expect(field('plain')).toBe('plain');
    expect(field('a, b')).toBe('"a, b"');
    expect(field('say "no"')).toBe('"say ""no"""');
    expect(field('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    ['+1', '-1', '@SUM(A1)', '\tx'].forEach((v) => expect(field(v)).toMatch(/^"?'/));
  });
});
