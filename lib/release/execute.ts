import { lastStepEntry, nextMove } from './execute-resume';
import { type CellRelease, coloursAt, describeColours, positionOf } from './execute-steps';
import {
  type ApplyRequest,
  ApplyRefusal,
  type CellResult,
  DEPLOY_ALLOWANCE_MINUTES,
  type ExecutorServices,
  type LogBook,
  type LoggedStep,
  type LogEntry,
  RELEASE_STEPS,
  type ReleaseCell,
  type ReleaseStep,
  releaseMinutes,
  type StepOutcome,
  type WaveResult,
} from './execute-types';
import { watchStep } from './execute-watch';
import { type CellReleaseState, otherColour } from './state';
import { formatUtc } from './zoned-time';

export * from './execute-types';

/**
 * Applies one wave of a plan (the first not yet released when `request.wave` is undefined). Each region's cells run one
 * after another, the regions of the wave side by side (the plan gives them the same window). Each cell goes through
 * stage, canary, flip and retire; each step writes the release state and the log before it deploys the cell's App
 * stack. A halt (the cell's alarm in ALARM or its new colour's targets unhealthy while it waits or bakes, or a failed
 * deployment) rolls that cell back and starts no further cell; cells under way elsewhere finish under their own watch.
 * Rerun after an interruption, it resumes each cell where the state and the log say it stopped.
 */
export async function applyWave(request: ApplyRequest, services: ExecutorServices): Promise<WaveResult> {
  const { plan } = request;
  if (request.patch && plan.kind !== 'patch') {
    throw new ApplyRefusal(
      `--patch starts cells outside their windows, and only for a patch: ${plan.id} is an ${plan.kind} (it may change the schema); apply each wave in its cells' windows`,
    );
  }
  // Released as a rerun would judge it: a retire written but not deployed (the log says so) is not released.
  const released = (cell: ReleaseCell) =>
    nextMove(positionOf(services.state.cell(cell.key), cell.fromVersion, plan.version), entriesOf(services.log, plan.id, cell)).move === 'skip';
  const number = request.wave ?? plan.waves.find((w) => !w.cells.every(released))?.number;
  if (number === undefined) return { cells: [] };
  const wave = plan.waves.find((w) => w.number === number);
  if (!wave) throw new ApplyRefusal(`plan ${plan.id} has no wave ${number}; its waves are 1 to ${plan.waves.length}`);
  for (const earlier of plan.waves.filter((w) => w.number < number)) {
    const open = earlier.cells.filter((c) => !released(c)).map((c) => c.key);
    if (open.length > 0) {
      throw new ApplyRefusal(
        `wave ${number} waits for wave ${earlier.number}, which is not released yet (${open.join(', ')}); apply --wave ${earlier.number} first`,
      );
    }
  }
  const run = new WaveRun(request, number, services);
  const lanes = new Map<string, ReleaseCell[]>();
  for (const cell of wave.cells) lanes.set(cell.key.split('/')[0], [...(lanes.get(cell.key.split('/')[0]) ?? []), cell]);
  const settled = await Promise.allSettled([...lanes.values()].map((cells) => run.lane(cells)));
  // An interruption (anything but a failed deployment or a halt) leaves the state and the log as they are, for a rerun.
  const interrupted = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (interrupted) throw interrupted.reason;
  const results = new Map(settled.flatMap((s) => (s.status === 'fulfilled' ? s.value : [])).map((r) => [r.cell, r]));
  return { wave: number, cells: wave.cells.map((c) => results.get(c.key)!) };
}

/** One run of one wave: its cells' lanes share whether the wave has halted. */
class WaveRun {
  private halted = false;

  constructor(
    private readonly request: ApplyRequest,
    private readonly wave: number,
    private readonly services: ExecutorServices,
  ) {}

