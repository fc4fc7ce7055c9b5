import { z } from 'zod';
import { AWS_REGION_AZS, LOG_RETENTION_DAYS } from './aws-regions';
import { IANA_TIME_ZONE_NAMES } from './iana-time-zones';
import {
  AWS_BACKUP_MAX_RETENTION_DAYS,
  EXTERNAL_ID_PATTERN,
  GP3,
  PCI_AUDIT_LOG_MIN_DAYS,
  S3_LIFECYCLE_MAX_DAYS,
  S3_OBJECT_LOCK_MAX_DAYS,
  S3_STANDARD_IA_MIN_DAYS,
} from './service-limits';
import { ALLOWED_TLS_POLICIES } from './tls-policies';

/** The standard Halo instance baseline: a cell never grows past it; the region adds a cell. */
export const CELL_BASELINE = { concurrentAgents: 1_500, unarchivedTickets: 7_000_000 } as const;

const DAY = '(Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const TIME = '([01]\\d|2[0-3]):[0-5]\\d';
export const MAINTENANCE_WINDOW_PATTERN = new RegExp(`^${DAY}:${TIME}-${DAY}:${TIME}$`);

const knownRegionCodes = Object.keys(AWS_REGION_AZS);

/**
 * True when the runtime's Intl knows the IANA time-zone name ("GMT", "Etc/GMT+3", "Europe/London"), spelled as IANA
 * spells it: the name is written to templates as given, and Intl's case-blind match would pass "europe/london".
 */
export function isIanaTimeZone(name: string): boolean {
  return ianaSpelling(name) === name;
}

/** How IANA spells the time zone Intl takes `name` for: `name` itself when right, undefined when not a zone name. */
export function ianaSpelling(name: string): string | undefined {
  // Offsets ("+02:00", "UTC+2") are not names, whatever a runtime makes of them.
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(name)) return undefined;
  // Building a DateTimeFormat costs about a millisecond: each name is asked once.
  if (!spellings.has(name)) spellings.set(name, spell(name));
  return spellings.get(name);
}

function spell(name: string): string | undefined {
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-GB', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
  // Intl resolves a link to its zone ("GMT" to "UTC"): a link is right when spelled as in IANA's list.
  if (resolved === name || IANA_TIME_ZONE_NAMES.has(name)) return name;
  const lower = name.toLowerCase();
  return [...IANA_TIME_ZONE_NAMES].find((known) => known.toLowerCase() === lower) ?? resolved;
}

const spellings = new Map<string, string | undefined>();

export const accountSchema = z
  .string({ error: 'a 12-digit AWS account id, e.g. "111122223333"' })
  .regex(/^\d{12}$/, { error: 'a 12-digit AWS account id, e.g. "111122223333"' });

/** A type name; lib/config/instance-types.ts checks it against the EC2 API's list and the region's offerings. */
const instanceType = z.string({ error: 'an EC2 instance type such as "r6i.2xlarge"' });

/** A whole number from `min` to `max`, refused in the words `what` (which says the range). */
export const wholeNumber = (min: number, max: number, what: string) =>
  z.number({ error: what }).int({ error: what }).min(min, { error: what }).max(max, { error: what });

const volumeGiB = wholeNumber(GP3.minGiB, GP3.maxGiB, `a gp3 volume size in GiB, ${GP3.minGiB} to ${GP3.maxGiB}`);

/** A name as people write it: no leading, trailing or doubled spaces (they change derived names without showing). */
export const NO_STRAY_SPACES = /^\S+( \S+)*$/;

export const sizingSchema = z.strictObject({
  concurrentAgents: z
    .number({ error: 'a whole number of agents' })
    .int({ error: 'a whole number of agents' })
    .positive({ error: 'at least 1' })
    .max(CELL_BASELINE.concurrentAgents, {
      error: `at most ${CELL_BASELINE.concurrentAgents} concurrent agents (the standard instance baseline); add a cell to the region instead of growing this one`,
    }),
  unarchivedTickets: z
    .number({ error: 'a whole number of tickets' })
    .int({ error: 'a whole number of tickets' })
    .nonnegative({ error: 'zero or more' })
    .max(CELL_BASELINE.unarchivedTickets, {
      error: `at most ${CELL_BASELINE.unarchivedTickets.toLocaleString('en-GB')} unarchived tickets (the standard instance baseline); add a cell to the region instead of growing this one`,
    }),
  instanceTypes: z.strictObject({ sqlNode: instanceType, app: instanceType, automations: instanceType, chat: instanceType }),
  /** Per SQL Server node: data, log and tempdb volumes, and the volume native backups are staged on before S3. */
  sqlStorage: z.strictObject({ dataGiB: volumeGiB, logGiB: volumeGiB, tempdbGiB: volumeGiB, backupGiB: volumeGiB }),
});

