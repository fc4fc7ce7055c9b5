import type { FindingRow } from './model';

/** A table cell: text, a number (right-aligned), a link within the report, or a list shown up to `shown` items (the rest folded). */
export type Cell = string | number | { readonly text: string; readonly href: string } | { readonly items: readonly string[]; readonly shown: number };

/** How a framework's mapped controls stand: each control counts in exactly one of the four. */
export interface FrameworkCoverage {
  readonly framework: string;
  /** Anchor of the framework's table. */
  readonly id: string;
  readonly controls: number;
  /** At least one compliant result and none non-compliant. */
  readonly evidenced: number;
  /** Only acknowledged results (each with its compensating control), none non-compliant. */
  readonly acknowledgedOnly: number;
  /** At least one non-compliant result. */
  readonly open: number;
  /** No result at all in this synth. */
  readonly noResults: number;
}

/** One row of the findings table (a finding not compliant: open or acknowledged). */
export interface FindingEntry {
  readonly status: FindingRow['status'];
  readonly region: string;
  readonly pack: string;
  readonly rule: string;
  readonly ruleTitle: string;
  readonly path: string;
  /** CloudFormation type and logical ID, when the finding is on one resource. */
  readonly resource: string;
  /** What the rule found, or why the finding is acknowledged. */
  readonly detail: string;
  /** Anchor of the acknowledgement group that accepted it. */
  readonly group?: string;
  readonly controls: readonly string[];
}

/** A block of the report, rendered alike to Markdown and HTML (HTML adds colour, charts, folding and the filter). */
export type Block =
  | { readonly kind: 'heading'; readonly level: 1 | 2 | 3; readonly text: string; readonly id?: string }
  | { readonly kind: 'paragraph'; readonly text: string }
  | { readonly kind: 'list'; readonly items: readonly string[] }
  | { readonly kind: 'table'; readonly headers: readonly string[]; readonly rows: readonly (readonly Cell[])[]; readonly nowrap?: readonly number[] }
  | { readonly kind: 'status'; readonly state: 'compliant' | 'gaps' | 'not-checked' | 'open'; readonly label: string; readonly text: string }
  | { readonly kind: 'facts'; readonly items: readonly (readonly [string, string])[] }
  | { readonly kind: 'coverage'; readonly frameworks: readonly FrameworkCoverage[] }
  | { readonly kind: 'toc'; readonly entries: readonly { readonly level: 2 | 3; readonly text: string; readonly id: string }[] }
  | {
      readonly kind: 'details';
      readonly id?: string;
      readonly title: string;
      readonly subtitle?: string;
      readonly open: boolean;
      readonly blocks: readonly Block[];
    }
  | { readonly kind: 'findings'; readonly id: string; readonly entries: readonly FindingEntry[]; readonly note: string };

// The sections build their blocks with these.
export const heading = (level: 1 | 2 | 3, text: string): Block => ({ kind: 'heading', level, text });
export const paragraph = (text: string): Block => ({ kind: 'paragraph', text });
export const list = (items: readonly string[]): Block => ({ kind: 'list', items });
export const table = (headers: readonly string[], rows: readonly (readonly Cell[])[], nowrap?: readonly number[]): Block => ({
  kind: 'table',
  headers,
  rows,
  nowrap,
});
/** `1 finding`, `1,917 findings`. */
export const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens (so report.md's links work there too). */
export const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .trim()
    .replace(/\s/g, '-');