  /** A region's cells, one after another; a refusal or halt leaves the rest of the lane untouched. */
  public async lane(cells: readonly ReleaseCell[]): Promise<CellResult[]> {
    const results: CellResult[] = [];
    let stopped = false;
    for (const cell of cells) {
      if (stopped || this.halted) {
        results.push({ cell: cell.key, result: 'untouched' });
        continue;
      }
      const result = this.request.dryRun ? this.dryRun(cell) : await this.release(cell);
      results.push(result);
      stopped = result.result === 'refused' || result.result === 'halted';
    }
    return results;
  }

  private async release(cell: ReleaseCell): Promise<CellResult> {
    const { version } = this.request.plan;
    const state = this.services.state.cell(cell.key);
    const position = positionOf(state, cell.fromVersion, version);
    const move = nextMove(position, this.entriesOf(cell));
    if (move.move === 'refuse' || position.at === 'unknown') return this.refuse(cell, unknownState(cell, state, version));
    const release = position.release;
    switch (move.move) {
      case 'skip':
        this.record(cell, 'cell', 'skipped', { detail: `already on ${version}, ${release.old} retired` });
        this.say(cell, `already on ${version} and retired: skipped`);
        return { cell: cell.key, result: 'skipped' };
      case 'finish rollback':
        return this.finishRollback(cell, release, move.reason);
      case 'roll back':
        return this.rollBack(cell, release, move.step, move.reason);
      case 'begin': {
        const closed = this.request.patch ? undefined : this.outsideWindow(cell);
        if (closed) return this.refuse(cell, `${cell.key}: ${closed}`);
        const unreviewed = await this.unreviewedChanges(cell);
        if (unreviewed) return this.refuse(cell, unreviewed);
        const alarm = await this.services.watcher.alarmState(cell).catch((e: Error) => `unreadable (${firstLine(e)})`);
        if (alarm !== 'OK' && alarm !== 'INSUFFICIENT_DATA') {
          return this.refuse(cell, `${cell.key}: its alarm ${cell.alarmName} is ${alarm} before the release begins; nothing was changed; rerun once it is OK`);
        }
        return this.steps(cell, release, 'stage', 'write');
      }
      case 'resume':
        this.say(cell, `resuming at ${move.step} (${move.from}), the state on file: ${describeColours(state)}`);
        return this.steps(cell, release, move.step, move.from);
    }
  }

  /**
   * Why the cell may not begin (one line), or undefined: its App stack as this checkout synthesizes it with the release
   * state still unchanged must be what is deployed, or each step would also ship App-stack edits nobody released (or a
   * template importing exports not deployed yet).
   */
  private async unreviewedChanges(cell: ReleaseCell): Promise<string | undefined> {
    const region = cell.stack.split('/')[0];
    const changes = await this.services.deployer.pendingChanges(cell).catch((e: Error) => firstLine(e));
    if (Array.isArray(changes) && changes.length === 0) return undefined;
    if (!Array.isArray(changes)) {
      return `${cell.key}: could not compare ${cell.stack} with what is deployed (${changes}); nothing was changed; rerun once it can be read`;
    }
    for (const change of changes) this.say(cell, `differs from what is deployed: ${change}`);
    return `${cell.stack} differs from what is deployed before any release change: deploy the region from this commit first (npx cdk deploy '${region}/*'), then rerun`;
  }

