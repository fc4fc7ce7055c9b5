import { Block, heading, list, paragraph, plural, table } from '../blocks';
import type { ComplianceReport, FindingRow } from '../model';
import type { AcknowledgementGroup } from './acknowledgements';

export const isOpen = (f: FindingRow) => f.status === 'non-compliant';
// A live check that could not run is evidence of nothing: neither open nor passed, shown on its own.
export const isNotChecked = (f: FindingRow) => f.status === 'not-checked';

/** Open findings: what the gate would stop on, and live checks that could not run. */
export function openFindings(report: ComplianceReport): Block[] {
  const open = report.findings.filter(isOpen);
  return [
    heading(2, 'Open findings'),
    open.length > 0
      ? table(
          ['status', 'region', 'rule', 'resource', 'what was found'],
          open.map((f) => [f.status, f.region, f.rule, f.path, f.detail || f.ruleTitle || f.reason]),
          [0, 1],
        )
      : paragraph('None: every finding is fixed or acknowledged.'),
    // The gate's own lines, should any not be a row above (they are the same findings otherwise).
    ...(report.unresolved.length > open.length ? [paragraph('As the gate reported them:'), list(report.unresolved)] : []),
    ...(report.notChecked.length > 0
      ? [
          heading(3, 'Live checks that could not run'),
          paragraph('Neither compliant nor non-compliant: what they check is not evidenced by this report.'),
          list(report.notChecked),
        ]
      : []),
    ...(report.consistencyProblems.length > 0 ? [heading(3, 'Consistency problems'), list(report.consistencyProblems)] : []),
  ];
}

/** Findings: every result that is not compliant, open ones first, for the interactive table. */
export function findings(report: ComplianceReport, groups: readonly AcknowledgementGroup[]): Block[] {
  const groupOf = new Map(groups.map((g) => [`${g.reason}\u0000${g.compensatingControl}`, g.id]));
  const rank = (f: FindingRow) => (isOpen(f) ? 0 : isNotChecked(f) ? 1 : 2);
  const rows = report.findings
    .filter((f) => f.status !== 'compliant')
    .sort(
      (a, b) =>
        rank(a) - rank(b) || a.region.localeCompare(b.region) || a.pack.localeCompare(b.pack) || a.rule.localeCompare(b.rule) || a.path.localeCompare(b.path),
    );
  const compliant = report.findings.length - rows.length;
  return [
    heading(2, 'Findings'),
    paragraph(
      `Every result that is not compliant: open ones first, then the acknowledged (${plural(rows.length, 'row')}). The ${compliant.toLocaleString('en')} compliant results are counted under Results by rule set and listed in findings.csv.`,
    ),
    {
      kind: 'findings',
      id: 'findings-table',
      note: 'The findings table is interactive and is left out of the printed and Markdown report: every open finding is listed under Open findings, every acknowledgement under Acknowledgements, and findings.csv holds every row.',
      entries: rows.map((f) => ({
        status: f.status,
        region: f.region,
        pack: f.pack,
        rule: f.rule,
        ruleTitle: f.ruleTitle,
        path: f.path,
        resource: [f.resourceType, f.logicalId].filter(Boolean).join(' '),
        detail: f.status === 'acknowledged' ? f.reason : f.detail || f.reason,
        group: f.status === 'acknowledged' ? groupOf.get(`${f.reason}\u0000${f.compensatingControl}`) : undefined,
        controls: f.controls,
      })),
    },
  ];
}

/** Known gaps: controls a region cannot have, each with its compensating control. */
export function gaps(report: ComplianceReport): Block[] {
  return [
    heading(2, 'Known gaps'),
    report.gaps.length > 0
      ? table(
          ['where', 'control', 'why it is missing', 'compensating control'],
          report.gaps.map((g) => [g.path, g.control, g.reason, g.compensatingControl]),
          [0],
        )
      : paragraph('None.'),
  ];
}
