import type { core } from 'zod';
import { AWS_REGION_AZS, OPT_IN_REGIONS, SECURITY_LAKE_UNAVAILABLE } from './aws-regions';
import { checkBackupPolicy } from './backup-promises';
import { accountSchema, AppConfig, backupPoliciesSchema, HaloConfigInput, roleNameSchema, securitySchema, MAINTENANCE_WINDOW_PATTERN, regionSchema, zonesSchema } from './schema';
import type { SqlConfig } from './schema';
import type { HaloConfig, RegionConfig } from './types';

/** Bad configuration: one line per problem, each naming region, cell, field, value and what is allowed. */
export class ConfigError extends Error {
  constructor(public readonly problems: readonly string[]) {
    super(`Invalid Halo configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n- ${problems.join('\n- ')}`);
    this.name = 'ConfigError';
  }
}

type Path = readonly PropertyKey[];

/** Validates the whole configuration before any construct is built; throws ConfigError. */
export function validateConfig(input: HaloConfigInput): HaloConfig {
  const found: { region: number; text: string }[] = [];
  const report = (path: Path, allowed: string, value?: unknown) =>
    found.push({ region: path[0] === 'regions' && typeof path[1] === 'number' ? path[1] : -1, text: problem(input, path, allowed, value) });
  const shapeProblems = (issues: readonly core.$ZodIssue[], prefix: Path = []) =>
    issues.forEach((issue) => report([...prefix, ...issue.path], issue.message));

  // Each region is checked on its own, so one region's typo does not hide another's problems.
  const account = accountSchema.safeParse(input?.account);
  if (!account.success) shapeProblems(account.error.issues, ['account']);
  const zoneTable = zonesSchema.safeParse(input?.zones);
  if (!zoneTable.success) shapeProblems(zoneTable.error.issues, ['zones']);
  const breakGlass = roleNameSchema.safeParse(input?.breakGlassRoleName);
  if (!breakGlass.success) shapeProblems(breakGlass.error.issues, ['breakGlassRoleName']);
  const security = securitySchema.safeParse(input?.security);
  if (!security.success) shapeProblems(security.error.issues, ['security']);
  else if (security.data.securityLake.transitionDays >= security.data.securityLake.expirationDays) {
    report(['security', 'securityLake', 'transitionDays'], `fewer days than expirationDays (${security.data.securityLake.expirationDays})`);
  }
  const backupPolicies = backupPoliciesSchema.safeParse(input?.backupPolicies);
  if (!backupPolicies.success) shapeProblems(backupPolicies.error.issues, ['backupPolicies']);
  const rawRegions: unknown[] = Array.isArray(input?.regions) ? input.regions : [];
  if (rawRegions.length === 0) report(['regions'], 'a list of at least one region');
  const parsedRegions = rawRegions.map((raw, r) => {
    const parsed = regionSchema.safeParse(raw);
    if (!parsed.success) shapeProblems(parsed.error.issues, ['regions', r]);
    return parsed.success ? parsed.data : undefined;
  });
  const zones: Readonly<Record<string, readonly string[]>> = zoneTable.success ? zoneTable.data : {};
  if (backupPolicies.success) {
    checkBackupPolicy('production', backupPolicies.data.production, report);
    checkBackupPolicy('uat', backupPolicies.data.uat, report);
  }
  const config = { zones, regions: parsedRegions };

  for (const [zone, codes] of Object.entries(config.zones)) {
    codes.filter((c) => !(c in AWS_REGION_AZS)).forEach((c) =>
      report(['zones', zone], `regions known to this app (${Object.keys(AWS_REGION_AZS).join(', ')}); "${c}" is not one`));
  }
  // Checked once everything else holds, so one broken region does not make others' copies look orphaned.
  const copyTargets: { path: Path; copyRegion: string; source: string }[] = [];
  const seenCodes = new Map<string, number>();
  const seenCidrs = new Map<string, string>();
  config.regions.forEach((region, r) => {
    if (!region) return;
    const at = (...rest: PropertyKey[]) => ['regions', r, ...rest];
    const zonesOfRegion = Object.keys(config.zones).filter((z) => config.zones[z].includes(region.code));
    const knownAzs = AWS_REGION_AZS[region.code];
    if (!knownAzs) {
      // The rest is judged against the region's facts, which an unknown code does not have.
      report(at('code'), `one of ${Object.keys(AWS_REGION_AZS).join(', ')}`);
      return;
    }
    const azs = region.availabilityZones;
    if (azs.length !== 3 || new Set(azs).size !== 3 || azs.some((az) => !knownAzs.includes(az))) {
      report(at('availabilityZones'), `exactly three distinct zones of ${region.code}: ${knownAzs.join(', ')}`);
    }
    const isOptIn = OPT_IN_REGIONS.includes(region.code);
    if (region.optIn !== isOptIn) report(at('optIn'), `${isOptIn} (${region.code} is ${isOptIn ? '' : 'not '}an opt-in region)`);
    if (region.services.securityLake && SECURITY_LAKE_UNAVAILABLE.includes(region.code)) {
      report(at('services', 'securityLake'), `false (Security Lake is not offered in ${region.code})`);
    }
    const managed = region.services.organizationManaged;
    if (managed) {
      if (!managed.guardDuty && !managed.securityHub && !managed.config) {
        report(at('services', 'organizationManaged'), 'at least one of guardDuty, securityHub, config set to true (or no organizationManaged at all: the stack runs all three)', managed);
      }
      if (managed.administratorAccountId === (region.account ?? account.data)) {
        report(at('services', 'organizationManaged', 'administratorAccountId'), 'the organization\'s delegated administrator account, not the account the region deploys to');
      }
      if (managed.securityHub && !managed.config) {
        report(at('services', 'organizationManaged', 'config'), 'true when securityHub is: Security Hub\'s controls read AWS Config, so an organization that runs Security Hub runs AWS Config too');
      }
    }
    if (seenCodes.has(region.code)) report(at('code'), 'a region code used by no other region file');
    seenCodes.set(region.code, r);
    const cidrOwner = seenCidrs.get(region.network.cidr);
    if (cidrOwner) report(at('network', 'cidr'), `a block no other region uses (${cidrOwner} has it), so regions can be peered later`);
    seenCidrs.set(region.network.cidr, region.name);
    const window = region.maintenanceWindow.window;
    if (!MAINTENANCE_WINDOW_PATTERN.test(window) || windowMinutes(window) === 0 || windowMinutes(window) > 24 * 60) {
      report(at('maintenanceWindow', 'window'), 'ddd:hh:mm-ddd:hh:mm in local time, e.g. "Sun:01:00-Sun:04:00", longer than zero and at most 24 hours');
    }
    const seenCells = new Set<string>();
    region.cells.forEach((cell, c) => {
      checkApp(cell.app, region.code, region.availabilityZones.length, (field, allowed, value) => report(at('cells', c, 'app', ...field), allowed, value));
      const logBackups = backupPolicies.success ? backupPolicies.data[cell.environment].logBackup !== undefined : true;
      checkSql(cell, logBackups, (field, allowed, value) => report(at('cells', c, 'sql', ...field), allowed, value));
      if (seenCells.has(cell.id)) report(at('cells', c, 'id'), `a cell id used once in the region; "${cell.id}" is already taken`);
      seenCells.add(cell.id);
      if (!(cell.zone in config.zones)) {
        report(at('cells', c, 'zone'), `one of ${Object.keys(config.zones).join(', ')}`);
      } else if (!config.zones[cell.zone].includes(region.code)) {
        report(at('cells', c, 'zone'), `a zone that contains ${region.code}: ${zonesOfRegion.join(', ') || 'none is defined'}`);
      } else if (backupPolicies.success) {
        const copyRegion = cell.backupCopyRegion ?? backupPolicies.data[cell.environment].copyRegion;
        const partners = config.zones[cell.zone].filter((code) => code !== region.code);
        const source = cell.backupCopyRegion !== undefined ? '' : ` (from backupPolicies.${cell.environment}.copyRegion)`;
        if (copyRegion !== undefined && !partners.includes(copyRegion)) {
          report(at('cells', c, 'backupCopyRegion'), `another region of the cell's residency zone ${cell.zone}: ${partners.join(', ') || 'none, so no copy'}${source}`, copyRegion);
        } else if (copyRegion !== undefined) {
          copyTargets.push({ path: at('cells', c, 'backupCopyRegion'), copyRegion, source });
        }
      }
    });
  });
  if (found.length === 0) {
    copyTargets.filter((t) => !parsedRegions.some((other) => other?.code === t.copyRegion))
      .forEach((t) => report(t.path, `a region of this configuration, whose backup vault receives the copies${t.source}`, t.copyRegion));
  }
  // Problems read in configuration order: global ones first, then region by region.
  const problems = [...found].sort((a, b) => a.region - b.region).map((p) => p.text);
  const valid = parsedRegions.filter((r): r is NonNullable<typeof r> => r !== undefined);
  if (problems.length > 0 || !account.success || !breakGlass.success || !security.success || !backupPolicies.success || valid.length !== parsedRegions.length) throw new ConfigError(problems);

  const regions: RegionConfig[] = valid.map((region) => ({
    ...region,
    account: region.account ?? account.data,
    slug: region.name.toLowerCase().replace(/\./g, '').replace(/\s+/g, '-'),
    stageName: region.name.replace(/[^A-Za-z]/g, ''),
    residencyZones: Object.keys(zones).filter((z) => zones[z].includes(region.code)),
    residencyRegions: Object.values(zones).filter((codes) => codes.includes(region.code))
      .reduce<string[]>((shared, codes) => shared.filter((code) => codes.includes(code)), [region.code]),
  }));
  return { zones, breakGlassRoleName: breakGlass.data, security: security.data, backupPolicies: backupPolicies.data, regions };
}

