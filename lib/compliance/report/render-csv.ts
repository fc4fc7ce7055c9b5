import type { FindingRow } from './model';

const COLUMNS: readonly [string, keyof FindingRow][] = [
  ['region', 'region'], ['stage', 'stage'], ['stack', 'stack'], ['construct path', 'path'], ['pack', 'pack'], ['rule', 'rule'],
  ['level', 'level'], ['status', 'status'], ['reason', 'reason'], ['compensating control', 'compensatingControl'], ['acknowledged at', 'acknowledgedAt'],
];

/** RFC 4180 field: quoted when it holds a comma, quote or line break. */
function field(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** findings.csv: one row per rule × resource with its status and, where acknowledged, the reason and control. */
export function renderFindingsCsv(rows: readonly FindingRow[]): string {
  return [COLUMNS.map(([title]) => title), ...rows.map((row) => COLUMNS.map(([, k]) => String(row[k] ?? '')))]
    .map((cells) => cells.map(field).join(','))
    .join('\r\n') + '\r\n';
}