/** Editions of AWS Managed Microsoft AD: Enterprise holds about 500,000 directory objects (Standard 30,000) and replicates across regions. */
export const DIRECTORY_EDITIONS = ['Enterprise', 'Standard'] as const;
const DIRECTORY_EDITION_WORDS = `one of ${DIRECTORY_EDITIONS.join(', ')} (Enterprise where the region has production cells)`;

/** SQL Server editions of the license-included AMIs the cells run. */
export const SQL_EDITIONS = ['Enterprise', 'Standard'] as const;
/** How a cell's SQL Server is laid out: two nodes in an Always On availability group, or one node. */
export const SQL_TOPOLOGIES = ['availability-group', 'standalone'] as const;

/** The cell's SQL Server: edition and topology (validation refuses a pair SQL Server cannot run). */
export const sqlSchema = z.strictObject({
  edition: z.enum(SQL_EDITIONS, { error: `one of ${SQL_EDITIONS.join(', ')}` }),
  topology: z.enum(SQL_TOPOLOGIES, { error: `one of ${SQL_TOPOLOGIES.join(', ')}` }),
});

/** Most instances a colour keeps: what the web tier of a cell at the baseline runs (lib/app/app-fleet.ts instancesFor). */
export const MAX_COLOUR_MIN_CAPACITY = Math.ceil(CELL_BASELINE.concurrentAgents / 150);

export const colourSchema = z.strictObject({
  /** Application version this colour runs; required while it takes traffic. */
  version: z
    .string({ error: 'a release version such as "2.132.8"' })
    .regex(/^\d+\.\d+\.\d+$/, { error: 'a release version such as "2.132.8"' })
    .optional(),
  /** Share of traffic, a whole percentage; the two colours sum to 100. */
  weight: z
    .number({ error: 'a whole percentage, 0 to 100' })
    .int({ error: 'a whole percentage, 0 to 100' })
    .min(0, { error: 'a whole percentage, 0 to 100' })
    .max(100, { error: 'a whole percentage, 0 to 100' }),
  /** Instances the colour keeps at least; 0 lets an idle colour scale to nothing. */
  minCapacity: wholeNumber(
    0,
    MAX_COLOUR_MIN_CAPACITY,
    `a whole number of instances, 0 to ${MAX_COLOUR_MIN_CAPACITY} (the web instances a cell at the standard instance baseline needs: 1,500 agents at 150 per instance)`,
  ),
});

/** The cell's public endpoint and its blue/green application fleets. */
export const appSchema = z.strictObject({
  domainName: z
    .string({ error: 'a DNS name such as "prod-stable.london.halo.example"' })
    .regex(/^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, { error: 'a DNS name such as "prod-stable.london.halo.example"' }),
  certificateArn: z
    .string({ error: 'an ACM certificate ARN, arn:aws:acm:<region>:<account>:certificate/<id>' })
    .regex(/^arn:aws:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]{36}$/, { error: 'an ACM certificate ARN, arn:aws:acm:<region>:<account>:certificate/<id>' }),
  sslPolicy: z.enum(ALLOWED_TLS_POLICIES, { error: `a TLS 1.2+ policy: ${ALLOWED_TLS_POLICIES.join(', ')}` }),
  blue: colourSchema,
  green: colourSchema,
  /**
   * Deletion protection of the cell's load balancers; set false (and deploy) only to delete and recreate the App stack.
   * @default true
   */
  loadBalancerDeletionProtection: z.boolean({ error: 'true or false' }).optional(),
});

export const cellSchema = z.strictObject({
  // At most 12 characters: cluster, listener and node names are `<cell id>-cl`, `-ag`, `-1`, and NetBIOS allows 15.
  id: z
    .string({ error: 'lower-case letters, digits and dashes, 2 to 12 characters, starting with a letter' })
    .regex(/^[a-z][a-z0-9-]{1,11}$/, { error: 'lower-case letters, digits and dashes, 2 to 12 characters, starting with a letter' }),
  environment: z.enum(['production', 'uat'], { error: 'one of production, uat' }),
  channel: z.enum(['stable', 'beta'], { error: 'one of stable, beta' }),
  zone: z.string({ error: 'the name of a residency zone' }),
  sizing: sizingSchema,
  sql: sqlSchema,
  /** Region this cell's AWS Backup recovery points are also copied to; must be in the cell's zone. */
  backupCopyRegion: z.string({ error: 'an AWS region code' }).optional(),
  app: appSchema,
});

