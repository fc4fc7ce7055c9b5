import { withoutNamespace } from '../acknowledge';
import { controlTowerCatalogue } from '../control-tower';
import { CONTROL_OBJECTIVES, FRAMEWORKS, objectivesOf, ObjectiveId } from '../control-mapping';
import type { ComplianceEvidence, SynthesizedResource } from '../evidence';
import { GUARD_PLUGIN } from '../gate';
import { HALO_PACK, HALO_RULES } from '../halo-checks';
import { ANNOTATIONS_PLUGIN, ValidationReport } from '../validation-report';
import type { AcknowledgementEntry, ComplianceReport, FindingRow, FrameworkEvidence, OwnRuleResult, PackSummary } from './model';

const CONTROL_SEPARATOR = ' Compensating control: ';
/** The rule set under which the report lists the permission proofs. */
export const PROOFS_PACK = 'Permission proofs';
/** The mapping key of every proof: least privilege (refusals) and working access to keys and data (allowances). */
export const PROOF_CHECK = 'PermissionProof';
const baseRule = (rule: string) => rule.replace(/\[.*\]$/, '');
const key = (rule: string, path: string) => `${rule}\u0000${path}`;
/** A check that could not run is no evidence of any control. */
const isEvidence = (row: FindingRow) => row.status !== 'not-checked';

/** Rows of the plugins the ledger does not watch (cfn-guard, CloudFormation validation, annotation errors), from the validation report. */
function pluginRows(report: ValidationReport, ledgerPacks: readonly string[], where: (path: string) => Omit<SynthesizedResource, 'path' | 'type'>): FindingRow[] {
  const controlOf = new Map(controlTowerCatalogue().map((c) => [c.guardRule, c.id]));
  return report.pluginReports.filter((p) => !ledgerPacks.includes(p.pluginName)).flatMap((plugin) => {
    const row = (v: { ruleName: string; severity?: string; description?: string }, path: string, status: FindingRow['status'], ack?: { reason?: string; acknowledgedAt?: string }): FindingRow => {
      const [reason, control] = (ack?.reason ?? '').split(CONTROL_SEPARATOR);
      return {
        ...where(path), path, pack: plugin.pluginName, rule: v.ruleName,
        check: plugin.pluginName === GUARD_PLUGIN ? controlOf.get(v.ruleName) ?? v.ruleName : plugin.pluginName,
        level: v.severity ?? 'error', status, reason: ack ? reason : v.description ?? '', compensatingControl: control ?? '', acknowledgedAt: ack?.acknowledgedAt ?? '',
      };
    };
    const paths = (v: { violatingConstructs?: readonly { constructPath?: string }[] }) => (v.violatingConstructs ?? []).map((c) => c.constructPath ?? 'unknown construct');
    return [
      // Annotation warnings inform (the synth prints them); annotation errors and every other plugin's findings count.
      ...(plugin.violations ?? []).filter((v) => !(plugin.pluginName === ANNOTATIONS_PLUGIN && v.severity === 'warning'))
        .flatMap((v) => paths(v).map((p) => row(v, p, 'non-compliant'))),
      ...(plugin.suppressedViolations ?? []).flatMap((v) => paths(v).map((p) => row(v, p, 'acknowledged', v))),
    ];
  });
}

/** Control Tower controls pass every resource of the types they evaluate on which they reported nothing. */
function guardCompliantRows(resources: readonly SynthesizedResource[], reported: readonly FindingRow[]): FindingRow[] {
  const seen = new Set(reported.filter((r) => r.pack === GUARD_PLUGIN).map((r) => key(r.rule, r.path)));
  return controlTowerCatalogue().flatMap((control) => resources
    .filter((r) => control.resourceTypes.includes(r.type) && !seen.has(key(control.guardRule, r.path)))
    .map((r): FindingRow => ({
      region: r.region, stage: r.stage, stack: r.stack, path: r.path, pack: GUARD_PLUGIN, rule: control.guardRule, check: control.id,
      level: control.severity, status: 'compliant', reason: '', compensatingControl: '', acknowledgedAt: '',
    })));
}

