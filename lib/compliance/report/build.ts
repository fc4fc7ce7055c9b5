import { withoutNamespace } from '../acknowledge';
import { CONTROL_OBJECTIVES, FRAMEWORKS } from '../control-mapping';
import type { ComplianceEvidence } from '../evidence';
import { GUARD_PLUGIN } from '../gate';
import { HALO_PACK, HALO_RULES } from '../halo-checks';
import type { ValidationReport } from '../validation-report';
import type {
  AcknowledgementEntry,
  ComplianceReport,
  FindingRow,
  FrameworkEvidence,
  LiveFindingRow,
  OwnRuleResult,
  PackSummary,
  ReportProvenance,
} from './model';
import { baseRule, guardCompliantRows, key, ledgerRows, liveFindingRows, objectivesOfRow, pluginRows, proofRows, resourceLocator } from './rows';

export { PROOFS_PACK, PROOF_CHECK } from './rows';
/** A check that could not run is no evidence of any control. */
const isEvidence = (row: FindingRow) => row.status !== 'not-checked';

function summarize(all: readonly FindingRow[], region: string, pack: string): PackSummary {
  const rows = all.filter(isEvidence);
  const count = (status: FindingRow['status']) => rows.filter((r) => r.status === status).length;
  return {
    region,
    pack,
    rulesEvaluated: new Set(rows.map((r) => baseRule(r.rule))).size,
    resourcesChecked: new Set(rows.map((r) => r.path)).size,
    compliant: count('compliant'),
    nonCompliant: count('non-compliant'),
    acknowledged: count('acknowledged'),
  };
}

