import { MAX_COLOUR_MIN_CAPACITY } from '../config/schema';
import { type Channel, CHANNELS_FILE, type ChannelHistory, freezeAt, stableVersionsAt } from './channels';
import { objectAt, type Say, sayer, unknownKeys } from './shape';
import { changeOf, changesSchema, isVersion, VERSION_WORDS } from './version';

/** Where the release state lives, for messages. */
export const CELLS_FILE = 'releases/cells.json';

export const COLOURS = ['blue', 'green'] as const;
export type Colour = (typeof COLOURS)[number];

/** One colour of a cell's web tier, as the cell's `app.blue` / `app.green` configuration takes it. */
export interface ColourState {
  /** The release it runs; required while it takes traffic. */
  readonly version?: string;
  /** Share of the cell's traffic, a whole percentage; the two colours sum to 100. */
  readonly weight: number;
  /** Instances it keeps at least; 0 lets an idle colour scale to nothing. */
  readonly minCapacity: number;
}

/** A cell's two colours. */
export interface CellReleaseState {
  readonly blue: ColourState;
  readonly green: ColourState;
}

/** The release state: each cell's colours, by `<region slug>/<cell id>`. */
export interface ReleaseState {
  readonly cells: Readonly<Record<string, CellReleaseState>>;
}

/** A cell the configuration has, as the release state knows it. */
export interface StateCell {
  /** `<region slug>/<cell id>`, e.g. `london/prod-stable`. */
  readonly key: string;
  readonly channel: Channel;
  /** The region's availability zones: a colour that takes traffic keeps one instance in each. */
  readonly azCount: number;
}

/** The key of a cell in the release state. */
export function cellKey(regionSlug: string, cellId: string): string {
  return `${regionSlug}/${cellId}`;
}

/** The colour that takes most of the traffic (blue when they share it evenly). */
export function liveColourOf(cell: CellReleaseState): Colour {
  return cell.green.weight > cell.blue.weight ? 'green' : 'blue';
}

/** The other colour. */
export function otherColour(colour: Colour): Colour {
  return colour === 'blue' ? 'green' : 'blue';
}

/** The version the cell's users mostly reach. */
export function liveVersionOf(cell: CellReleaseState): string | undefined {
  return cell[liveColourOf(cell)].version;
}

/**
 * Reads the release state against the cells of the configuration and the release history at `now`: one line per
 * problem naming the file, the cell, the field, the value and what is allowed.
 */
export function readCells(
  raw: unknown,
  cells: readonly StateCell[],
  channels: ChannelHistory,
  now: Date,
): { readonly state?: ReleaseState; readonly problems: string[] } {
  const problems: string[] = [];
  const top = objectAt(raw, 'the file', 'an object {"cells": {"<region slug>/<cell id>": {"blue": {...}, "green": {...}}}}', sayer(problems, CELLS_FILE));
  if (!top) return { problems };
  unknownKeys(top, ['cells'], '', problems, CELLS_FILE);
  const entries = objectAt(top.cells, 'cells', 'an object keyed by "<region slug>/<cell id>"', sayer(problems, CELLS_FILE)) ?? {};
  const known = new Map(cells.map((cell) => [cell.key, cell]));
  const read: Record<string, CellReleaseState> = {};
  for (const [key, value] of Object.entries(entries)) {
    const cell = known.get(key);
    if (!cell) {
      const example = cells[0] ? `, e.g. ${cells[0].key}` : '';
      problems.push(`${CELLS_FILE}, cell ${key}: no such cell in regions/; allowed: a configured cell's "<region slug>/<cell id>"${example}`);
      continue;
    }
    const state = readCell(value, cell, channels, now, problems);
    if (state) read[key] = state;
  }
  for (const cell of cells.filter((c) => !(c.key in entries))) {
    problems.push(`${CELLS_FILE}, cell ${cell.key}: missing; allowed: every cell of regions/ has an entry {"blue": {...}, "green": {...}}`);
  }
  return problems.length > 0 ? { problems } : { state: { cells: read }, problems };
}