  /** Runs the steps from `first` (at `from`) to retire; a halt or failed deployment rolls the cell back. */
  private async steps(cell: ReleaseCell, release: CellRelease, first: ReleaseStep, from: 'write' | 'deploy' | 'watch'): Promise<CellResult> {
    const { canaryPercent } = this.request.timings;
    for (const step of RELEASE_STEPS.slice(RELEASE_STEPS.indexOf(first))) {
      const colours = coloursAt(step, release, canaryPercent);
      if (from === 'write') {
        this.services.state.setCell(cell.key, colours);
        this.record(cell, step, 'started', { state: colours });
        this.say(cell, `${step}: ${describeColours(colours)}; deploying ${cell.stack}`);
      }
      if (from !== 'watch') {
        try {
          await this.services.deployer.deploy(cell);
        } catch (error) {
          this.halted = true;
          this.record(cell, step, 'failed', { detail: `the deployment of ${cell.stack} failed: ${firstLine(error)}` });
          return this.rollBack(cell, release, step, `the deployment of ${cell.stack} failed (${firstLine(error)})`);
        }
        this.record(cell, step, 'deployed');
      }
      const problem = await watchStep(step, cell, otherColour(release.old), release.capacity, this.request.timings, this.services, (t) => this.say(cell, t));
      if (problem) {
        this.halted = true;
        this.record(cell, step, 'halted', { detail: problem });
        return this.rollBack(cell, release, step, problem);
      }
      this.record(cell, step, 'done');
      from = 'write';
    }
    this.say(
      cell,
      `released: ${this.request.plan.version} takes all traffic on ${otherColour(release.old)}; ${release.old} keeps ${release.fromVersion} at 0 instances for a rollback`,
    );
    return { cell: cell.key, result: 'released' };
  }

  /** Puts the old colour back in front (weights back, the new colour at weight 0 and no minimum) and deploys. */
  private async rollBack(cell: ReleaseCell, release: CellRelease, step: ReleaseStep, reason: string): Promise<CellResult> {
    this.halted = true;
    const colours = coloursAt('rollback', release, 0);
    this.services.state.setCell(cell.key, colours);
    this.record(cell, 'rollback', 'started', { state: colours, detail: reason });
    this.say(cell, `halted at ${step}: ${reason}; rolling back: ${describeColours(colours)}`);
    return this.deployRollback(cell, release, `${reason} at ${step}`);
  }

  private async finishRollback(cell: ReleaseCell, release: CellRelease, reason: string): Promise<CellResult> {
    this.halted = true;
    // Interrupted between writing the rollback and logging it: the log gets the line it missed.
    if (lastStepEntry(this.entriesOf(cell))?.step !== 'rollback') {
      this.record(cell, 'rollback', 'started', { state: this.services.state.cell(cell.key), detail: reason });
    }
    this.say(cell, `finishing the rollback an interruption cut short (${reason})`);
    return this.deployRollback(cell, release, `${reason}; the rollback an interruption cut short is now deployed`);
  }

  private async deployRollback(cell: ReleaseCell, release: CellRelease, what: string): Promise<CellResult> {
    const back = `${release.old} ${release.fromVersion}`;
    try {
      await this.services.deployer.deploy(cell);
    } catch (error) {
      this.record(cell, 'rollback', 'failed', { detail: firstLine(error) });
      return {
        cell: cell.key,
        result: 'halted',
        line: `${cell.key}: ${what}; rolling back to ${back} failed too (${firstLine(error)}): releases/cells.json holds the rollback, so rerun this command to deploy it once the cause is fixed`,
      };
    }
    this.record(cell, 'rollback', 'done');
    return {
      cell: cell.key,
      result: 'halted',
      line: `${cell.key}: ${what}; rolled back to ${back} (${otherColour(release.old)} ${release.toVersion} at weight 0); find the cause, then rerun this command in the cell's window to try again, or plan a fixed version`,
    };
  }

