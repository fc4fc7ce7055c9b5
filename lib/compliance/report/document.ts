import type { CellPosture, Measure } from '../cell-posture';
import type { ComplianceReport, PackSummary } from './model';

/** A block of the report, rendered alike to Markdown and HTML. */
export type Block =
  | { readonly kind: 'heading'; readonly level: 1 | 2 | 3; readonly text: string }
  | { readonly kind: 'paragraph'; readonly text: string }
  | { readonly kind: 'list'; readonly items: readonly string[] }
  | { readonly kind: 'table'; readonly headers: readonly string[]; readonly rows: readonly (readonly (string | number)[])[] };

const heading = (level: 1 | 2 | 3, text: string): Block => ({ kind: 'heading', level, text });
const paragraph = (text: string): Block => ({ kind: 'paragraph', text });
const list = (items: readonly string[]): Block => ({ kind: 'list', items });
const table = (headers: readonly string[], rows: readonly (readonly (string | number)[])[]): Block => ({ kind: 'table', headers, rows });

const COUNT_HEADERS = ['rules evaluated', 'resources checked', 'compliant', 'non-compliant', 'acknowledged'];
const counts = (s: Omit<PackSummary, 'region' | 'pack'>) => [s.rulesEvaluated, s.resourcesChecked, s.compliant, s.nonCompliant, s.acknowledged];
const measure = (m: Measure) => `${m.configured} (promised: ${m.promised})${m.met ? '' : ' NOT MET'}`;
const cellMet = (c: CellPosture) => c.backupsInZone && [c.rpo, c.rto, c.dailyRetention, c.monthlyRetention, c.logRetention].every((m) => m.met);

function summary(report: ComplianceReport): Block[] {
  const verdict = report.unresolved.length === 0 && report.consistencyProblems.length === 0
    ? 'Every finding is fixed or acknowledged with a reason and a compensating control.'
    : `${report.unresolved.length} finding(s) are neither fixed nor acknowledged; ${report.consistencyProblems.length} consistency problem(s).`;
  return [
    heading(1, report.title),
    paragraph(`Generated ${report.generatedAt} from the cloud assembly of one synth. Regions: ${report.regions.map((r) => `${r.name} (${r.code})`).join(', ')}.`),
    paragraph(`Rule sets: ${report.packs.join(', ')}. AWS Control Tower proactive controls (cfn-guard): ${report.guard ? 'run' : 'not run in this synth (npm run compliance -- --guard runs them)'}.`),
    paragraph(report.liveGeneratedAt
      ? `Live posture: the results of npm run verify taken ${report.liveGeneratedAt} (rule set "Live posture") are included; they describe the account at that time, not this synth.`
      : 'Live posture: not included (npm run verify -- --all --json, then npm run compliance, adds it).'),
    paragraph(verdict),
    heading(2, 'Summary'),
    table(['rule set', ...COUNT_HEADERS], report.packTotals.map((s) => [s.pack, ...counts(s)])),
    table(['region', 'rule set', ...COUNT_HEADERS], report.summary.map((s) => [s.region, s.pack, ...counts(s)])),
    paragraph('A rule is evaluated on a resource when it applies to it (cdk-nag: any result but not-applicable; Control Tower: the resource is of a type the control evaluates). Counts are rule × resource pairs, each a row of findings.csv; Live posture rows are one per check, or one per failing resource. Live checks that could not run are listed below and count as evidence of nothing.'),
    heading(2, 'Findings neither fixed nor acknowledged'),
    report.unresolved.length > 0 ? list(report.unresolved) : paragraph('None.'),
    ...(report.consistencyProblems.length > 0 ? [heading(2, 'Consistency problems'), list(report.consistencyProblems)] : []),
  ];
}

function ownPack(report: ComplianceReport): Block[] {
  return [
    heading(2, 'Our own rules (Halo pack)'),
    paragraph('What the cdk-nag packs do not check: residency, TLS policy, HSTS, backup cadence, witness placement, retention of stateful resources, and exposure.'),
    table(['topic', 'rule', 'fires when', 'resources checked', 'compliant', 'non-compliant', 'acknowledged'],
      [...report.ownPack].sort((a, b) => a.topic.localeCompare(b.topic)).map((r) => [r.topic, r.rule, r.description, r.resourcesChecked, r.compliant, r.nonCompliant, r.acknowledged])),
  ];
}

