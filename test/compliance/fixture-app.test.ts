import { readValidationReport } from '../../lib/compliance';
import { CHECK_OBJECTIVES, CONTROL_TOWER_OBJECTIVES } from '../../lib/compliance/control-mapping';
import { controlTowerCatalogue } from '../../lib/compliance/control-tower';
import { readEvidence } from '../../lib/compliance/evidence';
import { HALO_RULES } from '../../lib/compliance/halo-checks';
import { buildComplianceReport, ComplianceReport } from '../../lib/compliance/report';
import { reportDocument } from '../../lib/compliance/report/document';
import { renderHtml } from '../../lib/compliance/report/render-html';
import { liveRows } from '../../lib/verify/report';
import type { CheckResult } from '../../lib/verify/types';
import { fixtureInput, FIXTURE_ORGANIZATION_ADMINISTRATOR, FIXTURE_STAGES } from '../fixtures/config';
import { fixtureCompliance } from '../fixtures/assembly';

const count = (r: ComplianceReport, pack: string) => r.packTotals.find((p) => p.pack === pack)!;
const cells = fixtureInput().regions.flatMap((r) => r.cells);

/**
 * The fixture app synthesized once for the run as CI synthesizes the shipped one (test/fixtures/synthesize-fixture.ts:
 * the four packs and our own, the permission proofs, CloudFormation validation), and the auditor report of it.
 */
