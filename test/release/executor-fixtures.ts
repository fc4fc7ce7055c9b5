import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { FileLogBook, FileStateStore } from '../../lib/release/execute-io';
import {
  type AlarmState,
  type ApplyRequest,
  type CellWatcher,
  type Clock,
  DEFAULT_TIMINGS,
  type ExecutorServices,
  type ReleaseCell,
  type ResolvedPlan,
  type TargetCounts,
} from '../../lib/release/execute';
import { formatJson } from '../../lib/release/json-file';
import type { ChannelHistory } from '../../lib/release/channels';
import type { CellReleaseState, Colour, StateCell } from '../../lib/release/state';
import { CHANNELS, onVersion } from './fixtures';

/** The executor tests' start: Monday 4 January 2027, 00:00 UTC, when stable 2.133.2 becomes stable. */
export const T0 = Date.parse('2027-01-04T00:00:00Z');
export const MINUTE = 60_000;

/** The cells of the tests' release state: two regions, two stable cells each, all on 2.132.8. */
export const STATE_CELLS: StateCell[] = ['london/uat', 'london/prod-stable', 'frankfurt/uat', 'frankfurt/prod-stable'].map((key) => ({
  key,
  channel: 'stable',
  azCount: 3,
}));

/** A cell of the plan, its window `startHour` to `startHour + 3` hours after T0. */
export function planCell(key: string, startHour = 0): ReleaseCell {
  const [slug, id] = key.split('/');
  const stage = slug === 'london' ? 'London' : 'Frankfurt';
  return {
    key,
    stack: `${stage}/${id}-App`,
    stackName: `halo-${slug}-${id}-app`,
    regionCode: slug === 'london' ? 'eu-west-2' : 'eu-central-1',
    alarmName: `halo-${slug}-${id}-unavailable`,
    fromVersion: '2.132.8',
    windowStart: new Date(T0 + startHour * 60 * MINUTE),
    windowEnd: new Date(T0 + (startHour + 3) * 60 * MINUTE),
    localWindow: 'local window',
  };
}

/** A stable upgrade to 2.133.2: wave 1 London's UAT cell, wave 2 both regions' production and Frankfurt's UAT cells. */
export function upgradePlan(kind: ResolvedPlan['kind'] = 'upgrade'): ResolvedPlan {
  // The same id for the patch: the harness reads one log.
  return {
    id: 'stable-2.133.2-20270104T0000Z',
    version: kind === 'patch' ? '2.132.9' : '2.133.2',
    kind,
    waves: [
      { number: 1, cells: [planCell('london/uat')] },
      { number: 2, cells: [planCell('london/prod-stable', 24), planCell('frankfurt/uat', 24), planCell('frankfurt/prod-stable', 27)] },
    ],
  };
}

/** A clock that moves only when slept on; `onSleep` may throw to interrupt the run at a moment. */
export class FakeClock implements Clock {
  public onSleep?: (now: number) => void;
  constructor(public time: number) {}
  public now(): Date {
    return new Date(this.time);
  }
  public async sleep(milliseconds: number): Promise<void> {
    this.time += milliseconds;
    this.onSleep?.(this.time);
    return Promise.resolve();
  }
}

/** What the watcher answers, by cell and time (default: alarm OK, three healthy targets). */
export interface WatchScript {
  alarm?: (cell: string, now: number) => AlarmState;
  targets?: (cell: string, colour: Colour, now: number) => TargetCounts;
}

/** One deployment: the cell and its colours on file at that moment (what the Toolkit would synthesize). */
export interface Deployment {
  readonly cell: string;
  readonly state: CellReleaseState;
}