function proofs(report: ComplianceReport): Block[] {
  const failed = report.proofs.filter((p) => !p.passed).length;
  return [
    heading(2, 'Permission proofs'),
    paragraph(report.proofsRan
      ? `Every call a service or role must be able to make at run time, and every call that must be refused, declared beside the construct that creates what it touches and evaluated after the synth against the synthesized identity, key, bucket, topic, secret, vault and trust policies with an IAM policy simulator (@cloud-copilot/iam-simulate). ${report.proofs.length} proofs, ${failed} not holding.`
      : 'Not run in this synth (halo:proofs=off): no permission is evidenced.'),
    table(['region', 'proof', 'actor', 'action', 'resource', 'request context', 'expected', 'result', 'why'],
      report.proofs.map((p) => [p.region, p.rule, p.actor, p.action, p.resource,
        Object.entries(p.context).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('|') : v}`).join('; '), p.expected, p.passed ? p.result : `${p.result.toUpperCase()}: ${p.detail}`, p.why])),
  ];
}

function drills(report: ComplianceReport): Block[] {
  return [
    heading(2, 'SQL Server drills'),
    paragraph('Each cell\'s drills are SSM Automation documents, scheduled monthly in the region\'s maintenance window and run on demand: a planned failover to the secondary and back (clusters), and a point-in-time restore of one tenant database on a scratch instance, checked with DBCC CHECKDB and timed against the RTO. A failed drill reports to the alert topic; the live verifier reads each drill\'s last run.'),
    table(['region', 'cell', 'drill', 'what it does', 'Automation document', 'schedule', 'last run (live verifier)'],
      report.sqlDrills.map((d) => [`${d.regionName} (${d.region})`, d.cell, d.kind, d.what, d.document, d.schedule, d.lastRun])),
  ];
}

function cells(report: ComplianceReport): Block[] {
  return [
    heading(2, 'Security services: who runs them'),
    paragraph('GuardDuty, Security Hub and AWS Config run either from each region\'s Security stack or, where a region declares it, by the organization\'s delegated administrator (AWS Organizations, Control Tower).'),
    table(['region', 'GuardDuty', 'Security Hub', 'AWS Config', 'Security Lake'],
      report.securityServices.map((s) => [`${s.name} (${s.region})`, s.guardDuty, s.securityHub, s.config, s.securityLake])),
    heading(2, 'Cells: residency, backups, recovery objectives'),
    paragraph('As configured and synthesized: RPO is the interval of the backups that bound data loss, RTO the declared objective; restore tests (npm run verify) measure the real thing.'),
    table(['region', 'cell', 'environment', 'residency zone', 'recovery points kept in', 'copied to', 'native log backups', 'backups in zone', 'RPO (declared)', 'RTO (declared)', 'daily retention', 'monthly retention', 'log retention', 'verdict'],
      report.cells.map((c) => [
        `${c.regionName} (${c.region})`, c.cell, c.environment, `${c.zone} (${c.zoneRegions.join(', ')})`, c.backupVault,
        c.backupCopies.length > 0 ? c.backupCopies.join(', ') : 'nowhere: stays in region', c.logBackups, c.backupsInZone ? 'yes' : 'NO',
        measure(c.rpo), measure(c.rto), measure(c.dailyRetention), measure(c.monthlyRetention), measure(c.logRetention), cellMet(c) ? 'configuration meets the promise' : 'configuration DOES NOT MEET the promise',
      ])),
  ];
}

function frameworks(report: ComplianceReport): Block[] {
  return [
    heading(2, 'Controls evidenced, per framework'),
    paragraph('From the mapping table in lib/compliance/control-mapping.ts: each rule evidences control objectives, each objective names its controls in each framework. Results count the rule × resource pairs behind each control.'),
    ...(report.unmappedRules.length > 0 ? [paragraph('Rules with results that the mapping table does not map:'), list(report.unmappedRules)] : []),
    ...report.frameworks.flatMap((f) => [
      heading(3, f.framework),
      table(['control', 'objectives', 'rules', 'compliant', 'non-compliant', 'acknowledged'],
        f.controls.map((c) => [c.control, c.objectives.join('; '), c.rules.join(', '), c.compliant, c.nonCompliant, c.acknowledged])),
    ]),
  ];
}

function registers(report: ComplianceReport): Block[] {
  return [
    heading(2, 'Known gaps'),
    report.gaps.length > 0
      ? table(['where', 'control', 'why it is missing', 'compensating control'], report.gaps.map((g) => [g.path, g.control, g.reason, g.compensatingControl]))
      : paragraph('None.'),
    heading(2, 'Acknowledgements'),
    paragraph(`${report.acknowledgements.length} acknowledgements, each made at a construct (and everything beneath it) in the code with its reason and compensating control. "Findings covered" counts the findings it accepted in this synth; 0 means it matched none here (for example a cfn-guard acknowledgement when cfn-guard did not run).`),
    table(['#', 'rule', 'construct path', 'reason', 'compensating control', 'findings covered'],
      report.acknowledgements.map((a, i) => [i + 1, a.rule, a.path, a.reason, a.compensatingControl, a.findingsCovered])),
  ];
}

/** The report's sections in reading order. */
export function reportDocument(report: ComplianceReport): Block[] {
  return [...summary(report), ...ownPack(report), ...proofs(report), ...cells(report), ...drills(report), ...frameworks(report), ...registers(report)];
}