describe('the compliance report of the fixture app', () => {
  const dir = fixtureCompliance();
  const report = buildComplianceReport(readEvidence(dir), readValidationReport(dir), new Date());
  const html = renderHtml(reportDocument(report));

  test('holds the permission proofs as their own rule set, one row per proof: actor, action, resource, expected, result', () => {
    expect(report.proofsRan).toBe(true);
    expect(report.proofs.length).toBeGreaterThan(500);
    const rows = report.findings.filter((f) => f.pack === 'Permission proofs');
    expect(rows).toHaveLength(report.proofs.length);
    expect(count(report, 'Permission proofs')).toMatchObject({ compliant: report.proofs.length, nonCompliant: 0 });
    expect(html).toContain('<h2>Permission proofs</h2>');
    const asg = report.proofs.find((p) => p.rule === 'Proof-AutoScalingCreatesVolumeGrant' && p.region === 'eu-west-2')!;
    expect(html).toContain(
      `<td>eu-west-2</td><td>Proof-AutoScalingCreatesVolumeGrant</td><td>service-linked role AWSServiceRoleForAutoScaling</td><td>kms:CreateGrant</td><td>${asg.resource}</td>`,
    );
  });

  test("lists every cell's drills with their documents and schedules, and says the live verifier has not looked", () => {
    const london = report.sqlDrills.filter((d) => d.region === 'eu-west-2').map((d) => [d.cell, d.kind, d.document, d.schedule]);
    expect(london).toEqual([
      ['prod-stable', 'failover', 'halo-prod-stable-failover-drill', 'cron(0 1 ? * SUN#1 *) Europe/London'],
      ['prod-stable', 'restore', 'halo-prod-stable-restore-drill', 'cron(30 1 ? * SUN#1 *) Europe/London'],
      ['prod-beta', 'failover', 'halo-prod-beta-failover-drill', 'cron(0 1 ? * SUN#1 *) Europe/London'],
      ['prod-beta', 'restore', 'halo-prod-beta-restore-drill', 'cron(30 1 ? * SUN#1 *) Europe/London'],
      ['uat', 'restore', 'halo-uat-restore-drill', 'cron(30 1 ? * SUN#1 *) Europe/London'],
    ]);
    // Production cells have both drills, UAT cells (one node) the restore drill.
    expect(report.sqlDrills).toHaveLength(cells.filter((c) => c.environment === 'production').length * 2 + cells.filter((c) => c.environment === 'uat').length);
    report.sqlDrills.forEach((d) => expect(d.lastRun).toMatch(/live verifier not run/));
    expect(html).toContain('<h2>SQL Server drills</h2>');
    // With the live verifier's rows, each drill shows its last run as found (a failure in capitals).
    const results: CheckResult[] = [
      {
        region: 'eu-west-2',
        check: 'SQL Server drill: prod-stable restore',
        expected: 'succeeded',
        found: 'last run 2026-11-01 01:30 UTC: Success in 95 min (exec-1)',
        status: 'pass',
      },
      {
        region: 'eu-west-2',
        check: 'SQL Server drill: uat restore',
        expected: 'succeeded',
        found: 'f',
        status: 'fail',
        failures: [{ resource: 'uat', found: 'last run 2026-11-01 01:30 UTC: Failed in 9 min (exec-2)' }],
      },
    ];
    const live = buildComplianceReport(
      readEvidence(dir),
      readValidationReport(dir),
      new Date(),
      liveRows(results, () => 'London', '2026-11-24T00:00:00Z'),
    );
    const lastRun = (cell: string, kind: string) => live.sqlDrills.find((d) => d.region === 'eu-west-2' && d.cell === cell && d.kind === kind)!.lastRun;
    expect(lastRun('prod-stable', 'restore')).toBe('as expected: last run 2026-11-01 01:30 UTC: Success in 95 min (exec-1)');
    expect(lastRun('uat', 'restore')).toBe('NON-COMPLIANT: expected succeeded; found last run 2026-11-01 01:30 UTC: Failed in 9 min (exec-2)');
    expect(lastRun('prod-stable', 'failover')).toBe('not checked by the live verifier');
  });

  test('says who runs GuardDuty, Security Hub, AWS Config and Security Lake in each region', () => {
    expect(report.securityServices).toHaveLength(FIXTURE_STAGES.length);
    expect(html).toContain('<h2>Security services: who runs them</h2>');
    expect(report.securityServices.find((s) => s.region === 'af-south-1')!.securityLake).toMatch(/not offered/);
    // Frankfurt's organization runs all three; London's Security stack runs them.
    expect(report.securityServices.find((s) => s.region === 'eu-central-1')).toEqual(
      expect.objectContaining({
        guardDuty: expect.stringMatching(new RegExp(`^the organization \\(delegated administrator ${FIXTURE_ORGANIZATION_ADMINISTRATOR}\\)`)),
        securityHub: expect.stringMatching(/^the organization/),
        config: expect.stringMatching(/^the organization/),
      }),
    );
    expect(report.securityServices.find((s) => s.region === 'eu-west-2')!.guardDuty).toBe('this app (halo-london-security)');
  });

  test('synthesizes every region with no finding left unfixed or unacknowledged, and agrees with validation-report.json', () => {
    expect(report.regions.map((r) => r.stage)).toEqual([...FIXTURE_STAGES]);
    expect(report.unresolved).toEqual([]);
    expect(report.consistencyProblems).toEqual([]);
    expect(report.totals.compliant).toBeGreaterThan(5_000);
    const suppressed = readValidationReport(dir).pluginReports.flatMap((p) => p.suppressedViolations ?? []);
    // One acknowledged row per rule and construct (a plugin may list several constructs under one suppressed violation).
    expect(suppressed.flatMap((v) => v.violatingConstructs ?? [{}]).length).toBe(report.totals.acknowledged);
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

  test('every acknowledgement of the packs and of CloudFormation validation covers a finding (none is stale)', () => {
    // cfn-guard does not run here; its acknowledgements are checked by `npm run compliance -- --guard`.
    const stale = report.acknowledgements.filter((a) => a.findingsCovered === 0 && !/^cdk-validator-cfnguard::/.test(a.rule));
    expect(stale.map((a) => `${a.rule} at ${a.path}`)).toEqual([]);
  });

  test("reports our own pack by topic, and every cell's residency, backup destinations and recovery objectives", () => {
    expect(new Set(report.ownPack.map((r) => r.topic))).toEqual(
      new Set(['residency', 'TLS', 'HSTS', 'backup cadence', 'witness placement', 'retention', 'encryption', 'exposure']),
    );
    report.ownPack.forEach((r) => expect([r.rule, r.resourcesChecked > 0, r.nonCompliant]).toEqual([r.rule, true, 0]));
    expect(report.cells).toHaveLength(cells.length);
    report.cells.forEach((c) =>
      expect([c.region, c.cell, c.backupsInZone, c.rpo.met, c.rto.met, c.dailyRetention.met]).toEqual([c.region, c.cell, true, true, true, true]),
    );
    // Only Cape Town lacks Security Lake: the register records the gap with its compensating control.
    expect(report.gaps.map((g) => [g.path, g.control])).toEqual([['CapeTown/Security', 'Amazon Security Lake']]);
    expect(report.gaps[0].compensatingControl).toMatch(/CloudTrail.*flow logs.*Security Hub/);
  });
});
