/**
 * `npm run bench [-- --runs N] [-- --only figure,...] [-- --guard]`: how long the synth, the tests and the reports take,
 * how much memory the full synth needs, and how close the largest stack comes to CloudFormation's limits, each against
 * issue 15's targets. Prints each run as it ends, then min / median / max of every figure, and (Linux) each timed step's
 * CPU over the cores: the least wall time any scheduling allows it here. Each synth writes to a fresh temporary folder
 * (removed at the end), never to cdk.out. Timing lives here, never in tests: machines are shared.
 */
import { mkdtempSync, rmSync } from 'fs';
import { cpus, loadavg, tmpdir } from 'os';
import { join } from 'path';
import { performance } from 'perf_hooks';
import { cpuTable, format, Results, resultsTable, Row, stacksTable, Unit } from './bench-report';
import { BENCH_USAGE, BenchOptions, CELLS, Figure, parseBenchArgs } from './bench-args';
import { appLoader, hasProc, CommandFailed, commandLine, killTree, npmScript, Outcome, runningCommand, runOnce, Step } from './bench-run';

const CDK = 'node_modules/.bin/cdk';
/** aws-cdk-lib's validation reports of unchanged templates are reused from here (lib/compliance/threaded-cfn-validation.ts): off, so each synth validates everything, as CI's clean install does. */
const COLD = { HALO_VALIDATION_CACHE: 'off' } as const;

/** Issue 15's targets (upper bounds). */
const TARGETS = { full: 10, region: 4, cells: 45, test: 30, ratio: 1.6, memory: 1024 } as const;
/** Seconds each step takes once the targets are met, for the header's estimate (bare: full / ratio target; reports: measured). */
const EXPECTED = {
  full: TARGETS.full,
  bare: TARGETS.full / TARGETS.ratio,
  region: TARGETS.region,
  cells: TARGETS.cells,
  test: TARGETS.test,
  compliance: 2,
  guard: 35,
};

/** Header's estimate: seconds the selected figures take once the synth meets its targets. */
function expectedSeconds(options: BenchOptions, plan: Plan): number {
  return (
    plan.fullRuns * EXPECTED.full +
    (plan.warm ? EXPECTED.full : 0) +
    plan.bareRuns * EXPECTED.bare +
    plan.regionRuns * EXPECTED.region +
    (plan.cells ? EXPECTED.cells : 0) +
    (plan.test ? EXPECTED.test : 0) +
    (plan.compliance ? EXPECTED.compliance : 0) +
    (options.guard ? EXPECTED.guard : 0)
  );
}

interface Plan {
  readonly fullRuns: number;
  readonly bareRuns: number;
  readonly regionRuns: number;
  readonly warm: boolean;
  readonly cells: boolean;
  readonly test: boolean;
  readonly compliance: boolean;
  readonly stacks: boolean;
}

function planOf(options: BenchOptions): Plan {
  const has = (...figures: Figure[]) => figures.some((f) => options.figures.includes(f));
  return {
    // The reports need one full synth to read, even when its time is not asked for.
    fullRuns: has('full', 'ratio', 'memory') ? options.runs : has('compliance', 'stacks') ? 1 : 0,
    bareRuns: has('bare', 'ratio') ? options.runs : 0,
    regionRuns: has('region') ? options.runs : 0,
    warm: has('warm'),
    cells: has('cells'),
    test: has('test'),
    compliance: has('compliance'),
    stacks: has('stacks'),
  };
}

