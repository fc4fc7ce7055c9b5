import { Block, FrameworkCoverage, heading, list, paragraph, plural, slug, table } from '../blocks';
import type { ComplianceReport, ControlEvidence } from '../model';
import { mergeRuleVariants } from './rule-variants';

function controlState(c: ControlEvidence): 'open' | 'evidenced' | 'acknowledgedOnly' | 'noResults' {
  if (c.nonCompliant > 0) return 'open';
  if (c.compliant > 0) return 'evidenced';
  return c.acknowledged > 0 ? 'acknowledgedOnly' : 'noResults';
}
const STATE_WORDS = { open: 'OPEN: non-compliant results', evidenced: 'evidenced', acknowledgedOnly: 'acknowledged only', noResults: 'no results' } as const;

/** Per framework, how many of its mapped controls are evidenced, acknowledged only, open or without results. */
export function frameworkCoverage(report: ComplianceReport): FrameworkCoverage[] {
  return report.frameworks.map((f) => {
    const states = f.controls.map(controlState);
    const n = (s: ReturnType<typeof controlState>) => states.filter((x) => x === s).length;
    return {
      framework: f.framework,
      id: slug(f.framework),
      controls: f.controls.length,
      evidenced: n('evidenced'),
      acknowledgedOnly: n('acknowledgedOnly'),
      open: n('open'),
      noResults: n('noResults'),
    };
  });
}

/** Controls evidenced, per framework: one table per framework of its mapped controls and the results behind each. */
export function frameworks(report: ComplianceReport, coverage: readonly FrameworkCoverage[]): Block[] {
  const proof = (rule: string) => rule.startsWith('Proof-');
  return [
    heading(2, 'Controls evidenced, per framework'),
    paragraph(
      'From the mapping table in lib/compliance/control-mapping.ts: each rule evidences control objectives, each objective names its controls in each framework. Results count the rule × resource pairs behind each control.',
    ),
    ...(report.unmappedRules.length > 0 ? [paragraph('Rules with results that the mapping table does not map:'), list(report.unmappedRules)] : []),
    ...report.frameworks.flatMap((f, i) => [
      { ...heading(3, f.framework), id: coverage[i].id } as Block,
      paragraph(
        `${coverage[i].evidenced + coverage[i].acknowledgedOnly} of ${plural(coverage[i].controls, 'mapped control')} evidenced (${coverage[i].acknowledgedOnly} by acknowledgements only); ${coverage[i].open} open; ${coverage[i].noResults} without results.`,
      ),
      table(
        ['control', 'evidence', 'objectives', 'rules', 'compliant', 'non-compliant', 'acknowledged'],
        f.controls.map((c) => [
          c.control,
          STATE_WORDS[controlState(c)],
          c.objectives.join('; '),
          { items: [...mergeRuleVariants(c.rules.filter((r) => !proof(r))), ...c.rules.filter(proof)], shown: 8 },
          c.compliant,
          c.nonCompliant,
          c.acknowledged,
        ]),
        [0, 1],
      ),
    ]),
  ];
}