function readCell(raw: unknown, cell: StateCell, channels: ChannelHistory, now: Date, problems: string[]): CellReleaseState | undefined {
  const where = `${CELLS_FILE}, cell ${cell.key}`;
  const say = sayer(problems, CELLS_FILE, `cell ${cell.key}`);
  const object = objectAt(raw, 'the entry', 'an object {"blue": {...}, "green": {...}}', say);
  if (!object) return undefined;
  unknownKeys(object, COLOURS, '', problems, where);
  const before = problems.length;
  const blue = readColour(object.blue, 'blue', say, problems, where);
  const green = readColour(object.green, 'green', say, problems, where);
  if (!blue || !green || problems.length > before) return undefined;
  const state = { blue, green };
  if (blue.weight + green.weight !== 100) say('blue.weight + green.weight', blue.weight + green.weight, 'whole percentages that sum to 100');
  for (const colour of COLOURS) {
    const { version, weight, minCapacity } = state[colour];
    if (weight > 0 && version === undefined) say(`${colour}.version`, version, 'a release version such as "2.132.8": this colour takes traffic');
    if (weight > 0 && minCapacity < cell.azCount)
      say(`${colour}.minCapacity`, minCapacity, `at least ${cell.azCount} (one instance per AZ): this colour takes traffic`);
  }
  if (cell.channel === 'stable') {
    const allowed = stableVersionsAt(channels, now);
    for (const colour of COLOURS.filter((c) => state[c].version !== undefined && !allowed.includes(state[c].version))) {
      say(
        `${colour}.version`,
        state[colour].version,
        `a version a stable release has in ${CHANNELS_FILE} (${allowed.join(', ') || 'none yet'}; a candidate's from its stableFrom date): this is a stable cell`,
      );
    }
  }
  const freeze = cell.channel === 'beta' ? freezeAt(channels, now) : undefined;
  const live = state[liveColourOf(state)].version;
  const idleColour = otherColour(liveColourOf(state));
  const idle = state[idleColour].version;
  // Staged means running: a colour rolled back or retired (weight 0, no instances) keeps its version and stages nothing.
  const staged = state[idleColour].weight > 0 || state[idleColour].minCapacity > 0;
  if (freeze && live && idle && staged && changesSchema(changeOf(live, idle))) {
    say(
      `${idleColour}.version`,
      idle,
      `no upgrade staged on a beta cell during the freeze of release candidate ${freeze.version} (${freeze.announced} to ${freeze.stableFrom}, ${CHANNELS_FILE}): a patch of ${live}, or this upgrade from ${freeze.stableFrom}`,
    );
  }
  return problems.length > before ? undefined : state;
}

function readColour(raw: unknown, colour: Colour, say: Say, problems: string[], where: string): ColourState | undefined {
  const object = objectAt(raw, colour, 'an object {"version"?, "weight", "minCapacity"}', say);
  if (!object) return undefined;
  unknownKeys(object, ['version', 'weight', 'minCapacity'], colour, problems, where);
  const { version, weight, minCapacity } = object;
  if (version !== undefined && !isVersion(version)) say(`${colour}.version`, version, VERSION_WORDS);
  if (!Number.isInteger(weight) || (weight as number) < 0 || (weight as number) > 100) say(`${colour}.weight`, weight, 'a whole percentage, 0 to 100');
  if (!Number.isInteger(minCapacity) || (minCapacity as number) < 0 || (minCapacity as number) > MAX_COLOUR_MIN_CAPACITY) {
    say(`${colour}.minCapacity`, minCapacity, `a whole number of instances, 0 to ${MAX_COLOUR_MIN_CAPACITY}`);
  }
  return {
    ...(version === undefined ? {} : { version: version as string }),
    weight: weight as number,
    minCapacity: minCapacity as number,
  };
}
