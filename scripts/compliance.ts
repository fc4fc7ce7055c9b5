/**
 * `npm run compliance [-- --guard] [-- --assembly <dir>]`: the auditor report of the last synth,
 * written to <assembly>/compliance/. Exits 1 with one line per finding neither fixed nor acknowledged.
 * With --guard it first synthesizes again with the AWS Control Tower proactive controls (cfn-guard) on.
 */
import { spawnSync } from 'child_process';
import { existsSync, rmSync } from 'fs';
import { join } from 'path';
import { EVIDENCE_FILES, readEvidence } from '../lib/compliance/evidence';
import { REPORT_FILES, writeComplianceReport } from '../lib/compliance/report';
import { VALIDATION_REPORT_FILE } from '../lib/compliance/validation-report';
import { CONTEXT } from '../stacks/halo-app';

function main(argv: string[]): number {
  const unknown = argv.filter((a, i) => !['--guard', '--assembly'].includes(a) && argv[i - 1] !== '--assembly');
  if (unknown.length > 0 || argv.includes('--help')) {
    console.error('usage: npm run compliance [-- --guard] [-- --assembly <cloud assembly dir, default cdk.out>]');
    return 2;
  }
  const assembly = argv.includes('--assembly') ? argv[argv.indexOf('--assembly') + 1] : 'cdk.out';
  const evidenceFile = join(assembly, EVIDENCE_FILES.evidence);

  if (argv.includes('--guard')) {
    // Same regions as the synth being reported on; all of them when there was none.
    const regions = existsSync(evidenceFile) ? readEvidence(assembly).regions.map((r) => r.stage).join(',') : undefined;
    // A synth that stops early must not leave the last synth's evidence or findings to be reported as this one's.
    [evidenceFile, join(assembly, VALIDATION_REPORT_FILE)].forEach((file) => rmSync(file, { force: true }));
    const args = ['cdk', 'synth', '--quiet', '-o', assembly, '-c', `${CONTEXT.guard}=on`, ...(regions ? ['-c', `${CONTEXT.regions}=${regions}`] : [])];
    console.error(`== npx ${args.join(' ')}  (cfn-guard: about 20 s per region)`);
    // The synth fails on unacknowledged findings; the report below names them, so its status is not final here.
    spawnSync('npx', args, { stdio: 'inherit' });
  }
  if (!existsSync(evidenceFile)) {
    console.error(`No synth to report on: ${evidenceFile} is missing. Run \`npx cdk synth\` first (it stops early on a configuration error).`);
    return 1;
  }

  const { report, directory } = writeComplianceReport(assembly);
  if (report.packs.length === 0 || report.totals.compliant + report.totals.nonCompliant + report.totals.acknowledged === 0) {
    console.error('The synth ran no compliance rules (halo:compliance=off?): there is nothing to report.');
    return 1;
  }
  for (const p of report.packTotals) {
    console.log(`${p.pack.padEnd(24)} ${String(p.rulesEvaluated).padStart(4)} rules  ${String(p.resourcesChecked).padStart(5)} resources  ${String(p.compliant).padStart(6)} compliant  ${String(p.nonCompliant).padStart(4)} non-compliant  ${String(p.acknowledged).padStart(5)} acknowledged`);
  }
  console.log(`${report.acknowledgements.length} acknowledgements, ${report.gaps.length} known gaps, ${report.cells.length} cells; report: ${REPORT_FILES.map((f) => join(directory, f)).join(', ')}`);
  report.consistencyProblems.forEach((p) => console.error(`INCONSISTENT ${p}`));
  report.unresolved.forEach((line) => console.error(`NON-COMPLIANT ${line}`));
  if (report.unresolved.length + report.consistencyProblems.length > 0) {
    console.error(`${report.unresolved.length} finding(s) neither fixed nor acknowledged, ${report.consistencyProblems.length} consistency problem(s).`);
    return 1;
  }
  return 0;
}

process.exitCode = main(process.argv.slice(2));
