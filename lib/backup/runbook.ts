import type { BackupPolicy, HaloConfig } from '../config';
import { pointInTimeRetentionDays } from '../database/sql-backup-bucket';
import { drillDocumentNames } from '../database/sql-server-drills';
import { RESTORE_TEST_DEFAULTS } from './monthly-restore-testing';

const ENVIRONMENTS = ['production', 'uat'] as const;

function retentionRows(environment: string, p: BackupPolicy): string[] {
  const rows = [
    `| ${environment} | Daily full backup of each SQL Server node and its volumes (AWS Backup, Windows VSS) | daily at ${String(p.daily.startHourUtc).padStart(2, '0')}:00 UTC | ${p.daily.retentionDays} days |`,
  ];
  if (p.monthly) rows.push(`| ${environment} | Monthly full backup (AWS Backup, Windows VSS) | the 1st of each month | ${p.monthly.retentionDays} days |`);
  if (p.logBackup) {
    const kept = pointInTimeRetentionDays(p.logBackup.retentionDays);
    rows.push(
      `| ${environment} | Transaction-log backup of every customer database (native, staged on the node and shipped to the cell's Object Lock bucket) | every ${p.logBackup.intervalHours} h promised; taken every 15 min | ${p.logBackup.retentionDays} days of point-in-time restore (kept ${kept} days) |`,
      `| ${environment} | Native full backup of every customer database (the base of its log chain) | daily | ${kept} days |`,
    );
  } else {
    rows.push(
      `| ${environment} | Native full backup of every customer database (simple recovery: no transaction-log backups; recovery is to the last daily backup) | daily | ${p.daily.retentionDays} days |`,
    );
  }
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
    "Every recovery point is encrypted with the region's backup key (AWS Backup) or data key (native backups).",
    'Vaults are under Vault Lock and deny deleting recovery points to everyone but the',
    `\`${config.breakGlassRoleName}\` role; native backup buckets use Object Lock in compliance mode.`,
    '',
    '## Where copies go',
    '',
    "Backups stay in the cell's region unless the cell names a copy region inside its residency zone.",
    '',
    '| region | cell | environment | residency zone | recovery points kept in | copied to |',
    '| --- | --- | --- | --- | --- | --- |',
    ...config.regions.flatMap((r) =>
      r.cells.map((c) => {
        const { vault, copy } = c.backup;
        const target = copy && config.regions.find((t) => t.code === copy.region);
        return `| ${r.name} (${r.code}) | ${c.id} | ${c.environment} | ${c.zone} | vault \`${vault.vaultName}\` | ${target && copy ? `${target.name} (${target.code}), vault \`${copy.vaultName}\`` : 'nowhere: stays in region'} |`;
      }),
    ),
    '',
    '## Restore tests',
    '',
    `On day ${RESTORE_TEST_DEFAULTS.dayOfMonth} of each month at ${String(RESTORE_TEST_DEFAULTS.hourUtc).padStart(2, '0')}:00 UTC AWS Backup restores the latest recovery point of every`,
    "production cell's SQL Server nodes into an isolated data subnet behind a security group that admits",
    `nothing, keeps each restored instance ${RESTORE_TEST_DEFAULTS.validationWindowHours} hours, and a validation function reports to AWS Backup`,
    'whether it came up running with both EC2 status checks passing.',
    '',
    `## Restore steps (RTO ${prod.rtoHours} h, RPO ${prod.rpoHours} h in production)`,
    '',
    'Production cells run two nodes in an Always On availability group (AZ 1 and 2) with a file-share witness',
    'in AZ 3; UAT cells run one node (RPO and RTO 24 h). The restore drill (below) is step 2 as code:',
    '`lib/database/runtime/scripts/restore-drill.ps1` is the procedure, run monthly.',
    '',
    '1. **A node or an AZ is lost (production).** The availability group fails over automatically to the',
    '   synchronous replica in the other AZ; the witness keeps quorum. Nothing is restored; applications',
    '   reconnect through the listener (`MultiSubnetFailover=True`) within a minute. Redundancy returns with',
    '   the lost node: restore its latest recovery point in AWS Backup into its subnet (the same name, so it is',
    "   still the cluster's node and the availability group's replica; `Test-ComputerSecureChannel -Repair` if",
    '   its computer password changed since), then let its databases resynchronise, or remove from the replica',
    '   and seed again those whose log the primary no longer holds. Redeploying the Data stack does not replace',
    '   a lost node: CloudFormation does not notice an instance that is gone, and formation does not add a node',
    '   to a cluster that exists.',
    "2. **A customer database is damaged or a point in time is needed.** Download from the cell's bucket",
    "   (`Read-S3Object`, the nodes' role reads it) the newest `full/<database>/` backup taken before the",
    '   point and every `log/<database>/` backup after it up to the first one past the point; `RESTORE',
    '   DATABASE ... FROM DISK ... WITH NORECOVERY`, then each `RESTORE LOG ... WITH NORECOVERY, STOPAT =',
    '   <time>`, then `RESTORE DATABASE ... WITH RECOVERY`, and `DBCC CHECKDB`. On the primary, add it back',
    `   to the availability group (automatic seeding). Data loss: at most ${prod.rpoHours} h (in practice 15 min).`,
    '   Time: under 1 h for a standard database (the drill measures it).',
    "3. **A whole cell is lost: rebuild.** First a directory administrator deletes the cell's computer objects",
    '   (`<cell>-1`, `<cell>-2`, `<cell>-cl`, `<cell>-ag` in `OU=Computers,OU=<NetBIOS>`): the domain join refuses',
    "   a name that exists. Then redeploy the cell's Data stack (`npx cdk deploy '<Region>/<cell>-Data'`):",
    '   formation makes new nodes, the cluster, the availability group and the logins from nothing, and the',
    '   retained volumes of the lost nodes stay untouched for forensics. Then restore each tenant database',
    "   natively as in step 2 (newest full and every log since), run the AddTenantDatabase document's",
    '   steps for its users and the AG, and point nothing else: the listener name does not change.',
    "   Alternatively restore the nodes' latest AWS Backup recovery points (VSS-consistent) into the data",
    '   subnets and apply the logs taken since. Time: 2 to 3 h, inside the RTO.',
    "4. **A region is lost.** A cell with a copy region restores from the copies in that region's vault",
    '   (step 3 there). A cell without one stays in its region by law: recovery waits for the region,',
    '   and the RTO promise covers node, AZ and cell incidents only. Customers are told so in the trust centre.',
    '',
    '## Drills',
    '',
    'Both drills are SSM Automation documents of each cell, run monthly by EventBridge Scheduler on the first',
    "day of the month that opens the region's maintenance window (local time), and on demand with",
    '`aws ssm start-automation-execution --document-name <document>`. A failed drill publishes to the',
    "region's alert topic; `npm run verify` reports each drill's last run, and the auditor report lists them.",
    '',
    '- **Failover drill** (availability-group cells): checks that every database is synchronized and ready to',
    "  fail over, renews the secondary's TLS certificate when due (restarting only the secondary), fails over",
    '  to it and times the move until the listener serves from it (metric `FailoverSeconds`), renews the other',
    "  node's certificate while it is the secondary, and fails back. Metric `FailoverDrillSucceeded`.",
    "- **Restore drill** (every cell): launches a scratch instance of the cell's SQL Server image in a data",
    '  subnet, restores a random tenant database to a random point of the point-in-time window (UAT: its newest',
    '  full), runs `DBCC CHECKDB`, times the whole restore against the RTO (metric `RestoreDrillSeconds`), and',
    '  terminates the instance whatever happened. Metric `RestoreDrillSucceeded`.',
    '',
    '| region | cell | failover drill | restore drill | maintenance window |',
    '| --- | --- | --- | --- | --- |',
    ...config.regions.flatMap((r) =>
      r.cells.map((c) => {
        const names = drillDocumentNames(c.id);
        return `| ${r.name} (${r.code}) | ${c.id} | ${c.sql.topology === 'availability-group' ? `\`${names.failover}\`` : 'none (one node)'} | \`${names.restore}\` | ${r.maintenanceWindow.window} ${r.maintenanceWindow.timeZone} |`;
      }),
    ),
    '',
  ];
  return lines.join('\n');
}
