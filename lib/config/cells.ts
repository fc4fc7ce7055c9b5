import type { z } from 'zod';
import { instanceTypeProblem } from './instance-types';
import { itemsOf, partsOf } from './parts';
import type { Path, Report } from './problems';
import { appSchema, type BackupPolicy, cellSchema, sizingSchema } from './schema';
import { GP3, minimumGiBFor, SQL_VOLUME_IOPS } from './service-limits';
import type { CellConfig } from './types';

type AppParts = Partial<z.output<typeof appSchema>>;
type SizingParts = Partial<Omit<z.output<typeof sizingSchema>, 'instanceTypes' | 'sqlStorage'>> & {
  readonly instanceTypes: Partial<z.output<typeof sizingSchema>['instanceTypes']>;
  readonly sqlStorage: Partial<z.output<typeof sizingSchema>['sqlStorage']>;
};

/** A cell's fields that are right (the others are reported by the region's parse). */
export type CellParts = Partial<Omit<z.output<typeof cellSchema>, 'app' | 'sizing'>> & { readonly app: AppParts; readonly sizing: SizingParts };

/** Reads a cell field by field. */
export function cellParts(raw: unknown): CellParts {
  const sizingRaw = (raw as { sizing?: unknown } | null)?.sizing;
  const sizingShape = sizingSchema.shape;
  return {
    ...partsOf(cellSchema, raw),
    app: partsOf(appSchema, (raw as { app?: unknown } | null)?.app),
    sizing: {
      ...partsOf(sizingSchema, sizingRaw),
      instanceTypes: partsOf(sizingShape.instanceTypes, (sizingRaw as { instanceTypes?: unknown } | null)?.instanceTypes),
      sqlStorage: partsOf(sizingShape.sqlStorage, (sizingRaw as { sqlStorage?: unknown } | null)?.sqlStorage),
    },
  };
}

/** The facts of the region a cell is checked against. */
export interface CellContext {
  /** The region's code when the app knows it: checks that compare with the region wait for a known one. */
  readonly regionCode?: string;
  /** The account the region deploys to, when it is known. */
  readonly account?: string;
  readonly azCount: number;
  readonly zones: Readonly<Record<string, readonly string[]>>;
  readonly backupPolicies?: Readonly<Record<'production' | 'uat', BackupPolicy>>;
}

/** A cell whose backups are copied to another region: checked once every region is read. */
export interface CopyTarget {
  readonly path: Path;
  readonly copyRegion: string;
  readonly source: string;
}

/** The region a cell's recovery points are also copied to: its own backupCopyRegion, else its environment's copyRegion. */
export function copyRegionOf(
  cell: Pick<CellConfig, 'environment' | 'backupCopyRegion'>,
  backupPolicies: Readonly<Record<CellConfig['environment'], BackupPolicy>>,
): string | undefined {
  return cell.backupCopyRegion ?? backupPolicies[cell.environment].copyRegion;
}

/** Checks every cell of a region; returns the copies to check against the other regions. */
export function checkCells(rawCells: unknown, at: Path, context: CellContext, report: Report): CopyTarget[] {
  const copies: CopyTarget[] = [];
  const seenIds = new Set<string>();
  itemsOf(rawCells).forEach((raw, c) => {
    const cell = cellParts(raw);
    const here = (...rest: PropertyKey[]) => [...at, c, ...rest];
    if (cell.id !== undefined) {
      if (seenIds.has(cell.id)) report(here('id'), `a cell id used once in the region; "${cell.id}" is already taken`);
      seenIds.add(cell.id);
    }
    checkApp(cell.app, context, (field, allowed, value) => report(here('app', ...field), allowed, value));
    checkSizing(cell.sizing, context.regionCode, (field, allowed, value) => report(here('sizing', ...field), allowed, value));
    if (cell.sql && cell.environment) {
      const logBackups = context.backupPolicies ? context.backupPolicies[cell.environment].logBackup !== undefined : true;
      checkSql(cell.environment, cell.sql, logBackups, (field, allowed) => report(here('sql', ...field), allowed));
    }
    const copy = checkZone(cell, context, here, report);
    if (copy) copies.push(copy);
  });
  return copies;
}

