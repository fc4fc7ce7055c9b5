import type { z } from 'zod';
import type { BackupPolicy, cellSchema, regionSchema, SecurityConfig } from './schema';

/** A validated cell: one Halo instance (SQL cluster, app fleet, microservices, backup plan). */
export type CellConfig = z.output<typeof cellSchema>;

/** A validated region with the names derived from it. */
export interface RegionConfig extends Omit<z.output<typeof regionSchema>, 'account'> {
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