/** Security Hub standards the platform enables where the region offers them. */
export const SECURITY_HUB_STANDARDS = [
  'aws-foundational-security-best-practices',
  'cis-aws-foundations-benchmark-3.0.0',
  'pci-dss-4.0.1',
  'nist-800-53-r5',
] as const;

const TIME_ZONE_WORDS = 'an IANA time-zone name such as "Europe/London", "America/New_York", "UTC", "GMT" or "Etc/GMT+3" (not an offset like "UTC+2")';

/** The time-zone words, with the IANA spelling when the name is a known zone written otherwise ("europe/london"). */
function timeZoneWords(input: unknown): string {
  const spelling = typeof input === 'string' ? ianaSpelling(input) : undefined;
  return spelling && spelling !== input ? `${TIME_ZONE_WORDS}; did you mean "${spelling}"?` : TIME_ZONE_WORDS;
}

/** CloudWatch Logs retention periods that keep flow logs at least as long as PCI DSS keeps audit logs. */
export const FLOW_LOG_RETENTION_DAYS = LOG_RETENTION_DAYS.filter((d) => d >= PCI_AUDIT_LOG_MIN_DAYS);
const FLOW_LOG_WORDS = `one of ${FLOW_LOG_RETENTION_DAYS.join(', ')} (CloudWatch Logs retention periods of at least ${PCI_AUDIT_LOG_MIN_DAYS} days: PCI DSS 10.5.1 keeps audit logs 12 months)`;

export const regionSchema = z.strictObject({
  code: z.string({ error: `one of ${knownRegionCodes.join(', ')}` }),
  name: z
    .string({ error: 'a display name such as "London"' })
    .regex(/^[A-Z][A-Za-z. ]{1,30}$/, { error: 'a display name of letters, spaces and dots, 2 to 31 characters, such as "N. Virginia"' })
    .regex(NO_STRAY_SPACES, {
      error: 'a display name without leading, trailing or doubled spaces, such as "N. Virginia" (the slug and Stage name derive from it)',
    }),
  availabilityZones: z.array(z.string(), { error: 'a list of three availability-zone names' }),
  optIn: z.boolean({ error: 'true or false' }),
  services: z.strictObject({
    securityLake: z.boolean({ error: 'true or false' }),
    securityHubStandards: z.array(z.enum(SECURITY_HUB_STANDARDS, { error: `one of ${SECURITY_HUB_STANDARDS.join(', ')}` }), {
      error: 'a list of Security Hub standards',
    }),
    /**
     * GuardDuty, Security Hub and AWS Config that the organization runs (AWS Organizations' delegated administrator,
     * Control Tower): the stack then creates none of those marked true, and the live verifier checks they are on.
     * @default all three run by this app's Security stack
     */
    organizationManaged: z
      .strictObject({
        administratorAccountId: accountSchema,
        guardDuty: z.boolean({ error: 'true or false' }),
        securityHub: z.boolean({ error: 'true or false' }),
        config: z.boolean({ error: 'true or false' }),
      })
      .optional(),
  }),
  maintenanceWindow: z.strictObject({
    window: z.string({ error: 'ddd:hh:mm-ddd:hh:mm in local time, e.g. "Sun:01:00-Sun:04:00"' }),
    timeZone: z.string({ error: TIME_ZONE_WORDS }).refine(isIanaTimeZone, { error: (issue) => timeZoneWords(issue.input) }),
  }),
  account: accountSchema.optional(),
  network: z.strictObject({
    /** The VPC's block; lib/config/network.ts checks it with ipaddr.js. */
    cidr: z.string({ error: 'an IPv4 CIDR block such as "10.10.0.0/16"' }),
    flowLogRetentionDays: z.number({ error: FLOW_LOG_WORDS }).refine((d) => FLOW_LOG_RETENTION_DAYS.includes(d), { error: FLOW_LOG_WORDS }),
  }),
  /**
   * The region's AWS Managed Microsoft AD. Its edition is declared, never derived from the cells: CloudFormation replaces
   * a directory whose edition changes, and every SQL node joined to it would lose its domain.
   */
  directory: z.strictObject({
    edition: z.enum(DIRECTORY_EDITIONS, { error: DIRECTORY_EDITION_WORDS }),
  }),
  cells: z.array(cellSchema, { error: 'a list of cells' }).min(1, { error: 'at least one cell' }),
});

