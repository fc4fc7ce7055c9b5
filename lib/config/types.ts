import type { z } from 'zod';
import type { PublishedPromise } from './backup-promises';
import type { CellNames, RegionNames, VaultAddress } from './names';
import type { BackupPolicy, cellSchema, regionSchema, SecurityConfig } from './schema';

/** A cell's settings as written and validated; the layers read its {@link ResolvedCell}. */
export type CellConfig = z.output<typeof cellSchema>;

/** Everything a cell's backups are: the policy and promise of its environment, its region's vault, and any copy. */
export interface CellBackup {
  /** Its environment's backup policy (backupPolicies.<environment>). */
  readonly policy: BackupPolicy;
  /** What the seed documents publish for its environment: the floor the policy meets. */
  readonly promise: PublishedPromise;
  /** The vault of the cell's region, which keeps its recovery points. */
  readonly vault: VaultAddress;
  /**
   * Another region's vault of the cell's residency zone that also receives every recovery point: the cell's
   * backupCopyRegion, else its environment's copyRegion. Absent when backups stay in the region.
   */
  readonly copy?: VaultAddress;
}

/**
 * A validated cell with every fact derived from it: validation resolves them once, and no layer recomputes them.
 * Its copy region is `backup.copy`, never the raw `backupCopyRegion` (which the environment's copyRegion may fill).
 */
export interface ResolvedCell extends Omit<CellConfig, 'backupCopyRegion'> {
  /** Regions of the cell's residency zone: where its data, backups included, may be. */
  readonly zoneRegions: readonly string[];
  readonly backup: CellBackup;
  /** Every name of the cell's resources (lib/config/names.ts). */
  readonly names: CellNames;
  /** Tags of every resource of the cell's Data stack. */
  readonly tags: Readonly<Record<string, string>>;
}

/** A validated region with the names derived from it and its resolved cells. */
export interface RegionConfig extends Omit<z.output<typeof regionSchema>, 'account' | 'cells'> {
  /** The account the region deploys to (the region's override, else `halo:account`). */
  readonly account: string;
  /** Kebab-case name used in stack names, e.g. `cape-town` in `halo-cape-town-network`. */
  readonly slug: string;
  /** PascalCase Stage name, e.g. `CapeTown`, so `cdk deploy 'CapeTown/*'` deploys it. */
  readonly stageName: string;
  /** The residency zones that contain this region. */
  readonly residencyZones: readonly string[];
  /** Regions the region's own (not cell-level) data may reach: those every zone of the region shares. */
  readonly residencyRegions: readonly string[];
  /** Every name of the region's resources (lib/config/names.ts). */
  readonly names: RegionNames;
  /** Tags of every resource of the region's stacks (each stack adds its layer). */
  readonly tags: Readonly<Record<string, string>>;
  readonly cells: readonly ResolvedCell[];
}

/** The whole validated configuration. */
export interface HaloConfig {
  readonly zones: Readonly<Record<string, readonly string[]>>;
  /** The only IAM role that may delete recovery points or unprotect a backup vault. */
  readonly breakGlassRoleName: string;
  /** Access roles, audit-log locking, the SIEM and Security Lake storage. */
  readonly security: SecurityConfig;
  /** Backup policy of each environment. */
  readonly backupPolicies: Readonly<Record<CellConfig['environment'], BackupPolicy>>;
  readonly regions: readonly RegionConfig[];
}
