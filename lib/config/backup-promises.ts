import type { BackupPolicy } from './schema';

/** What the seed documents publish for one environment; a field is absent where they publish nothing. */
export interface PublishedPromise {
  readonly logIntervalHours?: number;
  readonly logRetentionDays?: number;
  readonly dailyRetentionDays: number;
  readonly monthlyRetentionDays?: number;
  readonly rpoHours?: number;
  readonly rtoHours?: number;
}

/**
 * What the seed documents publish, per environment: the floor every backup policy must meet.
 * Production: transaction logs hourly kept 3 days, daily fulls kept 14 days, monthly fulls kept
 * 90 days (one document says 60; 90 satisfies both), RPO 1 hour, RTO 4 hours. UAT: daily fulls kept 14 days.
 */
export const BACKUP_PROMISES = {
  production: { logIntervalHours: 1, logRetentionDays: 3, dailyRetentionDays: 14, monthlyRetentionDays: 90, rpoHours: 1, rtoHours: 4 },
  uat: { dailyRetentionDays: 14 },
} as const satisfies Record<'production' | 'uat', PublishedPromise>;

/** Monthly backups are kept at least this long wherever they are taken. */
export const MONTHLY_MINIMUM_DAYS = 90;

type Report = (path: PropertyKey[], allowed: string) => void;

/** The seed's words for UAT: it promises daily backups and nothing more. */
const UAT_PROMISE = 'the published UAT promise is daily backups only ("UAT environments only have the daily backups taken")';

/** Checks a policy against its environment's published promise; reports each shortfall. */
export function checkBackupPolicy(environment: 'production' | 'uat', policy: BackupPolicy, report: Report): void {
  const at = (...rest: PropertyKey[]) => ['backupPolicies', environment, ...rest];
  if (policy.logBackup && policy.logBackup.intervalHours > policy.rpoHours) {
    report(at('logBackup', 'intervalHours'), `at most rpoHours (${policy.rpoHours}): a log backup interval longer than the RPO loses more data than promised`);
  }
  if (policy.monthly && policy.monthly.retentionDays < MONTHLY_MINIMUM_DAYS) {
    report(at('monthly', 'retentionDays'), `at least ${MONTHLY_MINIMUM_DAYS} days (monthly backups are kept 90 days)`);
  }
  // Without log backups the newest restorable point is the last daily full: up to a day old.
  const newestPointHours = policy.logBackup?.intervalHours ?? 24;
  // Production without log backups is reported once, as the missing logBackup its promise needs.
  if (!policy.logBackup && environment !== 'production' && policy.rpoHours < newestPointHours) {
    report(at('rpoHours'), `at least ${newestPointHours}: with daily backups only, a restore can lose up to a day of data`);
  }
  const promise = BACKUP_PROMISES[environment];
  if (policy.daily.retentionDays < promise.dailyRetentionDays) {
    report(at('daily', 'retentionDays'), `at least ${promise.dailyRetentionDays} days (the published retention of ${environment} daily backups)`);
  }
  if (environment === 'uat') {
    if (policy.logBackup) report(at('logBackup'), `none: ${UAT_PROMISE}`);
    if (policy.monthly) report(at('monthly'), `none: ${UAT_PROMISE}`);
  }
  if (environment !== 'production') return;
  const p = BACKUP_PROMISES.production;
  if (!policy.logBackup)
    report(at('logBackup'), `transaction-log backups every ${p.logIntervalHours} hour kept ${p.logRetentionDays} days (published for production)`);
  else if (policy.logBackup.retentionDays < p.logRetentionDays)
    report(at('logBackup', 'retentionDays'), `at least ${p.logRetentionDays} days (the published retention of transaction-log backups)`);
  if (!policy.monthly) report(at('monthly'), `monthly full backups kept at least ${p.monthlyRetentionDays} days (published for production)`);
  if (policy.rpoHours > p.rpoHours) report(at('rpoHours'), `at most ${p.rpoHours} (the published recovery point objective)`);
  if (policy.rtoHours > p.rtoHours) report(at('rtoHours'), `at most ${p.rtoHours} (the published recovery time objective)`);
}