/** Blue/green rules: weights sum to 100; a colour that takes traffic has a version and one instance per AZ. */
function checkApp(app: AppConfig, regionCode: string, azCount: number, report: (field: PropertyKey[], allowed: string, value?: unknown) => void): void {
  if (app.blue.weight + app.green.weight !== 100) {
    report(['blue.weight + green.weight'], 'whole percentages that sum to 100', app.blue.weight + app.green.weight);
  }
  for (const colour of ['blue', 'green'] as const) {
    if (app[colour].weight === 0) continue;
    if (!app[colour].version) report([colour, 'version'], 'a release version such as "2.132.8": this colour takes traffic');
    if (app[colour].minCapacity < azCount) report([colour, 'minCapacity'], `at least ${azCount} (one instance per AZ): this colour takes traffic`);
  }
  const certRegion = app.certificateArn.split(':')[3];
  if (certRegion !== regionCode) report(['certificateArn'], `a certificate in ${regionCode}: a load balancer can only use certificates of its own region`);
}

/**
 * Edition and topology SQL Server can run: Standard has only Basic availability groups (one database, no readable
 * secondary), so a multi-database readable AG needs Enterprise; production promises 99.95 %, which one node cannot.
 */
function checkSql(cell: { environment: string; sql: SqlConfig }, logBackups: boolean, report: (field: PropertyKey[], allowed: string, value?: unknown) => void): void {
  // Production's policy must keep log backups anyway (the promise): its absence is reported once, for the policy.
  if (cell.sql.topology === 'availability-group' && !logBackups && cell.environment !== 'production') {
    report(['topology'], `standalone, or a backup policy for ${cell.environment} with logBackup: an availability group's databases use the full recovery model, whose log only log backups truncate`);
  }
  if (cell.sql.topology === 'availability-group' && cell.sql.edition !== 'Enterprise') {
    report(['edition'], 'Enterprise with topology availability-group: Standard edition supports only Basic availability groups (one database, no readable secondary), and a cell holds one database per tenant and routes reporting to the secondary; or topology standalone');
  }
  if (cell.environment === 'production' && cell.sql.topology !== 'availability-group') {
    report(['topology'], 'availability-group in production: the 99.95 % availability target needs a second node in another AZ to fail over to');
  }
}

