import type { BackupPolicy, HaloConfig } from '../config';
import { RESTORE_TEST_DEFAULTS } from './monthly-restore-testing';

const ENVIRONMENTS = ['production', 'uat'] as const;

function retentionRows(environment: string, p: BackupPolicy): string[] {
  const rows = [
    `| ${environment} | Daily full backup of each SQL Server node and its volumes (AWS Backup, Windows VSS) | daily at ${String(p.daily.startHourUtc).padStart(2, '0')}:00 UTC | ${p.daily.retentionDays} days |`,
  ];
  if (p.monthly) rows.push(`| ${environment} | Monthly full backup (AWS Backup, Windows VSS) | the 1st of each month | ${p.monthly.retentionDays} days |`);
  rows.push(p.logBackup
    ? `| ${environment} | Transaction-log backup of every customer database (SQL Server \`BACKUP LOG ... TO URL\`, the cell's Object Lock bucket) | every ${p.logBackup.intervalHours} h | ${p.logBackup.retentionDays} days |`
    : `| ${environment} | No transaction-log backups: the log is truncated hourly; recovery is to the last daily backup | - | - |`);
  return rows;
}

/**
 * The disaster-recovery runbook, rendered from the configuration so that it cannot drift from
 * what is deployed (`npm run docs` writes docs/disaster-recovery.md; a test compares them).
 */
export function renderDisasterRecoveryRunbook(config: HaloConfig): string {
  const prod = config.backupPolicies.production;
  const lines: string[] = [
    '# Disaster recovery runbook',
    '',
    '<!-- Generated from the configuration by `npm run docs`. Do not edit: change regions/ and rerun. -->',
    '',
    '## Promises',
    '',
    '| environment | recovery point objective | recovery time objective |',
    '| --- | --- | --- |',
    ...ENVIRONMENTS.map((e) => `| ${e} | ${config.backupPolicies[e].rpoHours} h | ${config.backupPolicies[e].rtoHours} h |`),
    '',
    '## What is backed up, how often, how long it is kept',
    '',
    '| environment | what | how often | kept |',
    '| --- | --- | --- | --- |',
    ...ENVIRONMENTS.flatMap((e) => retentionRows(e, config.backupPolicies[e])),
    '',
    'Every recovery point is encrypted with the region\'s backup key (AWS Backup) or data key (native backups).',
    'Vaults are under Vault Lock and deny deleting recovery points to everyone but the',
    `\`${config.breakGlassRoleName}\` role; native backup buckets use Object Lock in compliance mode.`,
    '',
    '## Where copies go',
    '',
    'Backups stay in the cell\'s region unless the cell names a copy region inside its residency zone.',
    '',
    '| region | cell | environment | residency zone | recovery points kept in | copied to |',
    '| --- | --- | --- | --- | --- | --- |',
    ...config.regions.flatMap((r) => r.cells.map((c) => {
      const copy = c.backupCopyRegion ?? config.backupPolicies[c.environment].copyRegion;
      const target = copy ? config.regions.find((t) => t.code === copy) : undefined;
      return `| ${r.name} (${r.code}) | ${c.id} | ${c.environment} | ${c.zone} | vault \`halo-${r.slug}\` | ${target ? `${target.name} (${target.code}), vault \`halo-${target.slug}\`` : 'nowhere: stays in region'} |`;
    })),
    '',
    '## Restore tests',
    '',
    `On day ${RESTORE_TEST_DEFAULTS.dayOfMonth} of each month at ${String(RESTORE_TEST_DEFAULTS.hourUtc).padStart(2, '0')}:00 UTC AWS Backup restores the latest recovery point of every`,
    'production cell\'s SQL Server nodes into an isolated data subnet behind a security group that admits',
    `nothing, keeps each restored instance ${RESTORE_TEST_DEFAULTS.validationWindowHours} hours, and a validation function reports to AWS Backup`,
    'whether it came up running with both EC2 status checks passing.',
    '',
    `## Restore steps (RTO ${prod.rtoHours} h, RPO ${prod.rpoHours} h in production)`,
    '',
    '1. **A node or an AZ is lost.** The availability group fails over automatically to the synchronous',
    '   replica in the other AZ; the file-share witness in the third AZ keeps quorum. Nothing is restored;',
    '   applications reconnect through the listener (`MultiSubnetFailover=True`) within minutes. Replace',
    '   the lost node by restoring its latest recovery point (step 3) or redeploying the cell\'s Data stack.',
    '2. **A customer database is damaged or a point in time is needed.** On the primary, restore the',
    '   latest full backup and the log backups after it from the cell\'s bucket with `RESTORE DATABASE ...',
    '   FROM URL ... WITH NORECOVERY` and `RESTORE LOG ... FROM URL ... WITH STOPAT = <time>`, then add the',
    `   database back to the availability group (the AddTenantDatabase document). Data loss: at most ${prod.logBackup?.intervalHours ?? prod.rpoHours} h.`,
    '   Time: under 1 h for a standard database.',
    '3. **A whole cell is lost.** In AWS Backup, restore each node\'s latest recovery point from the',
    '   region\'s vault into its data subnet with the cluster security group (about 1 h); start the nodes,',
    '   confirm the cluster and availability group come online, then apply the log backups taken since',
    '   the recovery point from the cell\'s bucket (step 2). Time: 2 to 3 h, inside the RTO.',
    '4. **A region is lost.** A cell with a copy region restores from the copies in that region\'s vault',
    '   (step 3 there). A cell without one stays in its region by law: recovery waits for the region,',
    '   and the RTO promise covers node, AZ and cell incidents only. Customers are told so in the trust centre.',
    '',
  ];
  return lines.join('\n');
}
