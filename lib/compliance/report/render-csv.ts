import type { FindingRow, ReportProvenance } from './model';
import { baseRule } from './rows';

/** What every row carries of its synth: a CSV has no header block, and rows are often read one by one. */
interface RowProvenance {
  readonly provenance: ReportProvenance;
  readonly templateOf: ReadonlyMap<string, string>;
}

/** A column's title and how a row fills it. */
const COLUMNS: readonly [string, (row: FindingRow, p: RowProvenance) => string][] = [
  ['run id', (_, p) => p.provenance.runId],
  ['synth started', (_, p) => p.provenance.synthStartedAt],
  ['commit', (_, p) => `${p.provenance.commit}${p.provenance.dirty ? ' (dirty)' : ''}`],
  [
    'tools',
    (_, p) =>
      Object.entries(p.provenance.versions)
        .map(([tool, version]) => `${tool} ${version}`)
        .join('; '),
  ],
  ['configuration sha256', (_, p) => p.provenance.configSha256],
  ['template sha256', (r, p) => p.templateOf.get(r.stack) ?? ''],
  ['region', (r) => r.region],
  ['stage', (r) => r.stage],
  ['stack', (r) => r.stack],
  ['resource type', (r) => r.resourceType],
  ['logical id', (r) => r.logicalId],
  ['construct path', (r) => r.path],
  ['pack', (r) => r.pack],
  ['rule id', (r) => baseRule(r.rule)],
  ['rule title', (r) => r.ruleTitle],
  ['finding detail', (r) => r.detail],
  ['level', (r) => r.level],
  ['status', (r) => r.status],
  ['mapped controls', (r) => r.controls.join(';')],
  ['reason', (r) => r.reason],
  ['compensating control', (r) => r.compensatingControl],
  ['acknowledged at', (r) => r.acknowledgedAt],
];

/** The header of findings.csv. */
export const CSV_COLUMNS: readonly string[] = COLUMNS.map(([title]) => title);

/**
 * RFC 4180 field: quoted when it holds a comma, quote or line break. A value a spreadsheet would run as a formula
 * (=, +, -, @, tab, carriage return first) is prefixed with an apostrophe, as OWASP advises for CSV exports.
 */
export function field(value: string): string {
  const inert = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(inert) ? `"${inert.replace(/"/g, '""')}"` : inert;
}

/**
 * findings.csv: one row per rule × resource with its status and, where acknowledged, the reason and control; every row
 * names its synth (run, commit, tools, configuration) and the SHA-256 of its stack's template.
 */
export function renderFindingsCsv(rows: readonly FindingRow[], provenance: ReportProvenance): string {
  const context: RowProvenance = { provenance, templateOf: new Map(provenance.templates.map((t) => [t.stack, t.sha256])) };
  return (
    [CSV_COLUMNS, ...rows.map((row) => COLUMNS.map(([, value]) => value(row, context) ?? ''))].map((cells) => cells.map(field).join(',')).join('\r\n') + '\r\n'
  );
}
