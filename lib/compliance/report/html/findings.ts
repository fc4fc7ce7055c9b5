import type { FindingEntry } from '../document';
import { escapeHtml as e } from './escape';

const STATUS_ORDER = ['non-compliant', 'not-checked', 'acknowledged'];

/** Columns of a row in the embedded data, each an index into its string table (see REPORT_SCRIPT). */
const FIELDS = ['status', 'region', 'pack', 'rule', 'ruleTitle', 'path', 'resource', 'detail', 'group', 'controls'] as const;

/** The findings as one string table and rows of indices into it: rules, reasons and titles repeat across hundreds of rows. */
export function findingsData(entries: readonly FindingEntry[]): { readonly strings: string[]; readonly rows: number[][] } {
  const strings: string[] = [];
  const index = new Map<string, number>();
  const intern = (s: string) => {
    if (!index.has(s)) index.set(s, strings.push(s) - 1);
    return index.get(s)!;
  };
  const rows = entries.map((f) => FIELDS.map((field) => intern(field === 'controls' ? f.controls.join('; ') : (f[field] ?? ''))));
  return { strings, rows };
}

/** A filter's `<select>`: every value present in the rows, with its count. */
function select(name: string, label: string, values: readonly string[], order?: readonly string[]): string {
  const counts = new Map<string, number>();
  values.forEach((v) => counts.set(v, (counts.get(v) ?? 0) + 1));
  const sorted = [...counts.keys()].sort((a, b) => (order ? order.indexOf(a) - order.indexOf(b) : 0) || a.localeCompare(b));
  return (
    `<label>${e(label)} <select id="filter-${name}" data-field="${FIELDS.indexOf(name as (typeof FIELDS)[number])}"><option value="">all</option>` +
    sorted.map((v) => `<option value="${e(v)}">${e(v)} (${counts.get(v)})</option>`).join('') +
    '</select></label>'
  );
}

/**
 * The findings table: a filter bar (every word of the free text in any column; status, rule set, region), an empty
 * table the inline script fills from the embedded data, and the note print and script-less readers get instead.
 */
export function findingsTable(id: string, entries: readonly FindingEntry[], note: string): string {
  if (entries.length === 0) return '<p>No finding: every result is compliant.</p>';
  const withControls = entries.some((f) => f.controls.length > 0);
  // `<` escaped: the data can never close its script element.
  const data = JSON.stringify({ fields: FIELDS, ...findingsData(entries) }).replace(/</g, '\\u003c');
  return [
    '<div class="filters" role="search">',
    '<input type="search" id="filter-text" placeholder="Filter: rule, resource, reason… (every word must match)" aria-label="Filter the findings" autocomplete="off">',
    select(
      'status',
      'Status',
      entries.map((f) => f.status),
      STATUS_ORDER,
    ),
    select(
      'pack',
      'Rule set',
      entries.map((f) => f.pack),
    ),
    select(
      'region',
      'Region',
      entries.map((f) => f.region),
    ),
    `<span class="count" id="filter-count" aria-live="polite">${entries.length} findings</span>`,
    '</div>',
    `<p class="print-only">${e(note)}</p><noscript><p>${e(note)}</p></noscript>`,
    `<div class="findings-wrap"><table class="findings" id="${e(id)}" data-controls="${withControls}"><thead><tr><th>status</th><th>region</th><th>rule set</th><th>rule</th><th>resource</th><th>what was found, or why it is acknowledged</th>${withControls ? '<th>controls</th>' : ''}</tr></thead><tbody></tbody></table></div>`,
    `<script type="application/json" id="${e(id)}-data">${data}</script>`,
  ].join('\n');
}
