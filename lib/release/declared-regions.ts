import type { CellInput, RegionInput } from '../config';
import { slugOf } from '../config/names';
import { readChannels } from './channels';
import { readCells, cellKey, type StateCell } from './state';

/** A cell as regions/ declares it: its structure; the versions, weights and capacities of its colours are release state. */
export type DeclaredCell = Omit<CellInput, 'app'> & { readonly app: Omit<CellInput['app'], 'blue' | 'green'> };

/** A region as regions/ declares it, its cells without their colours. */
export type DeclaredRegion = Omit<RegionInput, 'cells'> & { readonly cells: readonly DeclaredCell[] };

/** What the release tools need of a region: its name, code, AZs, maintenance window and cells (declared or resolved). */
export type ReleaseRegion = Pick<RegionInput, 'name' | 'code' | 'availabilityZones' | 'maintenanceWindow'> & {
  readonly cells: readonly Pick<CellInput, 'id' | 'environment' | 'channel'>[];
};

/** The cells of the configuration as the release state knows them. */
export function stateCellsOf(regions: readonly ReleaseRegion[]): StateCell[] {
  return regions.flatMap((region) =>
    region.cells.map((cell) => ({ key: cellKey(slugOf(region.name), cell.id), channel: cell.channel, azCount: region.availabilityZones.length })),
  );
}

/**
 * The declared regions with each cell's colours from the release state (releases/cells.json), judged against the
 * release history (releases/channels.json) at `now`: the regions the app builds, or every problem, one line each.
 */
export function withReleaseState(
  regions: readonly DeclaredRegion[],
  files: { readonly channels: unknown; readonly cells: unknown },
  now: Date,
): { readonly regions?: RegionInput[]; readonly problems: string[] } {
  // The state is judged only against a history that reads.
  const history = readChannels(files.channels);
  if (!history.channels || history.problems.length > 0) return { problems: history.problems };
  const { state, problems } = readCells(files.cells, stateCellsOf(regions), history.channels, now);
  if (!state) return { problems };
  const resolved = regions.map((region) => ({
    ...region,
    cells: region.cells.map((cell) => {
      const { blue, green } = state.cells[cellKey(slugOf(region.name), cell.id)];
      return { ...cell, app: { ...cell.app, blue: { ...blue }, green: { ...green } } };
    }),
  }));
  return { regions: resolved, problems: [] };
}
