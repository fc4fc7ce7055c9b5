import {
  CANDIDATE_NOTICE_DAYS,
  candidateOf,
  CHANNELS_FILE,
  type ChannelHistory,
  freezeAt,
  freezeStartingWithin,
  stableVersionsAt,
  startOfDate,
} from './channels';
import {
  type Announcements,
  type PlanInputs,
  type PlanRequest,
  type ReleasePlan,
  refuse,
  SCHEDULE_NOTICE_DAYS,
  SLOT_MINUTES,
  SLOT_STEPS,
  STABLE_WAVE_SPACING_DAYS,
} from './plan-types';
import { schedule, type Target, withinTwoDays } from './schedule';
import { CELLS_FILE, cellKey, liveVersionOf } from './state';
import { changeOf, parseVersion, VERSION_WORDS } from './version';
import { formatUtc } from './zoned-time';

export * from './plan-types';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Plans the rollout of `version` to the cells of a channel that do not run it yet, or refuses with one line. Each cell
 * gets one window of SLOT_MINUTES at the earliest time, from its wave's start, that lies wholly out of working hours in
 * its region's local time (weekends and holidays are days off; `patch` allows working hours) and outside the region's
 * drill window. Beta waves follow each other and end within two days; stable waves start a week apart, after the
 * candidate's announcement and the schedule's communication.
 */
export function planRelease(inputs: PlanInputs, request: PlanRequest): ReleasePlan {
  const { channel, version, now } = request;
  if (!parseVersion(version)) refuse(`the version "${version}" is not ${VERSION_WORDS}`);
  const targets = targetsOf(inputs, request);
  const kind = targets.some((t) => t.kind === 'major') ? 'major' : targets.some((t) => t.kind === 'upgrade') ? 'upgrade' : 'patch';
  if (request.patch && kind !== 'patch') {
    const example = targets.find((t) => t.kind !== 'patch')!;
    refuse(
      `--patch is for patches only: ${example.key} goes from ${example.fromVersion} to ${version}, an ${kind} that may change the schema and runs out of working hours; drop --patch`,
    );
  }
  const upgrade = kind !== 'patch';
  const start = request.start ?? defaultStart(inputs.channels, request, upgrade);
  if (start < now) refuse(`the start ${formatUtc(start)} is before now (${formatUtc(now)}): a plan starts in the future`);
  let announcements: Announcements | undefined;
  if (channel === 'stable' && upgrade) announcements = stableNotice(inputs.channels, version, start, now);
  if (channel === 'stable' && !upgrade && !stableVersionsAt(inputs.channels, start).includes(version)) {
    refuse(`stable ${version} is not a stable release in ${CHANNELS_FILE}: add it to stable.releases (with its date) before planning its rollout`);
  }
  const freeze = channel === 'beta' && upgrade ? freezeAt(inputs.channels, start) : undefined;
  if (freeze) {
    refuse(
      `beta upgrades wait during the freeze of release candidate ${freeze.version} (${freeze.announced} to ${freeze.stableFrom}, ${CHANNELS_FILE}): the start ${formatUtc(start)} falls inside it; start on ${freeze.stableFrom} or later, or ship a patch`,
    );
  }
  const waves = schedule(inputs, targets, start, channel === 'stable' && upgrade ? STABLE_WAVE_SPACING_DAYS : 0, request.patch === true);
  const end = new Date(Math.max(...waves.map((w) => Date.parse(w.end))));
  if (channel === 'beta') withinTwoDays(waves, start, end);
  const nextFreeze = channel === 'beta' && upgrade ? freezeStartingWithin(inputs.channels, start, end) : undefined;
  if (nextFreeze) {
    refuse(
      `the beta rollout would run into the freeze of release candidate ${nextFreeze.version}, which starts on ${nextFreeze.announced}: it would end at ${formatUtc(end)}; start earlier, or on ${nextFreeze.stableFrom} or later`,
    );
  }
  return {
    id: `${channel}-${version}-${start.toISOString().replace(/[-:]/g, '').slice(0, 13)}Z`,
    channel,
    version,
    kind,
    workingHoursAllowed: request.patch === true,
    generatedAt: now.toISOString(),
    start: start.toISOString(),
    end: end.toISOString(),
    slotMinutes: SLOT_MINUTES,
    steps: SLOT_STEPS,
    ...(announcements ? { announcements } : {}),
    waves,
  };
}

