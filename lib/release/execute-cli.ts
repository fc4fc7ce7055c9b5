import { readFileSync } from 'fs';
import { relative, resolve } from 'path';
import type { HaloConfig } from '../config';
import type { ChannelHistory } from './channels';
import { UsageError } from './cli';
import { AwsCellWatcher } from './cell-watcher';
import { ToolkitCellDeployer } from './cell-deployer';
import { APPLY_HELP, APPLY_USAGE, parseApplyArgs } from './execute-args';
import { FileLogBook, FileStateStore, logFileOf, SYSTEM_CLOCK } from './execute-io';
import { readPlanFile, resolvePlan } from './execute-plan';
import { takeApplyLock } from './apply-lock';
import { applyWave, ApplyRefusal, type CellResult, DEFAULT_TIMINGS, type ExecutorServices, type WaveResult } from './execute';
import type { ReleaseFiles } from './inputs';
import type { StateCell } from './state';

/** What `apply` works with: the repository, its output, the configuration, and (in tests) the executor's outside world. */
export interface ApplyEnvironment {
  /** The repository: releases/ and cdk.json are read from and written under it; a relative --plan is read from it. */
  readonly root: string;
  readonly log: (text: string) => void;
  readonly error: (text: string) => void;
  /** The release files judged with the configuration at `now`: the resolved configuration and the release history, or every problem. */
  readonly configuration: (
    files: ReleaseFiles,
    now: Date,
  ) => { readonly config?: HaloConfig; readonly channels?: ChannelHistory; readonly problems: readonly string[] };
  /** The cells of regions/ as the release state knows them. */
  readonly stateCells: readonly StateCell[];
  /** The deployer, watcher and clock; by default the Toolkit Library, AWS and the real clock. */
  readonly services?: Partial<Pick<ExecutorServices, 'deployer' | 'watcher' | 'clock'>>;
}

/** `npm run release -- apply ...`: resolves to the exit code (0 released, 1 refused or halted, 2 usage or invalid files). */
export async function runApply(argv: readonly string[], env: ApplyEnvironment): Promise<number> {
  let args;
  try {
    args = parseApplyArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    env.error(`release: ${error.message}\n${APPLY_USAGE}`);
    return 2;
  }
  if (args === 'help') {
    env.log(APPLY_HELP);
    return 0;
  }
  const clock = env.services?.clock ?? SYSTEM_CLOCK;
  const file = relative(env.root, resolve(env.root, args.plan)) || args.plan;
  const read = (path: string): { value?: unknown; problem?: string } => {
    try {
      return { value: JSON.parse(readFileSync(resolve(env.root, path), 'utf8')) };
    } catch (error) {
      return { problem: `${path}: ${(error as Error).message.split('\n')[0]}` };
    }
  };
  const planFile = read(file);
  if (planFile.problem) return invalid(env, 'cannot read the plan', [planFile.problem]);
  const { plan: rawPlan, problems: planProblems } = readPlanFile(planFile.value, file);
  if (!rawPlan) return invalid(env, `${file} is not a release plan`, planProblems);
  const [channels, cells] = [read('releases/channels.json'), read('releases/cells.json')];
  if (channels.problem || cells.problem)
    return invalid(
      env,
      'cannot read the release files',
      [channels.problem, cells.problem].filter((p) => p !== undefined),
    );
  const configured = env.configuration({ channels: channels.value, cells: cells.value }, clock.now());
  if (!configured.config || !configured.channels) return invalid(env, 'invalid configuration or release files', configured.problems);
  const { plan, problems } = resolvePlan(rawPlan, configured.config, file);
  if (!plan) return invalid(env, `${file} does not match the configuration`, problems);
  if (args.wave !== undefined && !plan.waves.some((w) => w.number === args.wave)) {
    env.error(`release: --wave ${args.wave}: plan ${plan.id} has waves 1 to ${plan.waves.length}\n${APPLY_USAGE}`);
    return 2;
  }
  const store = new FileStateStore(env.root, env.stateCells, configured.channels, clock);
  const book = new FileLogBook(env.root, plan.id);
  const unused = (what: string) => () => {
    throw new Error(`a dry run ${what}`);
  };
  const services: ExecutorServices = {
    clock,
    print: env.log,
    // A dry run gets a state and a log it cannot write, and no deployer: it changes nothing, by construction.
    state: args.dryRun ? { cell: (key) => store.cell(key), setCell: unused('writes no release state') } : store,
    log: args.dryRun ? { entries: () => book.entries(), append: unused('writes no log') } : book,
    deployer: args.dryRun
      ? { deploy: unused('deploys nothing'), pendingChanges: unused('compares nothing') }
      : (env.services?.deployer ?? new ToolkitCellDeployer({ root: env.root, print: env.log })),
    watcher: env.services?.watcher ?? new AwsCellWatcher(),
  };
  // A dry run changes nothing, so it needs no lock.
  const lock = args.dryRun ? undefined : takeApplyLock(env.root, plan.id, clock.now());
  if (lock && 'held' in lock) {
    env.error(`release: refused: ${lock.held}`);
    return 1;
  }
  let result: WaveResult;
  try {
    const timings = { ...DEFAULT_TIMINGS, canaryPercent: args.canaryPercent, bakeMinutes: args.bakeMinutes };
    if (args.dryRun) env.log(`Dry run of plan ${plan.id}: nothing is written or deployed.`);
    result = await applyWave({ plan, wave: args.wave, patch: args.patch, dryRun: args.dryRun, timings }, services);
  } catch (error) {
    if (!(error instanceof ApplyRefusal)) throw error;
    env.error(`release: refused: ${error.message}`);
    return 1;
  } finally {
    lock?.release();
  }
  if (result.wave === undefined) {
    env.log(`Every wave of plan ${plan.id} is released.`);
    return 0;
  }
  env.log(summaryOf(plan.id, result, args.dryRun, logFileOf(plan.id)));
  const stops = result.cells.filter((c): c is Extract<CellResult, { line: string }> => 'line' in c);
  for (const stop of stops) env.error(`release: ${stop.result}: ${stop.line}`);
  return stops.length > 0 ? 1 : 0;
}

function invalid(env: ApplyEnvironment, what: string, problems: readonly string[]): number {
  env.error(`release: ${what} (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n- ${problems.join('\n- ')}`);
  return 2;
}

/** `Wave 2 of plan ...: released a, b; halted c; untouched d, e. Log: releases/log/<id>.jsonl`. */
function summaryOf(planId: string, result: WaveResult, dryRun: boolean, log: string): string {
  const groups = new Map<string, string[]>();
  for (const c of result.cells) groups.set(c.result, [...(groups.get(c.result) ?? []), c.cell]);
  const order = ['planned', 'released', 'skipped', 'halted', 'refused', 'untouched'];
  const parts = order.filter((r) => groups.has(r)).map((r) => `${r === 'planned' ? 'would release' : r} ${groups.get(r)!.join(', ')}`);
  return `Wave ${result.wave} of plan ${planId}: ${parts.join('; ')}.${dryRun ? '' : ` Log: ${log}`}`;
}
