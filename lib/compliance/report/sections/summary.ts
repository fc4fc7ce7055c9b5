import { Block, FrameworkCoverage, heading, paragraph, plural, table } from '../blocks';
import type { ComplianceReport } from '../model';
import { acknowledgementGroups } from './acknowledgements';
import { isNotChecked, isOpen } from './findings';

/** The verdict at the top: open findings, checks that could not run, gaps, or compliant (the first that applies). */
function overallStatus(report: ComplianceReport, coverage: readonly FrameworkCoverage[]): Block {
  const open = report.findings.filter(isOpen).length;
  if (open > 0 || report.unresolved.length > 0 || report.consistencyProblems.length > 0) {
    return {
      kind: 'status',
      state: 'open',
      label: 'Open findings',
      text: `${plural(report.unresolved.length, 'finding')} neither fixed nor acknowledged, ${plural(report.consistencyProblems.length, 'consistency problem')}${report.notChecked.length > 0 ? `; ${plural(report.notChecked.length, 'live check')} could not run` : ''}.`,
    };
  }
  if (report.notChecked.length > 0) {
    return {
      kind: 'status',
      state: 'not-checked',
      label: 'Not checked',
      text: `Every finding of the synth is fixed or acknowledged, but ${plural(report.notChecked.length, 'live check')} could not run: they evidence nothing (see Open findings).`,
    };
  }
  const unevidenced = coverage.reduce((sum, c) => sum + c.noResults, 0);
  if (report.gaps.length > 0 || unevidenced > 0 || report.unmappedRules.length > 0) {
    return {
      kind: 'status',
      state: 'gaps',
      label: 'Gaps',
      text: `Every finding is fixed or acknowledged; ${plural(report.gaps.length, 'known gap')} (each with its compensating control), ${plural(unevidenced, 'mapped control')} without results, ${plural(report.unmappedRules.length, 'unmapped rule')}.`,
    };
  }
  return {
    kind: 'status',
    state: 'compliant',
    label: 'Compliant',
    text: 'Every finding is fixed or acknowledged with a reason and a compensating control; every mapped control has results.',
  };
}

/** The head of the report: title, overall status, the facts of the synth, and the coverage chart. */
export function summary(report: ComplianceReport, coverage: readonly FrameworkCoverage[]): Block[] {
  const open = report.findings.filter(isOpen).length;
  const notChecked = report.findings.filter(isNotChecked).length;
  return [
    heading(1, report.title),
    overallStatus(report, coverage),
    {
      kind: 'facts',
      items: [
        ['Generated', `${report.generatedAt}, from the cloud assembly of one synth`],
        ['Regions', report.regions.map((r) => `${r.name} (${r.code})`).join(', ')],
        ['Rule sets', report.packs.join(', ')],
        ['Control Tower proactive controls (cfn-guard)', report.guard ? 'run' : 'not run in this synth (npm run compliance -- --guard runs them)'],
        [
          'Live posture',
          report.liveGeneratedAt
            ? `npm run verify taken ${report.liveGeneratedAt} (rule set "Live posture"): the account at that time, not this synth`
            : 'not included (`npm run verify -- --all --json live.json; npm run compliance -- --live live.json` adds it)',
        ],
        [
          'Results (rule × resource)',
          `${report.totals.compliant.toLocaleString('en')} compliant, ${report.totals.acknowledged.toLocaleString('en')} acknowledged, ${open.toLocaleString('en')} open${notChecked > 0 ? `, ${notChecked.toLocaleString('en')} not checked` : ''}, over ${report.totals.resourcesChecked.toLocaleString('en')} resources`,
        ],
        [
          'Acknowledgements',
          `${report.acknowledgements.length.toLocaleString('en')} in the register, ${plural(acknowledgementGroups(report.acknowledgements).length, 'distinct reason')}`,
        ],
        ['Known gaps', String(report.gaps.length)],
      ],
    },
    { kind: 'coverage', frameworks: coverage },
    paragraph(
      'A control counts as evidenced when at least one rule × resource result behind it is compliant or acknowledged (with its compensating control) and none is non-compliant; the share is of the controls the mapping table (lib/compliance/control-mapping.ts) maps in each framework, not of the whole framework.',
    ),
  ];
}

/** Provenance: the commit, versions and template hashes of the synth the report describes. */
export function provenance(report: ComplianceReport): Block[] {
  const p = report.provenance;
  return [
    heading(2, 'Provenance'),
    {
      kind: 'facts',
      items: [
        ['Commit', `${p.commit} (${p.dirty ? 'work tree DIRTY: uncommitted changes at synth time' : 'clean work tree'})`],
        ['Repository', p.repository],
        ['Synth started', p.synthStartedAt],
        ['Run id', p.runId],
        ['aws-cdk-lib', p.versions.awsCdkLib],
        ['CDK CLI', p.versions.cdkCli],
        ['cdk-nag', p.versions.cdkNag],
        ['cfn-guard validator', p.versions.guardValidator],
        ['Node.js', p.versions.node],
        ['Configuration SHA-256', p.configSha256],
      ],
    },
    {
      kind: 'details',
      title: `SHA-256 of the ${plural(p.templates.length, 'template')} described`,
      open: false,
      blocks: [
        table(
          ['template', 'stack', 'SHA-256'],
          p.templates.map((t) => [t.path, t.stack, t.sha256]),
          [2],
        ),
      ],
    },
  ];
}
