import type { z } from 'zod';
import type { backupPoliciesSchema } from '../lib/config';

/**
 * The published retention (lib/config/backup-promises.ts checks these against it): production logs
 * hourly kept 3 days, daily fulls kept 14 days, monthly fulls kept 90 days, RPO 1 h, RTO 4 h;
 * UAT daily fulls only, kept 14 days. No environment-wide copy region: residency decides per cell.
 */
export const BACKUP_POLICIES: z.input<typeof backupPoliciesSchema> = {
  production: {
    logBackup: { intervalHours: 1, retentionDays: 3 },
    daily: { retentionDays: 14, startHourUtc: 1 },
    monthly: { retentionDays: 90 },
    rpoHours: 1,
    rtoHours: 4,
  },
  uat: {
    daily: { retentionDays: 14, startHourUtc: 2 },
    rpoHours: 24,
    rtoHours: 24,
  },
};
