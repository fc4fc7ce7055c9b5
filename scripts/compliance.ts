/**
 * `npm run compliance [-- --guard] [-- --assembly <dir>] [-- --live <file> [--live-max-age 24h]]`: the auditor report of the
 * last synth, written to <assembly>/compliance/ (report.json, findings.csv, report.md, report.html, report.sarif).
 * Exits 1 with one line per finding neither fixed nor acknowledged, 2 when it refuses (bad arguments, evidence not from the
 * latest synth attempt, templates changed since, live posture too old). With --guard it first synthesizes again with the
 * AWS Control Tower proactive controls (cfn-guard) on.
 */
import { existsSync, statSync } from 'fs';
import { join } from 'path';
import { parseArgs } from 'util';
import type { LivePosture, writeComplianceReport } from '../lib/compliance/report';
// Only what reads the command line and the live posture at start-up: --help and refusals answer before the report's renderers load.
import { parseDuration, readLivePosture, ReportRefused } from '../lib/compliance/report/freshness';

const USAGE = `usage: npm run compliance -- [options]
  --assembly <dir>         cloud assembly of the synth to report on (default: cdk.out)
  --guard                  synthesize again first with the AWS Control Tower controls (cfn-guard; ~20 s per region)
  --live <file>            include the live verifier's results (npm run verify -- --all --json <file>)
  --live-max-age <age>     refuse live results older than this, e.g. 90m, 24h, 2d (default: 24h)
  -h, --help               show this help
exit codes: 0 every finding fixed or acknowledged; 1 findings open or problems; 2 refused (the message says what to run)`;

/** The options as given, checked; a string is the one line saying what is wrong. */
function parseOptions(argv: string[]): { assembly: string; guard: boolean; live?: string; liveMaxAgeMs: number; help: boolean } | string {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        assembly: { type: 'string', default: 'cdk.out' },
        guard: { type: 'boolean', default: false },
        live: { type: 'string' },
        'live-max-age': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (error) {
    return (error as Error).message.split('\n')[0];
  }
  const maxAge = parsed['live-max-age'];
  const liveMaxAgeMs = parseDuration(maxAge ?? '24h');
  if (liveMaxAgeMs === undefined) return `--live-max-age ${maxAge}: expected a positive number of minutes, hours or days, e.g. 90m, 24h, 2d`;
  if (maxAge !== undefined && parsed.live === undefined) return '--live-max-age applies to --live <file>, which is missing';
  if (!parsed.assembly) return '--assembly needs a directory';
  return { assembly: parsed.assembly, guard: parsed.guard ?? false, live: parsed.live, liveMaxAgeMs, help: parsed.help ?? false };
}

const pad = (n: number, width: number) => String(n).padStart(width);

async function main(argv: string[]): Promise<number> {
  const options = parseOptions(argv);
  if (typeof options === 'string') {
    console.error(`npm run compliance: ${options} (see --help)`);
    return 2;
  }
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const { assembly } = options;
  if (existsSync(assembly) && !statSync(assembly).isDirectory()) {
    console.error(`npm run compliance: --assembly ${assembly} is not a directory`);
    return 2;
  }
  try {
    // Read before the synth: a live posture that is refused should not cost a guard synth first.
    const live: LivePosture | undefined = options.live ? readLivePosture(options.live, { maxAgeMs: options.liveMaxAgeMs }) : undefined;
    if (options.guard) {
      // Same regions as the synth being reported on, when it completed; all of them otherwise.
      // eslint-disable-next-line @cdklabs/promiseall-no-unbounded-parallelism -- two module imports
      const [{ readSynthAttempt }, { guardSynth }] = await Promise.all([
        import('../lib/compliance/report/synth-attempt'),
        import('../lib/compliance/report/guard-synth'),
      ]);
      const attempt = readSynthAttempt(assembly);
      const regions = attempt && ['failed', 'succeeded'].includes(attempt.outcome) ? await safeRegions(assembly) : undefined;
      await guardSynth(assembly, regions, undefined, attempt?.context);
    }
    const report = await import('../lib/compliance/report');
    return summarize(report.writeComplianceReport(assembly, { live }), report.REPORT_FILES);
  } catch (error) {
    if (!(error instanceof ReportRefused)) throw error;
    console.error(`npm run compliance: refused: ${error.message}`);
    return 2;
  }
}

async function safeRegions(assembly: string): Promise<string[] | undefined> {
  const { readEvidence } = await import('../lib/compliance/evidence');
  try {
    return readEvidence(assembly).regions.map((r) => r.stage);
  } catch {
    return undefined;
  }
}

function summarize({ report, directory }: ReturnType<typeof writeComplianceReport>, reportFiles: readonly string[]): number {
  if (report.packs.length === 0 || report.totals.compliant + report.totals.nonCompliant + report.totals.acknowledged === 0) {
    console.error('The synth ran no compliance rules (halo:compliance=off?): there is nothing to report.');
    return 1;
  }
  const { provenance: p } = report;
  console.log(
    `run ${p.runId} (synth started ${p.synthStartedAt}), commit ${p.commit}${p.dirty ? ' with uncommitted changes' : ''}, ${p.templates.length} templates`,
  );
  for (const t of report.packTotals) {
    console.log(
      `${t.pack.padEnd(24)} ${pad(t.rulesEvaluated, 4)} rules  ${pad(t.resourcesChecked, 5)} resources  ${pad(t.compliant, 6)} compliant  ${pad(t.nonCompliant, 4)} non-compliant  ${pad(t.acknowledged, 5)} acknowledged`,
    );
  }
  console.log(
    `${report.acknowledgements.length} acknowledgements, ${report.gaps.length} known gaps, ${report.cells.length} cells; report: ${reportFiles.map((f) => join(directory, f)).join(', ')}`,
  );
  // A live check that could not run is neither a pass nor a finding: said, never counted.
  report.notChecked.forEach((line) => console.error(`NOT CHECKED ${line}`));
  report.consistencyProblems.forEach((line) => console.error(`INCONSISTENT ${line}`));
  report.unresolved.forEach((line) => console.error(`NON-COMPLIANT ${line}`));
  if (report.unresolved.length + report.consistencyProblems.length > 0) {
    console.error(`${report.unresolved.length} finding(s) neither fixed nor acknowledged, ${report.consistencyProblems.length} consistency problem(s).`);
    return 1;
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: Error) => {
    console.error(`npm run compliance: ${error.message.split('\n')[0]}`);
    process.exitCode = 1;
  },
);
