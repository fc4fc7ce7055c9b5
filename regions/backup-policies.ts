import type { z } from 'zod';
import type { backupPoliciesSchema } from '../lib/config';

/**
 * The published retention: transaction logs hourly, kept 3 days; daily fulls kept 2 weeks.
 * UAT takes daily backups only, kept 2 weeks.
 */
export const BACKUP_POLICIES: z.input<typeof backupPoliciesSchema> = {
  production: { logBackup: { intervalHours: 1, retentionDays: 3 }, dailyFullRetentionDays: 14 },
  uat: { dailyFullRetentionDays: 14 },
};