/** Minutes covered by a ddd:hh:mm-ddd:hh:mm window, wrapping over the week's end. */
export function windowMinutes(window: string): number {
  const days = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  const [start, end] = window.split('-').map((part) => {
    const [day, hh, mm] = part.split(':');
    return days.indexOf(day) * 1440 + Number(hh) * 60 + Number(mm);
  });
  return (end - start + 7 * 1440) % (7 * 1440);
}

function problem(input: unknown, path: Path, allowed: string, explicitValue?: unknown): string {
  const regions = (input as { regions?: unknown[] })?.regions;
  let where = 'Configuration';
  let field = path;
  if (path[0] === 'backupPolicies' && typeof path[1] === 'string') {
    where = `Backup policy ${path[1]}`;
    field = path.slice(2);
  }
  if (path[0] === 'regions' && typeof path[1] === 'number' && Array.isArray(regions)) {
    const region = regions[path[1]] as { name?: unknown; code?: unknown } | undefined;
    where = `Region ${String(region?.name ?? `#${path[1] + 1}`)} (${String(region?.code ?? 'no code')})`;
    field = path.slice(2);
    if (field[0] === 'cells' && typeof field[1] === 'number') {
      const cell = (region as { cells?: { id?: unknown }[] })?.cells?.[field[1]];
      where += `, cell ${String(cell?.id ?? `#${field[1] + 1}`)}`;
      field = field.slice(2);
    }
  }
  const value = explicitValue ?? path.reduce<unknown>((node, key) => (node as Record<PropertyKey, unknown> | undefined)?.[key], input);
  const name = field.length > 0 ? field.map(String).join('.') : 'value';
  return `${where}: ${name} is ${show(value)}; allowed: ${allowed}`;
}

function show(value: unknown): string {
  if (value === undefined) return 'missing';
  const text = JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