/** A release state, log, deployer and watcher in a folder of their own, and the deployments made. */
export class Harness {
  public readonly root = mkdtempSync(join(tmpdir(), 'executor-'));
  public readonly deployments: Deployment[] = [];
  public readonly printed: string[] = [];
  public readonly clock: FakeClock;
  /** Throws for the deployment it returns a message for. */
  public failDeploy?: (deployment: Deployment, index: number) => string | undefined;
  public watch: WatchScript = {};
  /** What the deployer's pending changes answer for a cell (default: none); a string rejects with it. */
  public pending: (cell: string) => string[] | string = () => [];
  /** Each call of pending changes: the cell and its colours on file at that moment. */
  public readonly compared: Deployment[] = [];
  /** How long a deployment takes. */
  public deployMinutes = 2;

  private readonly channels: ChannelHistory;

  /** At `time` (default five minutes into wave 1's window), every cell on 2.132.8 but those `state` gives. */
  constructor(options: { time?: number; state?: Record<string, CellReleaseState>; channels?: ChannelHistory } = {}) {
    this.clock = new FakeClock(options.time ?? T0 + 5 * MINUTE);
    this.channels = options.channels ?? CHANNELS;
    mkdirSync(join(this.root, 'releases'));
    const cells = Object.fromEntries(STATE_CELLS.map((c) => [c.key, onVersion('2.132.8')]));
    writeFileSync(this.stateFile, formatJson({ cells: { ...cells, ...options.state } }));
  }

  public get stateFile(): string {
    return join(this.root, 'releases', 'cells.json');
  }

  public cell(key: string): CellReleaseState {
    return (JSON.parse(readFileSync(this.stateFile, 'utf8')) as { cells: Record<string, CellReleaseState> }).cells[key];
  }

  public services(): ExecutorServices {
    const state = new FileStateStore(this.root, STATE_CELLS, this.channels, this.clock);
    const watcher: CellWatcher = {
      alarmState: async (cell) => Promise.resolve(this.watch.alarm?.(cell.key, this.clock.time) ?? 'OK'),
      targetHealth: async (cell, colour) => Promise.resolve(this.watch.targets?.(cell.key, colour, this.clock.time) ?? { healthy: 3, unhealthy: 0, other: 0 }),
    };
    return {
      clock: this.clock,
      state,
      log: new FileLogBook(this.root, upgradePlan().id),
      print: (line) => this.printed.push(line),
      watcher,
      deployer: {
        deploy: async (cell) => {
          const deployment = { cell: cell.key, state: state.cell(cell.key) };
          this.deployments.push(deployment);
          this.clock.time += this.deployMinutes * MINUTE;
          const failure = this.failDeploy?.(deployment, this.deployments.length - 1);
          if (failure) throw new Error(`${failure}\nstack trace that must not be shown`);
          return Promise.resolve();
        },
        pendingChanges: async (cell) => {
          this.compared.push({ cell: cell.key, state: state.cell(cell.key) });
          const answer = this.pending(cell.key);
          return typeof answer === 'string' ? Promise.reject(new Error(`${answer}\nstack trace that must not be shown`)) : Promise.resolve(answer);
        },
      },
    };
  }

  public log(): ReturnType<FileLogBook['entries']> {
    return new FileLogBook(this.root, upgradePlan().id).entries();
  }
}

/** A request for a wave of the upgrade plan, with the default timings. */
export function request(wave: number | undefined, changes: Partial<ApplyRequest> = {}): ApplyRequest {
  return { plan: upgradePlan(), wave, patch: false, dryRun: false, timings: DEFAULT_TIMINGS, ...changes };
}

/** The colours of a cell: blue then green as `version weight% min capacity`. */
export function colours(state: CellReleaseState): string {
  const one = (c: CellReleaseState['blue']) => `${c.version ?? '-'} ${c.weight}% min ${c.minCapacity}`;
  return `blue ${one(state.blue)} | green ${one(state.green)}`;
}

/** The history with stable patch 2.132.9 released, for a patch plan. */
export const WITH_PATCH: ChannelHistory = {
  ...CHANNELS,
  stable: { ...CHANNELS.stable, releases: [...CHANNELS.stable.releases, { version: '2.132.9', released: '2026-12-01' }] },
};