/** The channel's cells not on `version` yet; refuses a version older than a cell's, and a plan with nothing to do. */
function targetsOf(inputs: PlanInputs, request: PlanRequest): Target[] {
  const targets: Target[] = [];
  const ahead: string[] = [];
  let cellsOfChannel = 0;
  inputs.regions.forEach((region, regionIndex) => {
    for (const cell of region.cells.filter((c) => c.channel === request.channel)) {
      cellsOfChannel++;
      const key = cellKey(region.slug, cell.id);
      const state = inputs.state.cells[key];
      const fromVersion = state && liveVersionOf(state);
      if (!fromVersion) refuse(`${CELLS_FILE} has no live version for cell ${key}: every cell's colour that takes traffic names its version`);
      const change = changeOf(fromVersion, request.version);
      if (change === 'downgrade') ahead.push(`${key} runs ${fromVersion}`);
      if (change === 'downgrade' || change === 'same') continue;
      const stack = `${region.stageName}/${cell.id}-App`;
      targets.push({
        regionIndex,
        region: region.name,
        residencyZones: region.residencyZones,
        cellId: cell.id,
        environment: cell.environment,
        channel: cell.channel,
        key,
        stack,
        fromVersion,
        kind: change,
      });
    }
  });
  if (cellsOfChannel === 0) refuse(`no ${request.channel} cell in regions/: nothing to plan`);
  if (ahead.length > 0)
    refuse(`${request.version} is not newer than every ${request.channel} cell's version (${ahead.join(', ')}): a plan never moves a cell back`);
  if (targets.length === 0) refuse(`every ${request.channel} cell already runs ${request.version}: nothing to plan`);
  return targets;
}

/** Beta and patches: the next day at 00:00 UTC. A stable upgrade: the earliest midnight its notice and candidate allow. */
function defaultStart(channels: ChannelHistory, request: PlanRequest, upgrade: boolean): Date {
  const tomorrow = nextMidnight(new Date(request.now.getTime() + 1));
  if (request.channel !== 'stable' || !upgrade) return tomorrow;
  const candidate = candidateOf(channels, request.version);
  const noticed = nextMidnight(new Date(request.now.getTime() + SCHEDULE_NOTICE_DAYS * DAY));
  return candidate && startOfDate(candidate.stableFrom) > noticed ? startOfDate(candidate.stableFrom) : noticed;
}

/** A stable upgrade's candidate and notice dates, or a refusal naming the date that does not hold. */
function stableNotice(channels: ChannelHistory, version: string, start: Date, now: Date): Announcements {
  const candidate = candidateOf(channels, version);
  if (!candidate) {
    refuse(
      `stable ${version} has no release candidate in ${CHANNELS_FILE}: a stable upgrade is announced as a candidate four weeks before it becomes stable; add {"version": "${version}", "announced", "stableFrom"} to stable.candidates`,
    );
  }
  const releaseCandidate = dateOf(new Date(start.getTime() - CANDIDATE_NOTICE_DAYS * DAY));
  const scheduleCommunication = dateOf(new Date(start.getTime() - SCHEDULE_NOTICE_DAYS * DAY));
  if (start < startOfDate(candidate.stableFrom)) {
    refuse(
      `the start ${formatUtc(start)} is before candidate ${version} becomes stable (stableFrom ${candidate.stableFrom} in ${CHANNELS_FILE}): start on or after it`,
    );
  }
  if (candidate.announced > releaseCandidate) {
    refuse(
      `candidate ${version} is announced on ${candidate.announced}, less than four weeks before the start ${formatUtc(start)}: start on ${dateOf(new Date(startOfDate(candidate.announced).getTime() + CANDIDATE_NOTICE_DAYS * DAY))} or later`,
    );
  }
  if (start.getTime() - SCHEDULE_NOTICE_DAYS * DAY < now.getTime()) {
    const earliest = nextMidnight(new Date(now.getTime() + SCHEDULE_NOTICE_DAYS * DAY));
    refuse(
      `the schedule of a stable upgrade is communicated two weeks before it starts: for a start at ${formatUtc(start)} that was due by ${formatUtc(new Date(start.getTime() - SCHEDULE_NOTICE_DAYS * DAY))}, already past at ${formatUtc(now)}; start at ${formatUtc(earliest)} or later`,
    );
  }
  return { releaseCandidate, scheduleCommunication };
}

/** The first 00:00 UTC at or after an instant. */
function nextMidnight(instant: Date): Date {
  const midnight = startOfDate(dateOf(instant));
  return midnight.getTime() === instant.getTime() ? midnight : new Date(midnight.getTime() + DAY);
}

function dateOf(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}