/** Objectives a row evidences: by check name, or for a Control Tower control by its objectives. */
function objectivesOfRow(row: FindingRow, controlObjectives: ReadonlyMap<string, readonly string[]>): readonly ObjectiveId[] {
  const viaControlTower = controlObjectives.get(row.check);
  return viaControlTower ? [...new Set(viaControlTower.flatMap((o) => objectivesOf(o)))] : objectivesOf(row.check);
}

function summarize(all: readonly FindingRow[], region: string, pack: string): PackSummary {
  const rows = all.filter(isEvidence);
  const count = (status: FindingRow['status']) => rows.filter((r) => r.status === status).length;
  return {
    region, pack,
    rulesEvaluated: new Set(rows.map((r) => baseRule(r.rule))).size,
    resourcesChecked: new Set(rows.map((r) => r.path)).size,
    compliant: count('compliant'), nonCompliant: count('non-compliant'), acknowledged: count('acknowledged'),
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
  const reported = (status: FindingRow['status']) => new Set(report.pluginReports.filter((p) => ledgerPacks.includes(p.pluginName)).flatMap((p) =>
    (status === 'non-compliant' ? p.violations ?? [] : p.suppressedViolations ?? []).flatMap((v) => (v.violatingConstructs ?? []).map((c) => key(v.ruleName, c.constructPath ?? '')))));
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

function frameworks(rows: readonly FindingRow[], controlObjectives: ReadonlyMap<string, readonly string[]>): FrameworkEvidence[] {
  const byObjective = groupBy(rows.filter(isEvidence).flatMap((row) => objectivesOfRow(row, controlObjectives).map((objective) => ({ objective, row }))), (e) => e.objective);
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
    const controls = [...byControl].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true })).map(([control, { objectives, rows: controlRows }]) => {
      const list = [...controlRows];
      const count = (status: FindingRow['status']) => list.filter((r) => r.status === status).length;
      return {
        control, objectives: [...objectives], rules: [...new Set(list.map((r) => baseRule(r.rule)))].sort(),
        compliant: count('compliant'), nonCompliant: count('non-compliant'), acknowledged: count('acknowledged'),
      };
    });
    return { framework, controls };
  });
}

/** Plugins that failed without findings (they crashed), and cfn-guard asked for but not completed: the report cannot vouch for them. */
function pluginProblems(evidence: ComplianceEvidence, report: ValidationReport): string[] {
  return [
    ...report.pluginReports.filter((p) => p.conclusion === 'failure' && (p.violations ?? []).length === 0)
      .map((p) => `${p.pluginName} failed without reporting findings${p.metadata?.error ? `: ${p.metadata.error}` : ''}`),
    ...(evidence.guardRequested && !evidence.guard ? [`${GUARD_PLUGIN} was asked to run but did not complete its validation: its controls are not evidenced`] : []),
  ];
}

/** The live verifier's rows (`npm run verify -- --json`) and when they were taken. */
export interface LivePosture {
  readonly generatedAt: string;
  readonly findings: readonly FindingRow[];
}

/** What the live verifier found of a drill's last run, or that it did not look. */
function lastDrillRun(drill: { region: string; cell: string; kind: string }, live?: LivePosture): string {
  const row = live?.findings.find((f) => f.region === drill.region && f.check === `SQL Server drill: ${drill.cell} ${drill.kind}`);
  if (!row) return live ? 'not checked by the live verifier' : 'live verifier not run (npm run verify -- --all --json)';
  return `${row.status === 'compliant' ? 'as expected' : row.status.toUpperCase()}: ${row.reason}`;
}

