/**
 * `npm run verify -- --region <name|code> [--region ...] | --all [--json [file]]`: checks the live
 * account of each region against what its configuration promises, with the default credential chain.
 * Exit 0 when every check holds, 1 on any failure, 2 when something could not be checked.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'fs';
import { dirname, join } from 'path';
import { App } from 'aws-cdk-lib';
import { ConfigError } from '../lib/config';
import { CouldNotCheck } from '../lib/verify/resilience';
import { exitCodeOf, formatResult, LIVE_POSTURE_FILE, liveRows, summaryOf } from '../lib/verify/report';
import type { CheckResult, ExpectedPosture } from '../lib/verify/types';
import { CHECKS, regionClients, verifyRegion } from '../lib/verify/verify-region';
import { expectedPosture } from '../stacks/expected-posture';
import { buildHaloApp, CONTEXT } from '../stacks/halo-app';

const USAGE = 'usage: npm run verify -- --region <name or code> [--region ...] | --all  [--json [file, default cdk.out/live-posture.json]]';

function parse(argv: string[]): { regions?: string; json?: string } {
  const regions: string[] = [];
  let json: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--region' && argv[i + 1]) regions.push(argv[++i]);
    else if (argv[i] === '--all') regions.push('*');
    else if (argv[i] === '--json') json = argv[i + 1] && !argv[i + 1].startsWith('--') ? argv[++i] : join('cdk.out', LIVE_POSTURE_FILE);
    else throw new ConfigError([USAGE]);
  }
  if (regions.length === 0) throw new ConfigError([USAGE]);
  return { regions: regions.includes('*') ? undefined : regions.join(','), json };
}

/** The expected posture of each selected region, from the app as it would synthesize (no AWS call). */
function expectations(regions: string | undefined): ExpectedPosture[] {
  const context = JSON.parse(readFileSync(join(__dirname, '..', 'cdk.json'), 'utf8')).context;
  const app = new App({ context: { ...context, [CONTEXT.compliance]: 'off', ...(regions ? { [CONTEXT.regions]: regions } : {}) } });
  return buildHaloApp(app).stages.map(expectedPosture);
}

async function main(argv: string[]): Promise<number> {
  let options: ReturnType<typeof parse>;
  let expected: ExpectedPosture[];
  try {
    options = parse(argv);
    expected = expectations(options.regions);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    return 2;
  }
  const total = expected.length * CHECKS.length;
  let done = 0;
  // On a terminal a counter that rewrites itself; in a log, one line per region as it starts.
  const progress = () => process.stderr.isTTY && process.stderr.write(`\rverifying ${expected.map((e) => e.stage).join(', ')}: ${done} of ${total} steps done `);
  progress();
  const results: CheckResult[] = [];
  const problems: string[] = [];
  // Regions one after another: each runs its checks concurrently, and API rate limits are per region anyway.
  for (const posture of expected) {
    if (!process.stderr.isTTY) console.error(`verifying ${posture.regionName} (${posture.region})...`);
    try {
      results.push(...await verifyRegion(posture, regionClients(posture.region), { onCheckDone: () => { done++; progress(); } }));
    } catch (error) {
      if (!(error instanceof CouldNotCheck)) throw error;
      done += CHECKS.length;
      problems.push(`${posture.regionName} (${posture.region}): ${error.message}`);
      results.push({ region: posture.region, check: 'account access', expected: `credentials for account ${posture.account}`, found: error.message, status: 'error', errorKind: error.kind });
    }
  }
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
  results.forEach((r) => console.log(formatResult(r)));
  console.log(summaryOf(results));
  results.filter((r) => r.status === 'error' && r.check !== 'account access').forEach((r) => problems.push(`${r.region} ${r.check}: ${r.found}`));
  problems.forEach((p) => console.error(`Could not check ${p}`));
  if (options.json) {
    const stageOf = (code: string) => expected.find((e) => e.region === code)?.stage ?? code;
    mkdirSync(dirname(options.json), { recursive: true });
    writeFileSync(options.json, JSON.stringify(liveRows(results, stageOf, new Date().toISOString()), null, 1));
    console.log(`wrote ${options.json}`);
  }
  return exitCodeOf(results);
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (error) => {
  console.error(error);
  process.exitCode = 2;
});
