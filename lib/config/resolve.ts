import type { z } from 'zod';
import { BACKUP_PROMISES } from './backup-promises';
import { copyRegionOf } from './cells';
import { CELL_TAG, cellNamesOf, ENVIRONMENT_TAG, REGION_TAG, type RegionNames, regionNamesOf } from './names';
import type { BackupPolicy, regionSchema } from './schema';
import type { CellConfig, RegionConfig, ResolvedCell } from './types';

/** The configuration-wide settings every region and cell is resolved with (all valid by now). */
export interface Settings {
  readonly account: string;
  readonly breakGlassRoleName: string;
  readonly zones: Readonly<Record<string, readonly string[]>>;
  readonly backupPolicies: Readonly<Record<CellConfig['environment'], BackupPolicy>>;
}

/** Every region with the facts derived from it and from each of its cells, from a configuration that validated. */
export function resolveRegions(regions: readonly z.output<typeof regionSchema>[], settings: Settings): RegionConfig[] {
  const { zones } = settings;
  const accountOf = (region: z.output<typeof regionSchema>) => region.account ?? settings.account;
  const names = new Map(regions.map((r) => [r.code, regionNamesOf({ code: r.code, account: accountOf(r), name: r.name }, settings.breakGlassRoleName)]));
  return regions.map((region): RegionConfig => {
    const regionNames = names.get(region.code)!;
    return {
      ...region,
      account: accountOf(region),
      slug: regionNames.slug,
      stageName: regionNames.stageName,
      residencyZones: Object.keys(zones).filter((z) => zones[z].includes(region.code)),
      residencyRegions: Object.values(zones)
        .filter((codes) => codes.includes(region.code))
        .reduce<string[]>((shared, codes) => shared.filter((code) => codes.includes(code)), [region.code]),
      names: regionNames,
      tags: { [REGION_TAG]: regionNames.slug },
      cells: region.cells.map((cell) => resolveCell(cell, regionNames, settings, names)),
    };
  });
}

/** A cell with its zone's regions, its backup policy, promise, vault and copy, its names and its tags. */
function resolveCell(
  { backupCopyRegion, ...cell }: CellConfig,
  region: RegionNames,
  settings: Settings,
  regions: ReadonlyMap<string, RegionNames>,
): ResolvedCell {
  const copyRegion = copyRegionOf({ environment: cell.environment, backupCopyRegion }, settings.backupPolicies);
  return {
    ...cell,
    zoneRegions: settings.zones[cell.zone],
    backup: {
      policy: settings.backupPolicies[cell.environment],
      promise: BACKUP_PROMISES[cell.environment],
      vault: region.vault,
      // Validation has made sure a copy region is another region of this configuration, in the cell's zone.
      ...(copyRegion === undefined ? {} : { copy: regions.get(copyRegion)!.vault }),
    },
    names: cellNamesOf(region, cell.id),
    tags: { [CELL_TAG]: cell.id, [ENVIRONMENT_TAG]: cell.environment },
  };
}