/** Measures the selected figures into `results` as it goes, so a failure still leaves what was measured. */
async function bench(options: BenchOptions, workdir: string, results: Results): Promise<void> {
  const plan = planOf(options);
  const has = (figure: Figure) => options.figures.includes(figure);
  const row = (figure: Figure | 'guard', label: string, unit: Unit, target?: number): Row => {
    const r: Row = { figure, label, unit, target, samples: [], cpu: [] };
    if (figure === 'guard' || has(figure)) results.rows.push(r);
    return r;
  };
  const full = row('full', 'full synth, all regions (CLI)', 's', TARGETS.full);
  const bare = row('bare', 'bare synth, all regions (no packs, proofs, CFN validation)', 's');
  const ratio = row('ratio', 'full / bare (per pair of runs)', 'ratio', TARGETS.ratio);
  const warm = row('warm', "full synth again, unchanged templates' validation reused", 's', TARGETS.full);
  const region = row('region', 'full synth, one region (london)', 's', TARGETS.region);
  const memory = row('memory', 'peak memory of the full synth (PSS summed over its process tree)', 'MB', TARGETS.memory);
  const cells = row('cells', `full synth, ${CELLS.default} production cells per region (synth-cells)`, 's', TARGETS.cells);
  const test = row('test', 'npm test (jest --silent)', 's', TARGETS.test);
  const compliance = row('compliance', 'compliance report of the full synth (npm run compliance)', 's');
  const guard = options.guard ? row('guard', 'cfn-guard synth and report (npm run compliance -- --guard)', 's') : undefined;

  const say = (text: string) => console.log(text);
  const announce = (step: Step, why = '') => say(`▸ ${step.label}${why}: ${commandLine(step).replaceAll(workdir, '$TMP')}`);
  const progress = (label: string, i: number, n: number, outcome: Outcome, extra = '') =>
    say(`  ${label} [${i}/${n}] ${format(outcome.seconds, 's')}${outcome.cpuSeconds !== undefined ? ` (CPU ${format(outcome.cpuSeconds, 's')})` : ''}${extra}`);
  const record = (r: Row, outcome: Outcome) => {
    r.samples.push(outcome.seconds);
    if (outcome.cpuSeconds !== undefined) r.cpu.push(outcome.cpuSeconds);
  };

  const fullStep = (dir: string): Step => ({
    label: 'full synth',
    args: [CDK, 'synth', '--quiet', '-o', dir],
    env: { ...COLD, CDK_VALIDATION: undefined },
    sampleMemory: has('memory'),
  });
  const bareStep = (dir: string): Step => ({
    label: 'bare synth',
    args: [CDK, 'synth', '--quiet', '-c', 'halo:compliance=off', '-c', 'halo:proofs=off', '-o', dir],
    env: { CDK_VALIDATION: 'false' },
  });
  let lastFull: string | undefined;

  // Full and bare alternate, so each pair that makes a ratio meets the same load on the machine.
  const pairs = Math.max(plan.fullRuns, plan.bareRuns);
  if (plan.fullRuns > 0) announce(fullStep(join(workdir, 'full-<n>')), has('full') || has('ratio') || has('memory') ? '' : ' (once, for the reports)');
  if (plan.bareRuns > 0) announce(bareStep(join(workdir, 'bare-<n>')));
  if (plan.fullRuns > 0 && plan.bareRuns > 0) say('  (full and bare alternate, so each pair meets the same load)');
  for (let i = 1; i <= pairs; i++) {
    let fullSeconds: number | undefined;
    if (i <= plan.fullRuns) {
      const dir = join(workdir, `full-${i}`);
      const outcome = await runOnce(fullStep(dir), `full synth [${i}/${plan.fullRuns}]`);
      if (lastFull) rmSync(lastFull, { recursive: true, force: true });
      lastFull = dir;
      fullSeconds = outcome.seconds;
      record(full, outcome);
      if (outcome.peakMb !== undefined) memory.samples.push(outcome.peakMb);
      progress('full synth', i, plan.fullRuns, outcome, outcome.peakMb !== undefined ? `, peak ${format(outcome.peakMb, 'MB')}` : '');
    }
    if (i <= plan.bareRuns) {
      const dir = join(workdir, `bare-${i}`);
      const outcome = await runOnce(bareStep(dir), `bare synth [${i}/${plan.bareRuns}]`);
      rmSync(dir, { recursive: true, force: true });
      record(bare, outcome);
      if (fullSeconds !== undefined) ratio.samples.push(fullSeconds / outcome.seconds);
      progress('bare synth', i, plan.bareRuns, outcome, fullSeconds !== undefined ? `, full / bare ${format(fullSeconds / outcome.seconds, 'ratio')}` : '');
    }
  }
  if (has('memory') && !hasProc) say('  (peak memory not measured: it needs Linux /proc)');

  if (plan.warm) {
    // The validation cache as a developer's next synth finds it: filled by a synth of the same templates just before.
    const step = (dir: string): Step => ({
      label: 'warm full synth',
      args: [CDK, 'synth', '--quiet', '-o', dir],
      env: { HALO_VALIDATION_CACHE: undefined, CDK_VALIDATION: undefined },
    });
    announce(step(join(workdir, 'warm-<n>')), ' (after one synth that fills the validation cache)');
    for (const name of ['warm-fill', 'warm-1']) {
      const dir = join(workdir, name);
      const outcome = await runOnce(step(dir), `warm full synth [${name}]`);
      rmSync(dir, { recursive: true, force: true });
      if (name === 'warm-1') {
        record(warm, outcome);
        progress('warm full synth', 1, 1, outcome);
      }
    }
  }

  if (plan.regionRuns > 0) {
    const step = (dir: string): Step => ({
      label: 'one-region synth',
      args: [CDK, 'synth', '--quiet', '-c', 'regions=london', '-o', dir],
      env: { ...COLD, CDK_VALIDATION: undefined },
    });
    announce(step(join(workdir, 'region-<n>')));
    for (let i = 1; i <= plan.regionRuns; i++) {
      const dir = join(workdir, `region-${i}`);
      const outcome = await runOnce(step(dir), `one-region synth [${i}/${plan.regionRuns}]`);
      rmSync(dir, { recursive: true, force: true });
      record(region, outcome);
      progress('one-region synth', i, plan.regionRuns, outcome);
    }
  }

  if (plan.compliance && lastFull) {
    const step = npmScript('compliance report', 'compliance', ['--assembly', lastFull]);
    announce(step);
    const outcome = await runOnce(step, 'compliance report [1/1]');
    record(compliance, outcome);
    progress('compliance report', 1, 1, outcome);
  }
  if (plan.stacks && lastFull) results.stackLines = stacksTable(lastFull);

  if (plan.cells) {
    const step: Step = {
      label: `${CELLS.default} production cells per region`,
      args: [...appLoader(), 'scripts/synth-cells.ts', '--cells', String(CELLS.default)],
      env: { ...COLD, CDK_VALIDATION: undefined },
    };
    announce(step);
    const outcome = await runOnce(step, 'synth-cells [1/1]');
    record(cells, outcome);
    progress('synth-cells', 1, 1, outcome);
    outcome.stdout
      .trimEnd()
      .split('\n')
      .filter((l) => l.trim())
      .forEach((l) => say(`    ${l.replace(/^synth-cells: /, '')}`));
  }

  if (plan.test) {
    const step = npmScript('npm test', 'test', ['--silent']);
    announce(step);
    const outcome = await runOnce(step, 'npm test [1/1]');
    record(test, outcome);
    progress('npm test', 1, 1, outcome);
  }

  if (guard) {
    const step = npmScript('cfn-guard report', 'compliance', ['--guard', '--assembly', join(workdir, 'guard')], { ...COLD, CDK_VALIDATION: undefined });
    announce(step);
    const outcome = await runOnce(step, 'cfn-guard report [1/1]');
    record(guard, outcome);
    progress('cfn-guard report', 1, 1, outcome);
  }
}

