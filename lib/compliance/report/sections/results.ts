import { Block, heading, paragraph, table } from '../blocks';
import type { ComplianceReport, PackSummary } from '../model';

const COUNT_HEADERS = ['rules evaluated', 'resources checked', 'compliant', 'non-compliant', 'acknowledged'];
const counts = (s: Omit<PackSummary, 'region' | 'pack'>) => [s.rulesEvaluated, s.resourcesChecked, s.compliant, s.nonCompliant, s.acknowledged];

/** Results by rule set (overall, then per region), and the Halo pack's own rules. */
export function results(report: ComplianceReport): Block[] {
  return [
    heading(2, 'Results by rule set'),
    paragraph(
      'A rule is evaluated on a resource when it applies to it (cdk-nag: any result but not-applicable; Control Tower: the resource is of a type the control evaluates). Counts are rule × resource pairs, each a row of findings.csv; Live posture rows are one per check, or one per failing resource. Live checks that could not run are counted as neither: they evidence nothing.',
    ),
    table(
      ['rule set', ...COUNT_HEADERS],
      report.packTotals.map((s) => [s.pack, ...counts(s)]),
      [0],
    ),
    {
      kind: 'details',
      title: 'Per region and rule set',
      open: false,
      blocks: [
        table(
          ['region', 'rule set', ...COUNT_HEADERS],
          report.summary.map((s) => [s.region, s.pack, ...counts(s)]),
          [0, 1],
        ),
      ],
    },
    heading(2, 'Our own rules (Halo pack)'),
    paragraph(
      'What the cdk-nag packs do not check: residency, TLS policy, HSTS, backup cadence, witness placement, retention of stateful resources, and exposure.',
    ),
    table(
      ['topic', 'rule', 'fires when', 'resources checked', 'compliant', 'non-compliant', 'acknowledged'],
      [...report.ownPack]
        .sort((a, b) => a.topic.localeCompare(b.topic))
        .map((r) => [r.topic, r.rule, r.description, r.resourcesChecked, r.compliant, r.nonCompliant, r.acknowledged]),
    ),
  ];
}
