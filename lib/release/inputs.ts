import type { RegionInput } from '../config';
import { slugOf, stageNameOf } from '../config/names';
import { calendarProblems, type ReleaseCalendar } from './calendar';
import { type ChannelHistory, readChannels } from './channels';
import type { PlanInputs, PlanRegion } from './plan-types';
import { readCells, type ReleaseState, type StateCell, cellKey } from './state';

/** The regions of the configuration as the planner sees them (`zonesOf` gives a region code's residency zones). */
export function planRegionsOf(regions: readonly RegionInput[], zonesOf: (regionCode: string) => readonly string[]): PlanRegion[] {
  return regions.map((region) => ({
    name: region.name,
    code: region.code,
    slug: slugOf(region.name),
    stageName: stageNameOf(region.name),
    timeZone: region.maintenanceWindow.timeZone,
    drillWindow: region.maintenanceWindow.window,
    residencyZones: zonesOf(region.code),
    cells: region.cells.map((cell) => ({ id: cell.id, environment: cell.environment, channel: cell.channel })),
  }));
}

/** The cells of the configuration as the release state knows them. */
export function stateCellsOf(regions: readonly RegionInput[]): StateCell[] {
  return regions.flatMap((region) =>
    region.cells.map((cell) => ({ key: cellKey(slugOf(region.name), cell.id), channel: cell.channel, azCount: region.availabilityZones.length })),
  );
}

/** The release files, read. */
export interface ReleaseFiles {
  /** The parsed JSON of releases/channels.json. */
  readonly channels: unknown;
  /** The parsed JSON of releases/cells.json. */
  readonly cells: unknown;
}

/**
 * Reads the release history and state against the configuration and the calendars at `now`: the planner's inputs, or
 * every problem, one line each (the state is judged only against a history that reads).
 */
export function readPlanInputs(
  regions: readonly RegionInput[],
  zonesOf: (regionCode: string) => readonly string[],
  calendars: Readonly<Record<string, ReleaseCalendar>>,
  files: ReleaseFiles,
  now: Date,
): { readonly inputs?: PlanInputs; readonly problems: string[] } {
  const problems: string[] = [];
  for (const region of regions) {
    const calendar = calendars[region.name];
    if (!calendar) problems.push(`regions/release-calendars.ts: no calendar for region ${region.name}; allowed: one per region of regions/, by its name`);
    else problems.push(...calendarProblems(region.name, calendar));
  }
  for (const name of Object.keys(calendars).filter((n) => !regions.some((r) => r.name === n))) {
    problems.push(`regions/release-calendars.ts: calendar for ${name}, which is not a region; allowed: ${regions.map((r) => r.name).join(', ')}`);
  }
  const history = readChannels(files.channels);
  problems.push(...history.problems);
  let state: ReleaseState | undefined;
  if (history.channels) {
    const read = readCells(files.cells, stateCellsOf(regions), history.channels, now);
    problems.push(...read.problems);
    state = read.state;
  }
  if (problems.length > 0 || !state) return { problems };
  return { inputs: { regions: planRegionsOf(regions, zonesOf), calendars, state, channels: history.channels as ChannelHistory }, problems };
}
