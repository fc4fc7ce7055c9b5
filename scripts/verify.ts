/**
 * `npm run verify -- --region <name|code> [--region ...] | --all [--json <file>|-] [--check-timeout <s>]`: checks the
 * live account of each region against what its configuration promises, with the default credential chain.
 * `--help` says more, exit codes included (lib/verify/cli.ts).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'fs';
import { dirname, join } from 'path';
import { HELP, parseVerifyArgs, USAGE, UsageError, VerifyArgs } from '../lib/verify/cli';
import type { ExpectedPosture } from '../lib/verify/types';

// The CDK, the app and the AWS SDK load only once the command line is read: --help and usage errors answer at once.

/** The expected posture of each selected region, from the app as it would synthesize (no AWS call). */
async function expectations(regions: string | undefined): Promise<ExpectedPosture[]> {
  // eslint-disable-next-line @cdklabs/promiseall-no-unbounded-parallelism -- three module imports
  const [{ App }, { expectedPosture }, { buildHaloApp, CONTEXT }] = await Promise.all([
    import('aws-cdk-lib'),
    import('../lib/verify/expected-posture'),
    import('../stacks/halo-app'),
  ]);
  const context = JSON.parse(readFileSync(join(__dirname, '..', 'cdk.json'), 'utf8')).context;
  const app = new App({ context: { ...context, [CONTEXT.compliance]: 'off', ...(regions ? { [CONTEXT.regions]: regions } : {}) } });
  return buildHaloApp(app).stages.map(expectedPosture);
}

async function main(argv: string[]): Promise<number> {
  let args: VerifyArgs;
  let expected: ExpectedPosture[];
  try {
    args = parseVerifyArgs(argv);
    if (args.help) {
      console.log(HELP);
      return 0;
    }
    expected = await expectations(args.regions);
  } catch (error) {
    if (error instanceof UsageError) console.error(`verify: ${error.message}\n${USAGE}`);
    else if (error instanceof (await import('../lib/config')).ConfigError) console.error(error.message);
    else throw error;
    return 2;
  }
  // eslint-disable-next-line @cdklabs/promiseall-no-unbounded-parallelism -- four module imports
  const [{ regionClients }, { liveRows, renderResults, summaryOf }, { verifyAll }, { CHECKS }] = await Promise.all([
    import('../lib/verify/clients'),
    import('../lib/verify/report'),
    import('../lib/verify/run'),
    import('../lib/verify/verify-region'),
  ]);
  // With the JSON on standard output, everything for people goes to standard error.
  const human = args.json === '-' ? console.error : console.log;
  const total = expected.length * CHECKS.length;
  let done = 0;
  // On a terminal a counter that rewrites itself; in a log, one line per region as it starts.
  const progress = () =>
    process.stderr.isTTY && process.stderr.write(`\rverifying ${expected.map((e) => e.stage).join(', ')}: ${done} of ${total} steps done `);
  progress();
  const results = await verifyAll(expected, (region) => regionClients(region), {
    checkTimeoutMs: args.checkTimeoutMs,
    onCheckDone: () => {
      done++;
      progress();
    },
    onRegionStart: (posture) => {
      if (!process.stderr.isTTY) console.error(`verifying ${posture.regionName} (${posture.region})...`);
    },
    onRegionSkipped: (_posture, checks) => {
      done += checks;
      progress();
    },
  });
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
  const { table, problems } = renderResults(results);
  table.forEach((row) => human(row));
  human(summaryOf(results));
  if (problems.length) console.error(`Could not check:\n${problems.join('\n')}`);
  const stageOf = (code: string) => expected.find((e) => e.region === code)?.stage ?? code;
  const report = liveRows(results, stageOf, new Date().toISOString());
  if (args.json === '-') process.stdout.write(`${JSON.stringify(report, null, 1)}\n`);
  else if (args.json) {
    mkdirSync(dirname(args.json), { recursive: true });
    writeFileSync(args.json, JSON.stringify(report, null, 1));
    human(`wrote ${args.json}`);
  }
  return report.exitCode;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: Error) => {
    // Never a stack trace: one line, and exit 2 (nothing was judged).
    console.error(`verify: unexpected error: ${error?.name ?? 'Error'}: ${error?.message ?? String(error)}`);
    process.exitCode = 2;
  },
);