async function main(argv: string[]): Promise<number> {
  const started = performance.now();
  const parsed = parseBenchArgs(argv);
  if (parsed.kind === 'help') {
    console.log(BENCH_USAGE);
    return 0;
  }
  if (parsed.kind === 'error') {
    console.error(`bench: ${parsed.message}`);
    return 2;
  }
  const { options } = parsed;
  const plan = planOf(options);
  const once = [
    plan.cells && `the synth of ${CELLS.default} cells per region`,
    plan.test && 'npm test',
    plan.compliance && 'the compliance report',
    options.guard && 'the cfn-guard report',
  ].filter(Boolean);
  const synths = [plan.fullRuns > 0 && 'full', plan.bareRuns > 0 && 'bare', plan.regionRuns > 0 && 'one-region'].filter(Boolean);
  console.log(
    `Halo bench: ${options.runs} run${options.runs === 1 ? '' : 's'} of each synth (${synths.join(', ') || 'none'})${once.length ? `, 1 of ${once.join(', ')}` : ''}` +
      ` (node ${process.version}, ${cpus().length} cores, load ${loadavg()[0].toFixed(2)}: on a shared machine timings are noisy)`,
  );
  console.log(
    `Expected: about ${Math.round(expectedSeconds(options, plan))} s once the synth meets its targets (full synth ≤ ${TARGETS.full} s, one region ≤ ${TARGETS.region} s, ` +
      `${CELLS.default} cells per region ≤ ${TARGETS.cells} s, tests ≤ ${TARGETS.test} s); longer until then.`,
  );
  console.log("Each synth writes to a fresh temporary folder and validates every template (validation cache off, as on CI's clean install).\n");

  const workdir = mkdtempSync(join(tmpdir(), 'halo-bench-'));
  const cleanUp = () => rmSync(workdir, { recursive: true, force: true });
  const stop = (reason: string, code: number) => () => {
    const running = runningCommand();
    if (running) killTree(running, 'SIGTERM');
    cleanUp();
    console.error(`\nbench: ${reason}`);
    process.exit(code);
  };
  process.once('SIGINT', stop('stopped by SIGINT', 130));
  process.once('SIGTERM', stop('stopped by SIGTERM', 143));
  // Output piped into a reader that stops (`| head`): stop too, without a stack trace.
  process.stdout.on('error', stop('stopped: its output was closed', 1));

  const results: Results = { rows: [], stackLines: [] };
  const report = () => [...resultsTable(results.rows), ...cpuTable(results.rows, cpus().length), ...results.stackLines].forEach((line) => console.log(line));
  try {
    await bench(options, workdir, results);
    report();
    console.log(`\nbench took ${((performance.now() - started) / 1000).toFixed(0)} s`);
    return 0;
  } catch (error) {
    if (!(error instanceof CommandFailed)) throw error;
    if (error.tail) console.error(`\n--- its output, last lines ---\n${error.tail}\n---`);
    report();
    console.error(`bench: ${error.reason}`);
    return 1;
  } finally {
    cleanUp();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
