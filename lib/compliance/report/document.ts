import { Block, slug } from './blocks';
import type { ComplianceReport } from './model';
import { acknowledgementGroups, acknowledgements } from './sections/acknowledgements';
import { findings, gaps, openFindings } from './sections/findings';
import { frameworkCoverage, frameworks } from './sections/frameworks';
import { operations } from './sections/operations';
import { proofs } from './sections/proofs';
import { results } from './sections/results';
import { provenance, summary } from './sections/summary';

// The report's document model, and what the renderers and tests use of its sections, from one place.
export { slug } from './blocks';
export type { Block, Cell, FindingEntry, FrameworkCoverage } from './blocks';
export { acknowledgementGroups } from './sections/acknowledgements';
export type { AcknowledgementGroup } from './sections/acknowledgements';
export { frameworkCoverage } from './sections/frameworks';
export { mergeRuleVariants } from './sections/rule-variants';

/** Gives every heading a unique anchor (GitHub's, numbered when repeated) and puts the contents after the head. */
function withContents(head: readonly Block[], body: readonly Block[]): Block[] {
  const used = new Map<string, number>();
  const anchor = (b: Block): Block => {
    if (b.kind !== 'heading') return b;
    const base = b.id ?? slug(b.text);
    const n = used.get(base) ?? 0;
    used.set(base, n + 1);
    return { ...b, id: n === 0 ? base : `${base}-${n}` };
  };
  const [top, rest] = [head.map(anchor), body.map(anchor)];
  const entries = [...top, ...rest].flatMap((b) => (b.kind === 'heading' && b.level > 1 ? [{ level: b.level as 2 | 3, text: b.text, id: b.id! }] : []));
  return [...top, { kind: 'heading', level: 2, text: 'Contents', id: 'contents' }, { kind: 'toc', entries }, ...rest];
}

/** The report's sections in reading order: summary, provenance and contents first, then what needs attention. */
export function reportDocument(report: ComplianceReport): Block[] {
  const coverage = frameworkCoverage(report);
  const groups = acknowledgementGroups(report.acknowledgements);
  return withContents(
    [...summary(report, coverage), ...provenance(report)],
    [
      ...openFindings(report),
      ...findings(report, groups),
      ...acknowledgements(report, groups),
      ...gaps(report),
      ...frameworks(report, coverage),
      ...results(report),
      ...proofs(report),
      ...operations(report),
    ],
  );
}
