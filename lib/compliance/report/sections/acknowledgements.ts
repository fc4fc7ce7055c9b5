import { Block, heading, paragraph, plural, table } from '../blocks';
import type { AcknowledgementEntry, ComplianceReport } from '../model';
import { mergeRuleVariants } from './rule-variants';

/** Acknowledgements sharing one reason and compensating control, whatever their rule and pack. */
export interface AcknowledgementGroup {
  readonly id: string;
  readonly reason: string;
  readonly compensatingControl: string;
  readonly entries: readonly AcknowledgementEntry[];
}

/** The register grouped by (reason, compensating control), the largest group first. */
export function acknowledgementGroups(acknowledgements: readonly AcknowledgementEntry[]): AcknowledgementGroup[] {
  const byWhy = new Map<string, AcknowledgementEntry[]>();
  for (const a of acknowledgements) {
    const key = `${a.reason}\u0000${a.compensatingControl}`;
    byWhy.set(key, [...(byWhy.get(key) ?? []), a]);
  }
  return [...byWhy.values()]
    .sort((a, b) => b.length - a.length || a[0].reason.localeCompare(b[0].reason))
    .map((entries, i) => ({ id: `ack-${i + 1}`, reason: entries[0].reason, compensatingControl: entries[0].compensatingControl, entries }));
}

/** Acknowledgements: one folded group per reason and compensating control, with the constructs it was made at. */
export function acknowledgements(report: ComplianceReport, groups: readonly AcknowledgementGroup[]): Block[] {
  return [
    heading(2, 'Acknowledgements'),
    paragraph(
      `${plural(report.acknowledgements.length, 'acknowledgement')} in ${plural(groups.length, 'group')}, one per reason and compensating control; the packs' variants of one rule (HIPAA, PCI DSS, NIST) are listed once with their packs. Each acknowledgement is made at a construct (and everything beneath it) in the code. "Findings covered" counts the findings it accepted in this synth; 0 means it matched none here (for example a cfn-guard acknowledgement when cfn-guard did not run).`,
    ),
    ...groups.map((g): Block => {
      const byPath = new Map<string, AcknowledgementEntry[]>();
      g.entries.forEach((a) => byPath.set(a.path, [...(byPath.get(a.path) ?? []), a]));
      const ruleSets = [...byPath.values()].map((entries) => mergeRuleVariants(entries.map((a) => a.rule)).join('; '));
      const sameRules = new Set(ruleSets).size === 1;
      const covered = g.entries.reduce((sum, a) => sum + a.findingsCovered, 0);
      return {
        kind: 'details',
        id: g.id,
        open: false,
        title: g.reason,
        subtitle: `Compensating control: ${g.compensatingControl} — ${plural(byPath.size, 'construct')}, ${plural(g.entries.length, 'acknowledgement')}, ${plural(covered, 'finding')} covered`,
        blocks: [
          paragraph(
            `Rules: ${mergeRuleVariants(
              g.entries.map((a) => a.rule),
              3,
            ).join('; ')}.`,
          ),
          table(
            ['construct path', ...(sameRules ? [] : ['rules']), 'findings covered'],
            [...byPath]
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([path, entries], i) => [path, ...(sameRules ? [] : [ruleSets[i]]), entries.reduce((s, a) => s + a.findingsCovered, 0)]),
          ),
        ],
      };
    }),
  ];
}
