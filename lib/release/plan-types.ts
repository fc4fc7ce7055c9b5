import type { ReleaseCalendar } from './calendar';
import type { Channel, ChannelHistory } from './channels';
import type { ReleaseState } from './state';

/** Length of one cell's release window: stage the idle colour, canary, bake, flip, retire the old colour. */
export const SLOT_MINUTES = 180;
/** What happens in each cell's window, in order (README "Applications: blue/green releases"). */
export const SLOT_STEPS = ['stage', 'canary', 'bake', 'flip', 'retire'] as const;
/** Seed 000: beta is rolled out over two days. */
export const BETA_SPAN_HOURS = 48;
/** Seed 000: stable is rolled out over several weeks: its waves start at least a week apart. */
export const STABLE_WAVE_SPACING_DAYS = 7;
/** Seed 000: the stable upgrade schedule is communicated two weeks before the rollout starts. */
export const SCHEDULE_NOTICE_DAYS = 14;

/** A cell as the planner sees it. */
export interface PlanCellConfig {
  readonly id: string;
  readonly environment: 'production' | 'uat';
  readonly channel: Channel;
}

/** A region as the planner sees it: names, local time, residency zones and cells. */
export interface PlanRegion {
  /** Display name, e.g. `N. Virginia` (the calendars' key). */
  readonly name: string;
  /** AWS region code, e.g. `us-east-1`. */
  readonly code: string;
  /** Kebab-case slug, e.g. `n-virginia` (the release state's keys). */
  readonly slug: string;
  /** PascalCase Stage name, e.g. `NVirginia` (the stack paths `cdk deploy` takes). */
  readonly stageName: string;
  /** IANA zone of the region's local time (its maintenance window's zone). */
  readonly timeZone: string;
  /** The weekly drill window `ddd:hh:mm-ddd:hh:mm` in local time: releases stay out of it. */
  readonly drillWindow?: string;
  readonly residencyZones: readonly string[];
  readonly cells: readonly PlanCellConfig[];
}

/** Everything a plan is made from; `regions` in catalogue order (the first region of a wave tier is its pilot). */
export interface PlanInputs {
  readonly regions: readonly PlanRegion[];
  /** Each region's working time, by region name. */
  readonly calendars: Readonly<Record<string, ReleaseCalendar>>;
  readonly state: ReleaseState;
  readonly channels: ChannelHistory;
}

/** What to plan. */
export interface PlanRequest {
  readonly channel: Channel;
  readonly version: string;
  /** When the rollout may start; by default beta (and patches) next day 00:00 UTC, stable the earliest start the notice allows. */
  readonly start?: Date;
  /** A patch run in working hours too (refused for an upgrade). */
  readonly patch?: boolean;
  /** The planner's clock: the plan is made at this instant. */
  readonly now: Date;
}

/** One cell's release window. */
export interface PlannedCell {
  readonly region: string;
  readonly regionCode: string;
  readonly cell: string;
  /** The cell's key in the release state, `<region slug>/<cell id>`. */
  readonly key: string;
  readonly environment: 'production' | 'uat';
  /** The App stack to deploy, as `cdk deploy` and the Toolkit Library select it, e.g. `London/prod-stable-App`. */
  readonly stack: string;
  /** The version its users reach before the release. */
  readonly fromVersion: string;
  /** UTC, ISO 8601. */
  readonly start: string;
  readonly end: string;
  /** Local time with its offset, e.g. `2026-11-29T04:00+00:00`, in `timeZone`. */
  readonly localStart: string;
  readonly localEnd: string;
  readonly timeZone: string;
}

export interface PlannedWave {
  readonly number: number;
  readonly exposure: string;
  readonly start: string;
  readonly end: string;
  readonly cells: readonly PlannedCell[];
}

/** The dates a stable upgrade promises customers (seed 000), `YYYY-MM-DD`. */
export interface Announcements {
  /** The release candidate is announced and open to opt in by this date: four weeks before the rollout starts. */
  readonly releaseCandidate: string;
  /** The upgrade schedule is communicated by this date: two weeks before the rollout starts. */
  readonly scheduleCommunication: string;
}

/** A rollout plan: reviewed as a file, then applied wave by wave. */
export interface ReleasePlan {
  /** `<channel>-<version>-<start, UTC>`, e.g. `beta-2.134.0-20261129T0000Z`. */
  readonly id: string;
  readonly channel: Channel;
  readonly version: string;
  readonly kind: 'patch' | 'upgrade' | 'major';
  /** True when asked to (`--patch`): the windows may fall in working hours. */
  readonly workingHoursAllowed: boolean;
  readonly generatedAt: string;
  readonly start: string;
  readonly end: string;
  readonly slotMinutes: number;
  readonly steps: readonly string[];
  readonly announcements?: Announcements;
  readonly waves: readonly PlannedWave[];
}

/** A plan the rules do not allow: one line saying what and, where it can, what would be allowed. */
export class PlanRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlanRefusal';
  }
}

/** Refuses a plan with one line. */
export function refuse(message: string): never {
  throw new PlanRefusal(message);
}
