import type { ReleaseStep } from './execute-types';
import { type CellReleaseState, type Colour, type ColourState, liveColourOf, otherColour } from './state';

/**
 * One cell's release from `fromVersion` on the `old` colour to `toVersion` on the other, at `capacity` instances (the
 * old colour's minimum when the release began, which the new colour takes over).
 */
export interface CellRelease {
  readonly old: Colour;
  readonly fromVersion: string;
  readonly toVersion: string;
  readonly capacity: number;
}

/**
 * Where a cell stands in its release, read from the release state alone: `idle` (not begun, or rolled back), the last
 * step whose state was written (at `retire` the new colour is live on the version and the old one retired, whatever
 * the old colour runs), or `unknown` (no state this release makes: planned from another state, or edited by hand).
 */
export type Position = { readonly at: 'idle' | ReleaseStep; readonly release: CellRelease } | { readonly at: 'unknown' };

/** The colours each step writes (the canary at `canaryPercent`), and those a rollback writes. */
export function coloursAt(step: ReleaseStep | 'rollback', release: CellRelease, canaryPercent: number): CellReleaseState {
  const { fromVersion, toVersion, capacity } = release;
  const colours = (oldWeight: number, oldMin: number, newWeight: number, newMin: number) => ({
    [release.old]: { version: fromVersion, weight: oldWeight, minCapacity: oldMin },
    [otherColour(release.old)]: { version: toVersion, weight: newWeight, minCapacity: newMin },
  });
  const byStep = {
    stage: colours(100, capacity, 0, capacity),
    canary: colours(100 - canaryPercent, capacity, canaryPercent, capacity),
    flip: colours(0, capacity, 100, capacity),
    // The old colour keeps its version: rolling back later needs only weights and a minimum.
    retire: colours(0, 0, 100, capacity),
    // The new colour keeps its version for the record and scales in; the old one takes everything back.
    rollback: colours(100, capacity, 0, 0),
  };
  return byStep[step] as unknown as CellReleaseState;
}

/** Where a cell stands in the release of `toVersion` over `fromVersion` (the plan's), read from its colours. */
export function positionOf(cell: CellReleaseState, fromVersion: string, toVersion: string): Position {
  const live = liveColourOf(cell);
  const newColour = (['blue', 'green'] as const).find((c) => cell[c].version === toVersion && cell[otherColour(c)].version !== toVersion);
  if (newColour && cell[newColour].weight === 100 && cell[otherColour(newColour)].minCapacity === 0) {
    return { at: 'retire', release: { old: otherColour(newColour), fromVersion, toVersion, capacity: cell[newColour].minCapacity } };
  }
  if (!newColour) {
    const idle = cell[live].version === fromVersion && cell[live].weight === 100;
    return idle ? { at: 'idle', release: { old: live, fromVersion, toVersion, capacity: cell[live].minCapacity } } : { at: 'unknown' };
  }
  const old = otherColour(newColour);
  const capacity = cell[newColour].minCapacity || cell[old].minCapacity;
  const release = { old, fromVersion, toVersion, capacity };
  if (same(cell, coloursAt('rollback', release, 0))) return { at: 'idle', release };
  for (const step of ['stage', 'flip'] as const) if (same(cell, coloursAt(step, release, 0))) return { at: step, release };
  const share = cell[newColour].weight;
  if (share > 0 && share < 100 && same(cell, coloursAt('canary', release, share))) return { at: 'canary', release };
  return { at: 'unknown' };
}

/** The colours in a line: `blue 2.132.8 100% min 3, green 2.133.2 0% min 3`. */
export function describeColours(cell: CellReleaseState): string {
  const one = (colour: Colour, c: ColourState) => `${colour} ${c.version ?? '(no version)'} ${c.weight}% min ${c.minCapacity}`;
  return `${one('blue', cell.blue)}, ${one('green', cell.green)}`;
}

function same(a: CellReleaseState, b: CellReleaseState): boolean {
  return (['blue', 'green'] as const).every((c) => a[c].version === b[c].version && a[c].weight === b[c].weight && a[c].minCapacity === b[c].minCapacity);
}