  private dryRun(cell: ReleaseCell): CellResult {
    const { version } = this.request.plan;
    const state = this.services.state.cell(cell.key);
    const position = positionOf(state, cell.fromVersion, version);
    const move = nextMove(position, this.entriesOf(cell));
    if (move.move === 'refuse' || position.at === 'unknown') return { cell: cell.key, result: 'refused', line: unknownState(cell, state, version) };
    if (move.move === 'skip') {
      this.say(cell, `already on ${version} and retired: would skip`);
      return { cell: cell.key, result: 'skipped' };
    }
    const deploy = (step: LoggedStep, colours: CellReleaseState) => this.say(cell, `would deploy ${cell.stack}: ${step}: ${describeColours(colours)}`);
    if (move.move === 'finish rollback' || move.move === 'roll back') {
      deploy('rollback', coloursAt('rollback', position.release, 0));
      return { cell: cell.key, result: 'planned' };
    }
    const closed = move.move === 'begin' && !this.request.patch ? this.outsideWindow(cell) : undefined;
    if (closed) this.say(cell, `would be refused now: ${closed}`);
    if (move.move === 'begin') this.say(cell, `not checked in a dry run: that ${cell.stack} as this checkout synthesizes it is what is deployed`);
    const first = move.move === 'begin' ? 'stage' : move.step;
    if (move.move === 'resume' && move.from === 'watch') this.say(cell, `would resume watching ${first}`);
    for (const step of RELEASE_STEPS.slice(RELEASE_STEPS.indexOf(first))) {
      if (move.move === 'resume' && step === first && move.from === 'watch') continue;
      deploy(
        step,
        step === first && move.move === 'resume' && move.from === 'deploy' ? state : coloursAt(step, position.release, this.request.timings.canaryPercent),
      );
    }
    return { cell: cell.key, result: 'planned' };
  }

  /**
   * Why the cell may not begin now (`its window ...`), or undefined: its window must be open and still hold the longest
   * release, its four deployments (DEPLOY_ALLOWANCE_MINUTES each), the health wait and both bakes.
   */
  private outsideWindow(cell: ReleaseCell): string | undefined {
    const { timings } = this.request;
    const needed = releaseMinutes(timings);
    const now = this.services.clock.now();
    const latest = new Date(cell.windowEnd.getTime() - needed * 60_000);
    if (now >= cell.windowStart && now <= latest) return undefined;
    const window = `${formatUtc(cell.windowStart)} to ${formatUtc(cell.windowEnd)} (${cell.localWindow})`;
    const parts = `${RELEASE_STEPS.length} deployments at ${DEPLOY_ALLOWANCE_MINUTES} min, the ${timings.healthTimeoutMinutes} min health wait, the ${timings.bakeMinutes} and ${timings.flipBakeMinutes} min bakes`;
    const when = now < cell.windowStart ? 'has not opened' : `leaves less than the ${needed} min a release needs (${parts})`;
    return `its window ${window} ${when} at ${formatUtc(now)}; nothing was changed; rerun between ${formatUtc(cell.windowStart)} and ${formatUtc(latest)}, or plan again${this.request.plan.kind === 'patch' ? ' (a patch may use --patch)' : ''}`;
  }

  private refuse(cell: ReleaseCell, line: string): CellResult {
    this.record(cell, 'cell', 'refused', { detail: line });
    return { cell: cell.key, result: 'refused', line };
  }

  private entriesOf(cell: ReleaseCell): LogEntry[] {
    return entriesOf(this.services.log, this.request.plan.id, cell);
  }

  private record(cell: ReleaseCell, step: LogEntry['step'], outcome: StepOutcome, extra: Pick<LogEntry, 'detail' | 'state'> = {}): void {
    const time = this.services.clock.now().toISOString();
    this.services.log.append({ time, plan: this.request.plan.id, wave: this.wave, cell: cell.key, step, outcome, ...extra });
  }

  private say(cell: ReleaseCell, text: string): void {
    this.services.print(`[${cell.key}] ${text}`);
  }
}

/** The plan's log entries for a cell, oldest first. */
function entriesOf(log: LogBook, planId: string, cell: ReleaseCell): LogEntry[] {
  return log.entries().filter((e) => e.plan === planId && e.cell === cell.key);
}

function unknownState(cell: ReleaseCell, state: CellReleaseState, version: string): string {
  return `${cell.key}: its release state (${describeColours(state)}) is no step of releasing ${cell.fromVersion} to ${version}; nothing was changed; plan again from the state on file, or restore the cell's entry in releases/cells.json`;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}