function groupBy<T, K extends string = string>(items: readonly T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = keyOf(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** Where the ledger and the synth's validation report disagree on a finding (they judge the same thing). */
function consistencyProblems(ledgerRows: readonly FindingRow[], report: ValidationReport, ledgerPacks: readonly string[]): string[] {
  const reported = (status: FindingRow['status']) =>
    new Set(
      report.pluginReports
        .filter((p) => ledgerPacks.includes(p.pluginName))
        .flatMap((p) =>
          (status === 'non-compliant' ? (p.violations ?? []) : (p.suppressedViolations ?? [])).flatMap((v) =>
            (v.violatingConstructs ?? []).map((c) => key(v.ruleName, c.constructPath ?? '')),
          ),
        ),
    );
  return (['non-compliant', 'acknowledged'] as const).flatMap((status) => {
    const inReport = reported(status);
    const inLedger = new Set(ledgerRows.filter((r) => r.status === status).map((r) => key(r.rule, r.path)));
    const describe = (k: string) => k.replace('\u0000', ' at ');
    return [
      ...[...inLedger].filter((k) => !inReport.has(k)).map((k) => `${describe(k)} is ${status} in the evaluations but not in validation-report.json`),
      ...[...inReport].filter((k) => !inLedger.has(k)).map((k) => `${describe(k)} is ${status} in validation-report.json but not in the evaluations`),
    ];
  });
}

function frameworks(rows: readonly FindingRow[]): FrameworkEvidence[] {
  const byObjective = groupBy(
    rows.filter(isEvidence).flatMap((row) => objectivesOfRow(row).map((objective) => ({ objective, row }))),
    (e) => e.objective,
  );
  return FRAMEWORKS.map((framework) => {
    const byControl = new Map<string, { objectives: Set<string>; rows: Set<FindingRow> }>();
    for (const [objective, entries] of byObjective) {
      const objectiveRows = entries.map((e) => e.row);
      for (const control of CONTROL_OBJECTIVES[objective].controls[framework]) {
        const entry = byControl.get(control) ?? { objectives: new Set<string>(), rows: new Set<FindingRow>() };
        entry.objectives.add(CONTROL_OBJECTIVES[objective].title);
        objectiveRows.forEach((r) => entry.rows.add(r));
        byControl.set(control, entry);
      }
    }
    const controls = [...byControl]
      .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
      .map(([control, { objectives, rows: controlRows }]) => {
        const list = [...controlRows];
        const count = (status: FindingRow['status']) => list.filter((r) => r.status === status).length;
        return {
          control,
          objectives: [...objectives],
          rules: [...new Set(list.map((r) => baseRule(r.rule)))].sort(),
          compliant: count('compliant'),
          nonCompliant: count('non-compliant'),
          acknowledged: count('acknowledged'),
        };
      });
    return { framework, controls };
  });
}

/** Plugins that failed without findings (they crashed), and cfn-guard asked for but not completed: the report cannot vouch for them. */
function pluginProblems(evidence: ComplianceEvidence, report: ValidationReport): string[] {
  return [
    ...report.pluginReports
      .filter((p) => p.conclusion === 'failure' && (p.violations ?? []).length === 0)
      .map((p) => `${p.pluginName} failed without reporting findings${p.metadata?.error ? `: ${p.metadata.error}` : ''}`),
    ...(evidence.guardRequested && !evidence.guard
      ? [`${GUARD_PLUGIN} was asked to run but did not complete its validation: its controls are not evidenced`]
      : []),
  ];
}

/** The live verifier's rows (`npm run verify -- --json`) and when they were taken. */
export interface LivePosture {
  readonly generatedAt: string;
  readonly findings: readonly LiveFindingRow[];
}

/** What the live verifier found of a drill's last run, or that it did not look. */
function lastDrillRun(drill: { region: string; cell: string; kind: string }, live?: LivePosture): string {
  const row = live?.findings.find((f) => f.region === drill.region && f.check === `SQL Server drill: ${drill.cell} ${drill.kind}`);
  if (!row)
    return live
      ? 'not checked by the live verifier'
      : 'live verifier not run (npm run verify -- --all --json live.json, then npm run compliance -- --live live.json)';
  return `${row.status === 'compliant' ? 'as expected' : row.status.toUpperCase()}: ${row.reason}`;
}

/** What the report says of the synth behind it: its run, commit, tools, configuration and templates. */
function provenanceOf(evidence: ComplianceEvidence): ReportProvenance {
  const { commit, dirty, repository, versions, configSha256, templates } = evidence.provenance;
  return { runId: evidence.runId, synthStartedAt: evidence.synthStartedAt, commit, dirty, repository, versions, configSha256, templates };
}

/** Builds the auditor report from a synth's evidence and its validation report, and the live verifier's rows if given. */
export function buildComplianceReport(evidence: ComplianceEvidence, validation: ValidationReport, generatedAt: Date, live?: LivePosture): ComplianceReport {
  const locate = resourceLocator(evidence);
  const synthLedgerRows = ledgerRows(evidence, locate);
  const reportedRows = pluginRows(validation, evidence.packs, locate);
  const rows = [
    ...synthLedgerRows,
    ...reportedRows,
    ...proofRows(evidence, locate),
    ...(evidence.guard ? guardCompliantRows(evidence.resources, reportedRows) : []),
    ...liveFindingRows(live?.findings ?? []),
  ];
  const packs = [...new Set(rows.map((r) => r.pack))];
  const summary = [...groupBy(rows, (r) => `${r.region}\u0000${r.pack}`)]
    .map(([k, group]) => summarize(group, k.split('\u0000')[0], k.split('\u0000')[1]))
    .sort((a, b) => a.region.localeCompare(b.region) || packs.indexOf(a.pack) - packs.indexOf(b.pack));
  const packTotals = packs.map((pack) =>
    summarize(
      rows.filter((r) => r.pack === pack),
      'all',
      pack,
    ),
  );
  const { region: _r, pack: _p, ...totals } = summarize(rows, 'all', 'all');

  const ownPack: OwnRuleResult[] = HALO_RULES.map(({ rule, topic, info }) => {
    const s = summarize(
      synthLedgerRows.filter((r) => r.rule === `${HALO_PACK}-${rule.name}`),
      'all',
      HALO_PACK,
    );
    return {
      rule: `${HALO_PACK}-${rule.name}`,
      topic,
      description: info,
      resourcesChecked: s.resourcesChecked,
      compliant: s.compliant,
      nonCompliant: s.nonCompliant,
      acknowledged: s.acknowledged,
    };
  });

  const covered = groupBy(
    rows.filter((r) => r.status === 'acknowledged'),
    (r) => `${r.acknowledgedAt}\u0000${r.rule}`,
  );
  // Plugins outside the ledger report rule ids without the namespace the register keeps (`cdk-validator-cfnguard::`).
  const acknowledgements: AcknowledgementEntry[] = evidence.acknowledgements.map((a) => ({
    ...a,
    findingsCovered: [...new Set([a.rule, withoutNamespace(a.rule)])].reduce((n, rule) => n + (covered.get(`${a.path}\u0000${rule}`)?.length ?? 0), 0),
  }));

  return {
    title: 'Halo platform: compliance report',
    generatedAt: generatedAt.toISOString(),
    provenance: provenanceOf(evidence),
    regions: evidence.regions,
    packs,
    guard: evidence.guard,
    liveGeneratedAt: live?.generatedAt,
    totals,
    packTotals,
    summary,
    unresolved: rows.filter((r) => r.status === 'non-compliant').map((r) => `${r.region || r.stage} ${r.rule} at ${r.path}: ${r.reason.split('. ')[0]}`),
    notChecked: rows
      .filter((r) => r.status === 'not-checked')
      .map((r) => `${r.region || r.stage} ${r.rule} at ${r.path}: not checked: ${r.reason.split('. ')[0]}`),
    consistencyProblems: [...consistencyProblems(synthLedgerRows, validation, evidence.packs), ...pluginProblems(evidence, validation)],
    ownPack,
    proofsRan: evidence.proofsRan ?? false,
    proofs: evidence.proofs ?? [],
    cells: evidence.cells,
    securityServices: evidence.securityServices ?? [],
    sqlDrills: (evidence.sqlDrills ?? []).map((d) => ({ ...d, lastRun: lastDrillRun(d, live) })),
    acknowledgements,
    gaps: evidence.gaps,
    frameworks: frameworks(rows),
    unmappedRules: [
      ...new Set(rows.filter((r) => isEvidence(r) && objectivesOfRow(r).length === 0).map((r) => `${baseRule(r.rule)} (check ${r.check})`)),
    ].sort(),
    findings: rows,
  };
}