/** Blue/green rules: weights sum to 100; a colour that takes traffic has a version and one instance per AZ. */
function checkApp(app: AppParts, context: CellContext, report: Report): void {
  if (app.blue && app.green && app.blue.weight + app.green.weight !== 100) {
    report(['blue.weight + green.weight'], 'whole percentages that sum to 100', app.blue.weight + app.green.weight);
  }
  for (const colour of ['blue', 'green'] as const) {
    const settings = app[colour];
    if (!settings || settings.weight === 0) continue;
    if (!settings.version) report([colour, 'version'], 'a release version such as "2.132.8": this colour takes traffic');
    if (settings.minCapacity < context.azCount) report([colour, 'minCapacity'], `at least ${context.azCount} (one instance per AZ): this colour takes traffic`);
  }
  if (app.certificateArn && context.regionCode) {
    const [, , , certRegion, certAccount] = app.certificateArn.split(':');
    if (certRegion !== context.regionCode) {
      report(['certificateArn'], `a certificate in ${context.regionCode}: a load balancer can only use certificates of its own region`);
    } else if (context.account && certAccount !== context.account) {
      report(
        ['certificateArn'],
        `a certificate of account ${context.account}, which the region deploys to: a load balancer cannot use another account's certificate`,
      );
    }
  }
}

/** Instance types that exist and that the region offers; volumes large enough for the IOPS they are given. */
function checkSizing(sizing: SizingParts, regionCode: string | undefined, report: Report): void {
  for (const [role, type] of Object.entries(sizing.instanceTypes)) {
    const problem = type === undefined ? undefined : instanceTypeProblem(type, regionCode ?? '');
    if (problem) report(['instanceTypes', role], problem);
  }
  for (const [volume, size] of Object.entries(sizing.sqlStorage) as [keyof typeof SQL_VOLUME_IOPS, number | undefined][]) {
    const iops = SQL_VOLUME_IOPS[volume];
    if (size !== undefined && size < minimumGiBFor(iops)) {
      report(
        ['sqlStorage', volume],
        `at least ${minimumGiBFor(iops)} GiB: the volume is provisioned with ${iops} IOPS and gp3 allows at most ${GP3.maxIopsPerGiB} IOPS per GiB`,
      );
    }
  }
}

/**
 * Edition and topology SQL Server can run: Standard has only Basic availability groups (one database, no readable
 * secondary), so a multi-database readable AG needs Enterprise; production promises 99.95 %, which one node cannot.
 */
function checkSql(
  environment: 'production' | 'uat',
  sql: NonNullable<CellParts['sql']>,
  logBackups: boolean,
  report: (field: PropertyKey[], allowed: string) => void,
): void {
  // Production's policy must keep log backups anyway (the promise): its absence is reported once, for the policy.
  if (sql.topology === 'availability-group' && !logBackups && environment !== 'production') {
    report(
      ['topology'],
      `standalone: an availability group's databases use the full recovery model, whose log only log backups truncate, and the backup policy for ${environment} takes none${environment === 'uat' ? ' (the published UAT promise is daily backups only)' : ''}`,
    );
  }
  if (sql.topology === 'availability-group' && sql.edition !== 'Enterprise') {
    report(
      ['edition'],
      'Enterprise with topology availability-group: Standard edition supports only Basic availability groups (one database, no readable secondary), and a cell holds one database per tenant and routes reporting to the secondary; or topology standalone',
    );
  }
  if (environment === 'production' && sql.topology !== 'availability-group') {
    report(['topology'], 'availability-group in production: the 99.95 % availability target needs a second node in another AZ to fail over to');
  }
}

/** The cell's residency zone holds its region, and its backup copies stay inside the zone. */
function checkZone(cell: CellParts, context: CellContext, here: (...rest: PropertyKey[]) => PropertyKey[], report: Report): CopyTarget | undefined {
  const { zones, regionCode, backupPolicies } = context;
  if (cell.zone === undefined || regionCode === undefined) return undefined;
  if (!(cell.zone in zones)) {
    report(here('zone'), `one of ${Object.keys(zones).join(', ') || 'the zones of the zone table (none is defined)'}`);
    return undefined;
  }
  if (!zones[cell.zone].includes(regionCode)) {
    const zonesOfRegion = Object.keys(zones).filter((z) => zones[z].includes(regionCode));
    report(here('zone'), `a zone that contains ${regionCode}: ${zonesOfRegion.join(', ') || 'none is defined'}`);
    return undefined;
  }
  if (!backupPolicies || !cell.environment) return undefined;
  const copyRegion = copyRegionOf({ environment: cell.environment, backupCopyRegion: cell.backupCopyRegion }, backupPolicies);
  if (copyRegion === undefined) return undefined;
  const partners = zones[cell.zone].filter((code) => code !== regionCode);
  const source = cell.backupCopyRegion !== undefined ? '' : ` (from backupPolicies.${cell.environment}.copyRegion)`;
  if (!partners.includes(copyRegion)) {
    report(
      here('backupCopyRegion'),
      `another region of the cell's residency zone ${cell.zone}: ${partners.join(', ') || 'none, so no copy'}${source}`,
      copyRegion,
    );
    return undefined;
  }
  return { path: here('backupCopyRegion'), copyRegion, source };
}
