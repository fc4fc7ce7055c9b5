import { z } from 'zod';
import { AWS_REGION_AZS, LOG_RETENTION_DAYS } from './aws-regions';
import { ALLOWED_TLS_POLICIES } from './tls-policies';

/** The standard Halo instance baseline: a cell never grows past it; the region adds a cell. */
export const CELL_BASELINE = { concurrentAgents: 1_500, unarchivedTickets: 7_000_000 } as const;

const DAY = '(Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const TIME = '([01]\\d|2[0-3]):[0-5]\\d';
export const MAINTENANCE_WINDOW_PATTERN = new RegExp(`^${DAY}:${TIME}-${DAY}:${TIME}$`);
const INSTANCE_TYPE_PATTERN = /^[a-z][a-z0-9-]*\d[a-z0-9-]*\.(nano|micro|small|medium|large|metal|\d*xlarge)$/;
const CIDR_PATTERN = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}\/(1[6-9]|2[0-2])$/;

const knownRegionCodes = Object.keys(AWS_REGION_AZS);

/** True when the runtime knows the IANA time-zone name. */
export function isIanaTimeZone(name: string): boolean {
  if (!/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)+$|^UTC$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export const accountSchema = z.string({ error: 'a 12-digit AWS account id, e.g. "111122223333"' })
  .regex(/^\d{12}$/, { error: 'a 12-digit AWS account id, e.g. "111122223333"' });

const instanceType = z.string({ error: 'an EC2 instance type such as "r6i.2xlarge"' })
  .regex(INSTANCE_TYPE_PATTERN, { error: 'an EC2 instance type such as "r6i.2xlarge"' });

const volumeGiB = z.number({ error: 'a gp3 volume size in GiB, 1 to 16384' }).int({ error: 'a whole number of GiB' })
  .min(1, { error: 'a gp3 volume size in GiB, 1 to 16384' }).max(16_384, { error: 'a gp3 volume size in GiB, 1 to 16384' });

const sizingSchema = z.strictObject({
  concurrentAgents: z.number({ error: 'a whole number of agents' }).int({ error: 'a whole number of agents' }).positive({ error: 'at least 1' })
    .max(CELL_BASELINE.concurrentAgents, {
      error: `at most ${CELL_BASELINE.concurrentAgents} concurrent agents (the standard instance baseline); add a cell to the region instead of growing this one`,
    }),
  unarchivedTickets: z.number({ error: 'a whole number of tickets' }).int({ error: 'a whole number of tickets' }).nonnegative({ error: 'zero or more' })
    .max(CELL_BASELINE.unarchivedTickets, {
      error: `at most ${CELL_BASELINE.unarchivedTickets.toLocaleString('en-GB')} unarchived tickets (the standard instance baseline); add a cell to the region instead of growing this one`,
    }),
  instanceTypes: z.strictObject({ sqlNode: instanceType, app: instanceType, automations: instanceType, chat: instanceType }),
  /** Per SQL Server node: data, log and tempdb volumes, and the volume native backups are staged on before S3. */
  sqlStorage: z.strictObject({ dataGiB: volumeGiB, logGiB: volumeGiB, tempdbGiB: volumeGiB, backupGiB: volumeGiB }),
});

/** SQL Server editions of the license-included AMIs the cells run. */
export const SQL_EDITIONS = ['Enterprise', 'Standard'] as const;
/** How a cell's SQL Server is laid out: two nodes in an Always On availability group, or one node. */
export const SQL_TOPOLOGIES = ['availability-group', 'standalone'] as const;

/** The cell's SQL Server: edition and topology (validation refuses a pair SQL Server cannot run). */
export const sqlSchema = z.strictObject({
  edition: z.enum(SQL_EDITIONS, { error: `one of ${SQL_EDITIONS.join(', ')}` }),
  topology: z.enum(SQL_TOPOLOGIES, { error: `one of ${SQL_TOPOLOGIES.join(', ')}` }),
});

const colourSchema = z.strictObject({
  /** Application version this colour runs; required while it takes traffic. */
  version: z.string({ error: 'a release version such as "2.132.8"' }).regex(/^\d+\.\d+\.\d+$/, { error: 'a release version such as "2.132.8"' }).optional(),
  /** Share of traffic, a whole percentage; the two colours sum to 100. */
  weight: z.number({ error: 'a whole percentage, 0 to 100' }).int({ error: 'a whole percentage, 0 to 100' })
    .min(0, { error: 'a whole percentage, 0 to 100' }).max(100, { error: 'a whole percentage, 0 to 100' }),
  /** Instances the colour keeps at least; 0 lets an idle colour scale to nothing. */
  minCapacity: z.number({ error: 'a whole number of instances, 0 or more' }).int({ error: 'a whole number of instances, 0 or more' })
    .min(0, { error: 'a whole number of instances, 0 or more' }),
});

/** The cell's public endpoint and its blue/green application fleets. */
export const appSchema = z.strictObject({
  domainName: z.string({ error: 'a DNS name such as "prod-stable.london.halo.example"' })
    .regex(/^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, { error: 'a DNS name such as "prod-stable.london.halo.example"' }),
  certificateArn: z.string({ error: 'an ACM certificate ARN, arn:aws:acm:<region>:<account>:certificate/<id>' })
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
  id: z.string({ error: 'lower-case letters, digits and dashes, 2 to 12 characters, starting with a letter' })
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
export const SECURITY_HUB_STANDARDS = ['aws-foundational-security-best-practices', 'cis-aws-foundations-benchmark-3.0.0', 'pci-dss-4.0.1', 'nist-800-53-r5'] as const;

export const regionSchema = z.strictObject({
  code: z.string({ error: `one of ${knownRegionCodes.join(', ')}` }),
  name: z.string({ error: 'a display name such as "London"' })
    .regex(/^[A-Z][A-Za-z. ]{1,30}$/, { error: 'a display name of letters, spaces and dots, such as "N. Virginia"' }),
  availabilityZones: z.array(z.string(), { error: 'a list of three availability-zone names' }),
  optIn: z.boolean({ error: 'true or false' }),
  services: z.strictObject({
    securityLake: z.boolean({ error: 'true or false' }),
    securityHubStandards: z.array(z.enum(SECURITY_HUB_STANDARDS, { error: `one of ${SECURITY_HUB_STANDARDS.join(', ')}` }), { error: 'a list of Security Hub standards' }),
    /**
     * GuardDuty, Security Hub and AWS Config that the organization runs (AWS Organizations' delegated administrator,
     * Control Tower): the stack then creates none of those marked true, and the live verifier checks they are on.
     * @default all three run by this app's Security stack
     */
    organizationManaged: z.strictObject({
      administratorAccountId: accountSchema,
      guardDuty: z.boolean({ error: 'true or false' }),
      securityHub: z.boolean({ error: 'true or false' }),
      config: z.boolean({ error: 'true or false' }),
    }).optional(),
  }),
  maintenanceWindow: z.strictObject({
    window: z.string({ error: 'ddd:hh:mm-ddd:hh:mm in local time, e.g. "Sun:01:00-Sun:04:00"' }),
    timeZone: z.string({ error: 'an IANA time-zone name such as "Europe/London"' })
      .refine(isIanaTimeZone, { error: 'an IANA time-zone name such as "Europe/London"' }),
  }),
  account: accountSchema.optional(),
  network: z.strictObject({
    cidr: z.string({ error: 'an IPv4 CIDR block from /16 to /22, e.g. "10.10.0.0/16"' })
      .regex(CIDR_PATTERN, { error: 'an IPv4 CIDR block from /16 to /22, e.g. "10.10.0.0/16"' }),
    flowLogRetentionDays: z.number({ error: `one of ${LOG_RETENTION_DAYS.join(', ')}` })
      .refine((d) => LOG_RETENTION_DAYS.includes(d), { error: `one of ${LOG_RETENTION_DAYS.join(', ')} (CloudWatch Logs retention periods)` }),
  }),
  cells: z.array(cellSchema, { error: 'a list of cells' }).min(1, { error: 'at least one cell' }),
});

const days = z.number({ error: 'a whole number of days, at least 1' }).int({ error: 'a whole number of days, at least 1' }).min(1, { error: 'a whole number of days, at least 1' });

const hours = (max: number) => z.number({ error: `a whole number of hours, 1 to ${max}` }).int({ error: `a whole number of hours, 1 to ${max}` })
  .min(1, { error: `a whole number of hours, 1 to ${max}` }).max(max, { error: `a whole number of hours, 1 to ${max}` });

/** What an environment backs up, how often, how long it keeps it, and what it promises. */
export const backupPolicySchema = z.strictObject({
  /** Native SQL Server transaction-log backups to the cell's bucket; absent where the environment takes none (UAT). */
  logBackup: z.strictObject({ intervalHours: hours(24), retentionDays: days }).optional(),
  /** Daily full backups by AWS Backup (VSS), starting at this UTC hour. */
  daily: z.strictObject({
    retentionDays: days,
    startHourUtc: z.number({ error: 'an hour of the day, 0 to 23 (UTC)' }).int({ error: 'an hour of the day, 0 to 23 (UTC)' })
      .min(0, { error: 'an hour of the day, 0 to 23 (UTC)' }).max(23, { error: 'an hour of the day, 0 to 23 (UTC)' }),
  }),
  /** Monthly full backups by AWS Backup, on the 1st. */
  monthly: z.strictObject({ retentionDays: days }).optional(),
  /** Recovery point objective: data loss at most this many hours. */
  rpoHours: hours(168),
  /** Recovery time objective: service restored within this many hours. */
  rtoHours: hours(168),
  /** Region every cell of the environment also copies its backups to; a cell's own setting wins. */
  copyRegion: z.string({ error: 'an AWS region code' }).optional(),
});

export const backupPoliciesSchema = z.strictObject({ production: backupPolicySchema, uat: backupPolicySchema });

export const zonesSchema = z.record(z.string(), z.array(z.string()).readonly(), { error: 'a map of zone name to region codes' });

/** The account-wide security settings: who may assume the access roles, until when, and who reads the logs. */
export const securitySchema = z.strictObject({
  /** The account engineers sign in to; only it may assume the operator and break-glass roles. */
  identityAccountId: accountSchema,
  /**
   * IAM Identity Center permission sets (provisioned in the identity account) whose sessions may assume each role.
   * Identity Center enforces their MFA at sign-in; IAM users of the identity account need MFA on the session itself.
   */
  identityCenterPermissionSets: z.strictObject({
    operator: z.string({ error: 'a permission set name: letters, digits and +=,.@_- up to 32 characters' })
      .regex(/^[\w+=,.@-]{1,32}$/, { error: 'a permission set name: letters, digits and +=,.@_- up to 32 characters' }),
    breakGlass: z.string({ error: 'a permission set name: letters, digits and +=,.@_- up to 32 characters' })
      .regex(/^[\w+=,.@-]{1,32}$/, { error: 'a permission set name: letters, digits and +=,.@_- up to 32 characters' }),
  }),
  /** Elevated access ends at this instant (ISO 8601, UTC): the roles' trust stops matching. */
  accessExpiry: z.string({ error: 'an ISO 8601 UTC timestamp such as "2026-12-20T00:00:00Z"' })
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/, { error: 'an ISO 8601 UTC timestamp such as "2026-12-20T00:00:00Z"' })
    .refine((t) => !Number.isNaN(Date.parse(t)), { error: 'an ISO 8601 UTC timestamp such as "2026-12-20T00:00:00Z"' }),
  /** Days each CloudTrail log file is locked (Object Lock, compliance mode). */
  trailObjectLockDays: days,
  /** The security team's SIEM, subscribed to Security Lake. */
  siem: z.strictObject({ accountId: accountSchema, externalId: z.string({ error: '2 to 1224 characters' }).min(2).max(1224) }),
  /** Who the region's alert topic notifies (email subscriptions). */
  alertEmails: z.array(z.string({ error: 'an email address' }).regex(/^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i, { error: 'an email address' }), { error: 'a list of email addresses' }),
  /** Security Lake storage: days to the infrequent-access class, and to deletion. */
  securityLake: z.strictObject({ transitionDays: days, expirationDays: days }),
});

export const roleNameSchema = z.string({ error: 'an IAM role name: letters, digits and +=,.@_- up to 64 characters' })
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