/** Days AWS Backup keeps a recovery point (its lifecycle and the vault lock take at most 36,500). */
const backupDays = wholeNumber(
  1,
  AWS_BACKUP_MAX_RETENTION_DAYS,
  `a whole number of days, 1 to ${AWS_BACKUP_MAX_RETENTION_DAYS} (AWS Backup's longest retention)`,
);
/** Days native log backups are kept: the bucket keeps two more (pointInTimeRetentionDays) under S3 Object Lock. */
const logBackupDays = wholeNumber(
  1,
  S3_OBJECT_LOCK_MAX_DAYS - 2,
  `a whole number of days, 1 to ${S3_OBJECT_LOCK_MAX_DAYS - 2} (the bucket locks two days more, and S3 Object Lock holds at most ${S3_OBJECT_LOCK_MAX_DAYS})`,
);

const hours = (max: number) =>
  z
    .number({ error: `a whole number of hours, 1 to ${max}` })
    .int({ error: `a whole number of hours, 1 to ${max}` })
    .min(1, { error: `a whole number of hours, 1 to ${max}` })
    .max(max, { error: `a whole number of hours, 1 to ${max}` });

/** What an environment backs up, how often, how long it keeps it, and what it promises. */
export const backupPolicySchema = z.strictObject({
  /** Native SQL Server transaction-log backups to the cell's bucket; absent where the environment takes none (UAT). */
  logBackup: z.strictObject({ intervalHours: hours(24), retentionDays: logBackupDays }).optional(),
  /** Daily full backups by AWS Backup (VSS), starting at this UTC hour. */
  daily: z.strictObject({
    retentionDays: backupDays,
    startHourUtc: z
      .number({ error: 'an hour of the day, 0 to 23 (UTC)' })
      .int({ error: 'an hour of the day, 0 to 23 (UTC)' })
      .min(0, { error: 'an hour of the day, 0 to 23 (UTC)' })
      .max(23, { error: 'an hour of the day, 0 to 23 (UTC)' }),
  }),
  /** Monthly full backups by AWS Backup, on the 1st. */
  monthly: z.strictObject({ retentionDays: backupDays }).optional(),
  /** Recovery point objective: data loss at most this many hours. */
  rpoHours: hours(168),
  /** Recovery time objective: service restored within this many hours. */
  rtoHours: hours(168),
  /** Region every cell of the environment also copies its backups to; a cell's own setting wins. */
  copyRegion: z.string({ error: 'an AWS region code' }).optional(),
});

export const backupPoliciesSchema = z.strictObject({ production: backupPolicySchema, uat: backupPolicySchema });

export const zonesSchema = z.record(z.string(), z.array(z.string()).readonly(), { error: 'a map of zone name to region codes' });

const TIMESTAMP_WORDS = 'an ISO 8601 UTC timestamp of a real calendar date, such as "2026-12-20T00:00:00Z" or "2026-12-20T00:00:00.000Z"';
const EXTERNAL_ID_WORDS = 'an STS external id: 2 to 1224 letters, digits and +=,.@:/_- (no spaces)';

/** True for `YYYY-MM-DDThh:mm:ss[.fff]Z` naming an instant that exists: no 30 February, no hour 24. */
export function isUtcTimestamp(text: string): boolean {
  // Fractional seconds as toISOString() writes them (and up to nanoseconds); the offset must be Z: UTC only.
  const parts = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?Z$/.exec(text);
  if (!parts) return false;
  const [year, month, day, hour, minute, second] = parts.slice(1).map(Number);
  const instant = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  // Date.UTC rolls 2026-02-30 over to 2 March: a date that comes back different did not exist.
  return (
    instant.getUTCFullYear() === year &&
    instant.getUTCMonth() === month - 1 &&
    instant.getUTCDate() === day &&
    instant.getUTCHours() === hour &&
    instant.getUTCMinutes() === minute &&
    instant.getUTCSeconds() === second
  );
}