/** Builds the auditor report from a synth's evidence and its validation report, and the live verifier's rows if given. */
export function buildComplianceReport(evidence: ComplianceEvidence, validation: ValidationReport, generatedAt: Date, live?: LivePosture): ComplianceReport {
  const byPath = new Map(evidence.resources.map((r) => [r.path, r]));
  const where = (path: string) => byPath.get(path) ?? { stage: path.split('/')[0], region: evidence.regions.find((r) => r.stage === path.split('/')[0])?.code ?? '', stack: '' };
  const ledgerRows: FindingRow[] = evidence.evaluations.map((e) => ({
    region: e.region, stage: e.stage, stack: e.stack, path: e.path, pack: e.pack, rule: e.rule, check: e.check, level: e.level, status: e.status,
    reason: e.reason ?? '', compensatingControl: e.compensatingControl ?? '', acknowledgedAt: e.acknowledgedAt ?? '',
  }));
  const reportedRows = pluginRows(validation, evidence.packs, where);
  const proofRows: FindingRow[] = (evidence.proofs ?? []).map((p) => ({
    region: p.region, stage: p.stage, stack: p.stack, path: p.path, pack: PROOFS_PACK, rule: p.rule, check: PROOF_CHECK, level: 'error',
    status: p.passed ? 'compliant' : 'non-compliant',
    reason: p.passed ? '' : `${p.actor} ${p.action} on ${p.resource} should be ${p.expected}, is ${p.result}: ${p.detail}`,
    compensatingControl: '', acknowledgedAt: '',
  }));
  const rows = [...ledgerRows, ...reportedRows, ...proofRows, ...(evidence.guard ? guardCompliantRows(evidence.resources, reportedRows) : []), ...(live?.findings ?? [])];
  const controlObjectives = new Map(controlTowerCatalogue().map((c) => [c.id, c.objectives]));

  const packs = [...new Set(rows.map((r) => r.pack))];
  const summary = [...groupBy(rows, (r) => `${r.region}\u0000${r.pack}`)].map(([k, group]) => summarize(group, k.split('\u0000')[0], k.split('\u0000')[1]))
    .sort((a, b) => a.region.localeCompare(b.region) || packs.indexOf(a.pack) - packs.indexOf(b.pack));
  const packTotals = packs.map((pack) => summarize(rows.filter((r) => r.pack === pack), 'all', pack));
  const { region: _r, pack: _p, ...totals } = summarize(rows, 'all', 'all');

  const ownPack: OwnRuleResult[] = HALO_RULES.map(({ rule, topic, info }) => {
    const s = summarize(ledgerRows.filter((r) => r.rule === `${HALO_PACK}-${rule.name}`), 'all', HALO_PACK);
    return { rule: `${HALO_PACK}-${rule.name}`, topic, description: info, resourcesChecked: s.resourcesChecked, compliant: s.compliant, nonCompliant: s.nonCompliant, acknowledged: s.acknowledged };
  });

  const covered = groupBy(rows.filter((r) => r.status === 'acknowledged'), (r) => `${r.acknowledgedAt}\u0000${r.rule}`);
  // Plugins outside the ledger report rule ids without the namespace the register keeps (`cdk-validator-cfnguard::`).
  const acknowledgements: AcknowledgementEntry[] = evidence.acknowledgements.map((a) => ({
    ...a, findingsCovered: [...new Set([a.rule, withoutNamespace(a.rule)])].reduce((n, rule) => n + (covered.get(`${a.path}\u0000${rule}`)?.length ?? 0), 0),
  }));

  return {
    title: 'Halo platform: compliance report',
    generatedAt: generatedAt.toISOString(),
    regions: evidence.regions,
    packs,
    guard: evidence.guard,
    liveGeneratedAt: live?.generatedAt,
    totals,
    packTotals,
    summary,
    unresolved: rows.filter((r) => r.status === 'non-compliant' || r.status === 'not-checked')
      .map((r) => `${r.region || r.stage} ${r.rule} at ${r.path}: ${r.status === 'not-checked' ? 'not checked: ' : ''}${r.reason.split('. ')[0]}`),
    consistencyProblems: [...consistencyProblems(ledgerRows, validation, evidence.packs), ...pluginProblems(evidence, validation)],
    ownPack,
    proofsRan: evidence.proofsRan ?? false,
    proofs: evidence.proofs ?? [],
    cells: evidence.cells,
    securityServices: evidence.securityServices ?? [],
    sqlDrills: (evidence.sqlDrills ?? []).map((d) => ({ ...d, lastRun: lastDrillRun(d, live) })),
    acknowledgements,
    gaps: evidence.gaps,
    frameworks: frameworks(rows, controlObjectives),
    unmappedRules: [...new Set(rows.filter((r) => isEvidence(r) && objectivesOfRow(r, controlObjectives).length === 0).map((r) => `${baseRule(r.rule)} (check ${r.check})`))].sort(),
    findings: rows,
  };
}
