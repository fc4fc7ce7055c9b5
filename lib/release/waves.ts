import type { Channel } from './channels';

/** A cell the plan upgrades, with what orders it: its region's place in the catalogue, its environment and channel. */
export interface WaveCell {
  readonly regionIndex: number;
  readonly region: string;
  readonly residencyZones: readonly string[];
  readonly cellId: string;
  readonly environment: 'production' | 'uat';
  readonly channel: Channel;
}

/** Cells that start together: one or more regions, no two sharing a residency zone; each region's cells one after another. */
export interface WaveGroup<C extends WaveCell = WaveCell> {
  /** Who the wave reaches, e.g. `UAT stable cells, pilot: London` or `production stable cells: 6 regions`. */
  readonly exposure: string;
  /** The wave's regions in catalogue order, each with its cells in configuration order. */
  readonly regions: readonly { readonly region: string; readonly cells: readonly C[] }[];
}

/** Least exposed first: test environments before production, beta before stable customers. */
function tierOf(cell: WaveCell): number {
  return (cell.environment === 'uat' ? 0 : 2) + (cell.channel === 'beta' ? 0 : 1);
}

/**
 * Groups cells into waves from the least to the most exposed: UAT before production, beta cells before stable cells,
 * and within each such tier one region (the pilot, first in the catalogue) before the others. The others share as few
 * waves as they can without two regions of one residency zone in a wave (London is in UK and EU, Frankfurt in EU:
 * never at once), so a customer's data never has two of its regions changing together.
 */
export function groupIntoWaves<C extends WaveCell>(cells: readonly C[]): WaveGroup<C>[] {
  const tiers = [...new Set(cells.map(tierOf))].sort((a, b) => a - b);
  return tiers.flatMap((tier) => {
    const inTier = cells.filter((cell) => tierOf(cell) === tier);
    const regions = [...new Set([...inTier].sort((a, b) => a.regionIndex - b.regionIndex).map((cell) => cell.region))].map((region) => ({
      region,
      cells: inTier.filter((cell) => cell.region === region),
    }));
    const [pilot, ...rest] = regions;
    const waves: { region: string; cells: C[] }[][] = [];
    for (const region of rest) {
      const zones = region.cells[0].residencyZones;
      const wave = waves.find((w) => w.every((other) => !other.cells[0].residencyZones.some((zone) => zones.includes(zone))));
      if (wave) wave.push(region);
      else waves.push([region]);
    }
    const label = tierLabel(inTier[0]);
    return [
      { exposure: `${label}, pilot: ${pilot.region}`, regions: [pilot] },
      ...waves.map((wave) => ({ exposure: `${label}: ${wave.length === 1 ? wave[0].region : `${wave.length} regions`}`, regions: wave })),
    ];
  });
}

function tierLabel(cell: WaveCell): string {
  return `${cell.environment === 'uat' ? 'UAT' : 'production'} ${cell.channel} cells`;
}