/** The account-wide security settings: who may assume the access roles, until when, and who reads the logs. */
export const securitySchema = z.strictObject({
  /** The account engineers sign in to; only it may assume the operator and break-glass roles. */
  identityAccountId: accountSchema,
  /**
   * IAM Identity Center permission sets (provisioned in the identity account) whose sessions may assume each role.
   * Identity Center enforces their MFA at sign-in; IAM users of the identity account need MFA on the session itself.
   */
  identityCenterPermissionSets: z.strictObject({
    operator: z
      .string({ error: 'a permission set name: letters, digits and +=,.@_- up to 32 characters' })
      .regex(/^[\w+=,.@-]{1,32}$/, { error: 'a permission set name: letters, digits and +=,.@_- up to 32 characters' }),
    breakGlass: z
      .string({ error: 'a permission set name: letters, digits and +=,.@_- up to 32 characters' })
      .regex(/^[\w+=,.@-]{1,32}$/, { error: 'a permission set name: letters, digits and +=,.@_- up to 32 characters' }),
  }),
  /** Elevated access ends at this instant (ISO 8601, UTC): the roles' trust stops matching. */
  accessExpiry: z.string({ error: TIMESTAMP_WORDS }).refine(isUtcTimestamp, { error: TIMESTAMP_WORDS }),
  /** Days each CloudTrail log file is locked (Object Lock, compliance mode): at least PCI's 12 months. */
  trailObjectLockDays: wholeNumber(
    PCI_AUDIT_LOG_MIN_DAYS,
    S3_OBJECT_LOCK_MAX_DAYS,
    `a whole number of days, ${PCI_AUDIT_LOG_MIN_DAYS} (PCI DSS 10.5.1 keeps audit logs 12 months) to ${S3_OBJECT_LOCK_MAX_DAYS} (S3 Object Lock's longest retention)`,
  ),
  /** The security team's SIEM, subscribed to Security Lake. */
  siem: z.strictObject({
    accountId: accountSchema,
    externalId: z.string({ error: EXTERNAL_ID_WORDS }).regex(EXTERNAL_ID_PATTERN, { error: EXTERNAL_ID_WORDS }),
  }),
  /** Who the region's alert topic notifies (email subscriptions); lib/config/security.ts refuses repeats. */
  alertEmails: z
    .array(z.string({ error: 'an email address' }).regex(/^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i, { error: 'an email address' }), {
      error: 'a list of email addresses',
    })
    .min(1, { error: 'a list of at least one email address: alarms that notify no one are not monitoring' }),
  /** Security Lake storage: days to the infrequent-access class, and to deletion. */
  securityLake: z.strictObject({
    transitionDays: wholeNumber(
      S3_STANDARD_IA_MIN_DAYS,
      S3_LIFECYCLE_MAX_DAYS,
      `a whole number of days, ${S3_STANDARD_IA_MIN_DAYS} (S3 keeps objects 30 days in Standard before STANDARD_IA) to ${S3_LIFECYCLE_MAX_DAYS}`,
    ),
    expirationDays: wholeNumber(
      PCI_AUDIT_LOG_MIN_DAYS,
      S3_LIFECYCLE_MAX_DAYS,
      `a whole number of days, ${PCI_AUDIT_LOG_MIN_DAYS} (PCI DSS 10.5.1 keeps audit logs 12 months) to ${S3_LIFECYCLE_MAX_DAYS}`,
    ),
  }),
});

export const roleNameSchema = z
  .string({ error: 'an IAM role name: letters, digits and +=,.@_- up to 64 characters' })
  .regex(/^[\w+=,.@-]{1,64}$/, { error: 'an IAM role name: letters, digits and +=,.@_- up to 64 characters' });

export const haloConfigSchema = z.strictObject({
  account: accountSchema,
  breakGlassRoleName: roleNameSchema,
  security: securitySchema,
  zones: zonesSchema,
  backupPolicies: backupPoliciesSchema,
  regions: z.array(regionSchema).min(1, { error: 'at least one region' }),
});

export type CellInput = z.input<typeof cellSchema>;
export type RegionInput = z.input<typeof regionSchema>;
export type HaloConfigInput = z.input<typeof haloConfigSchema>;
export type CellSizing = z.output<typeof sizingSchema>;
export type SqlConfig = z.output<typeof sqlSchema>;
export type BackupPolicy = z.output<typeof backupPolicySchema>;
export type AppConfig = z.output<typeof appSchema>;
export type SecurityConfig = z.output<typeof securitySchema>;
