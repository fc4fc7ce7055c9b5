import type { CellReleaseState, Colour } from './state';

/** What a release does to each cell, in order: each step writes the release state, deploys, then waits or bakes. */
export const RELEASE_STEPS = ['stage', 'canary', 'flip', 'retire'] as const;
export type ReleaseStep = (typeof RELEASE_STEPS)[number];

/** A step as the log records it: a release step, or the rollback that follows a halt. */
export type LoggedStep = ReleaseStep | 'rollback';

/**
 * What a log line says: the step's state was written (`started`), its deployment succeeded (`deployed`), its wait or
 * bake passed (`done`); or it `failed` (its deployment) or `halted` (alarm or targets); a cell can also be `skipped`
 * (already released) or `refused` (outside its window, or not in a state this release knows).
 */
export type StepOutcome = 'started' | 'deployed' | 'done' | 'failed' | 'halted' | 'skipped' | 'refused';

/** One line of a plan's log, `releases/log/<plan id>.jsonl`. */
export interface LogEntry {
  /** UTC, ISO 8601. */
  readonly time: string;
  readonly plan: string;
  readonly wave: number;
  /** The cell's key in the release state, `<region slug>/<cell id>`. */
  readonly cell: string;
  readonly step: LoggedStep | 'cell';
  readonly outcome: StepOutcome;
  /** Why it halted, failed, was skipped or refused. */
  readonly detail?: string;
  /** The colours a `started` step wrote to the release state and deploys. */
  readonly state?: CellReleaseState;
}

/** A cell of a plan's wave, with what the executor needs to deploy and watch it (from the plan and the resolved configuration). */
export interface ReleaseCell {
  /** `<region slug>/<cell id>`, e.g. `london/prod-stable`. */
  readonly key: string;
  /** The App stack as the Toolkit Library selects it, e.g. `London/prod-stable-App`. */
  readonly stack: string;
  /** The App stack's CloudFormation name, e.g. `halo-london-prod-stable-app`. */
  readonly stackName: string;
  /** AWS region code. */
  readonly regionCode: string;
  /** The cell's composite "unavailable" alarm (the resolved cell's `names.unavailableAlarm`). */
  readonly alarmName: string;
  /** The version its users reach before the release. */
  readonly fromVersion: string;
  /** Its window in the plan. */
  readonly windowStart: Date;
  readonly windowEnd: Date;
  /** The window in the region's local time, for messages, e.g. `2027-01-04T00:00+00:00 Europe/London`. */
  readonly localWindow: string;
}

/** A plan as the executor runs it: each wave's cells resolved against the configuration. */
export interface ResolvedPlan {
  readonly id: string;
  readonly version: string;
  readonly kind: 'patch' | 'upgrade' | 'major';
  readonly waves: readonly { readonly number: number; readonly cells: readonly ReleaseCell[] }[];
}

/** Deploys one cell's App stack as the release state on file declares it. */
export interface CellDeployer {
  /** Deploys the cell's App stack alone, never its dependencies; rejects when the deployment fails. */
  deploy(cell: ReleaseCell): Promise<void>;
  /**
   * What deploying the cell's App stack now would change (one line per difference between the template this checkout
   * synthesizes from the files on disk and the deployed one); none when it is as deployed. Rejects when it cannot tell.
   */
  pendingChanges(cell: ReleaseCell): Promise<string[]>;
}

/** A CloudWatch alarm's state. */
export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

/** How many of a target group's targets are in each state (`other`: initial, draining, unused, unavailable). */
export interface TargetCounts {
  readonly healthy: number;
  readonly unhealthy: number;
  readonly other: number;
}

/** What the executor watches of a cell while it waits and bakes. */
export interface CellWatcher {
  /** The state of the cell's composite "unavailable" alarm; rejects when it cannot be read. */
  alarmState(cell: ReleaseCell): Promise<AlarmState>;
  /** The health of one colour's web targets; rejects when it cannot be read. */
  targetHealth(cell: ReleaseCell, colour: Colour): Promise<TargetCounts>;
}

/** The executor's time: the real clock, or a test's. */
export interface Clock {
  now(): Date;
  sleep(milliseconds: number): Promise<void>;
}

/** The release state as the executor reads and writes it. */
export interface StateStore {
  /** A cell's colours as the release state has them now. */
  cell(key: string): CellReleaseState;
  /** Writes a cell's colours; throws, writing nothing, when the app would refuse the result. */
  setCell(key: string, cell: CellReleaseState): void;
}

/** A plan's log. */
export interface LogBook {
  entries(): readonly LogEntry[];
  append(entry: LogEntry): void;
}

/** How a release moves traffic and how long it watches. */
export interface ReleaseTimings {
  /**
   * Share of the cell's traffic the new colour takes during the canary, a whole percentage.
   * @default 10
   */
  readonly canaryPercent: number;
  /**
   * How long the canary bakes while the alarm and the new colour's targets are watched.
   * @default 30
   */
  readonly bakeMinutes: number;
  /**
   * How long the flip bakes, watched the same way, before the old colour is retired.
   * @default 10
   */
  readonly flipBakeMinutes: number;
  /**
   * How long the staged colour has to become healthy.
   * @default 20
   */
  readonly healthTimeoutMinutes: number;
  /**
   * How often the watcher looks.
   * @default 60
   */
  readonly pollSeconds: number;
}

export const DEFAULT_TIMINGS: ReleaseTimings = { canaryPercent: 10, bakeMinutes: 30, flipBakeMinutes: 10, healthTimeoutMinutes: 20, pollSeconds: 60 };

/**
 * What the window check reserves for each of a release's four deployments (synthesis and CloudFormation update of one
 * App stack; a rolling instance refresh takes most of it). A cell begins only if its window still holds four of these,
 * the health wait and both bakes.
 */
export const DEPLOY_ALLOWANCE_MINUTES = 10;

/** The longest a cell's release may take once begun: four deployments, the health wait and both bakes (100 min by default). */
export function releaseMinutes(timings: ReleaseTimings): number {
  return RELEASE_STEPS.length * DEPLOY_ALLOWANCE_MINUTES + timings.healthTimeoutMinutes + timings.bakeMinutes + timings.flipBakeMinutes;
}

/** What the executor depends on. */
export interface ExecutorServices {
  readonly deployer: CellDeployer;
  readonly watcher: CellWatcher;
  readonly clock: Clock;
  readonly state: StateStore;
  readonly log: LogBook;
  /** Progress, one line at a time. */
  readonly print: (line: string) => void;
}

/** What to apply. */
export interface ApplyRequest {
  readonly plan: ResolvedPlan;
  /** The wave to apply; by default the first not yet released. */
  readonly wave?: number;
  /** Start cells outside their windows (a patch plan only). */
  readonly patch: boolean;
  /** Print the deployments, change nothing. */
  readonly dryRun: boolean;
  readonly timings: ReleaseTimings;
}

/** How a cell's run ended. */
export type CellResult =
  | { readonly cell: string; readonly result: 'released' | 'skipped' | 'planned' | 'untouched' }
  | { readonly cell: string; readonly result: 'halted' | 'refused'; readonly line: string };

/** How a wave's run ended: each cell's result, in the wave's order (no wave when every wave is released). */
export interface WaveResult {
  readonly wave?: number;
  readonly cells: readonly CellResult[];
}

/** A request the executor will not start: one line saying why and what to do. */
export class ApplyRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ApplyRefusal';
  }
}
