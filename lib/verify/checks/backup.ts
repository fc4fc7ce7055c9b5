import { DescribeBackupVaultCommand, ListBackupPlansCommand, ListRestoreJobsCommand } from '@aws-sdk/client-backup';
import { CallFailed, NotChecked, required, send } from '../aws-call';
import { Judgement, verdict } from '../judge';
import { pageAll } from '../paging';
import { CheckContext, CheckResult } from '../types';
import { identified, sqlNodeInstances } from './sql-nodes';

/** A production cell's last restore test must be this recent. */
export const RESTORE_TEST_MAX_AGE_DAYS = 35;

/** The region's vault is under Vault Lock with the configured minimum and maximum retention. */
export async function backupVaultLock(ctx: CheckContext): Promise<CheckResult> {
  const { vault } = ctx.expected;
  const expected = `vault ${vault.name} locked past its cooling-off period, retention ${vault.minRetentionDays} to ${vault.maxRetentionDays} days`;
  const result = (status: CheckResult['status'], found: string): CheckResult => ({
    region: ctx.expected.region,
    check: 'Backup vault lock',
    expected,
    found,
    status,
  });
  let live;
  try {
    live = await send(ctx.clients.backup, new DescribeBackupVaultCommand({ BackupVaultName: vault.name }));
  } catch (error) {
    if (error instanceof CallFailed && error.code === 'ResourceNotFoundException') return result('fail', `no vault named ${vault.name}`);
    throw error;
  }
  // Every answer about a vault names it; one that does not (e.g. `{}`) says nothing about its lock.
  if (!live.BackupVaultArn && !live.BackupVaultName)
    throw new NotChecked('missing-data', 'the answer of backup:DescribeBackupVault had no BackupVaultArn: nothing was read');
  // Whether the vault is locked is the check itself: an answer without Locked read nothing about the lock.
  const locked = required(live, 'Locked', 'backup:DescribeBackupVault');
  // Until LockDate the lock can still be removed (the cooling-off period); after it, not even the root user can.
  // No LockDate is an answer: a lock applied without one (governance mode) can be removed at any time.
  const immutable = locked && live.LockDate !== undefined && live.LockDate <= ctx.now;
  const lock = !locked
    ? 'NOT locked'
    : immutable
      ? 'locked'
      : live.LockDate
        ? `locked but changeable until ${live.LockDate.toISOString()}`
        : 'locked but changeable at any time (no lock date)';
  // No Min/MaxRetentionDays is an answer: the lock enforces no such bound, which fails the configured one.
  const found = `${lock}, retention ${live.MinRetentionDays ?? '-'} to ${live.MaxRetentionDays ?? '-'} days`;
  const ok = immutable && live.MinRetentionDays === vault.minRetentionDays && live.MaxRetentionDays === vault.maxRetentionDays;
  return result(ok ? 'pass' : 'fail', found);
}

/** Each cell has its backup plan. */
export async function backupPlans(ctx: CheckContext): Promise<CheckResult> {
  const plans = await pageAll(ctx.clients.backup, (NextToken) => new ListBackupPlansCommand({ NextToken }), { items: 'BackupPlansList', next: 'NextToken' });
  const names = new Set(plans.map((p) => p.BackupPlanName));
  const unnamed = plans.filter((p) => p.BackupPlanName === undefined).length;
  // A plan whose name was not read may be the one looked for: a plan not found is then not checked.
  const absent = ctx.expected.backupPlans
    .filter((p) => !names.has(p.name))
    .map((p) => ({
      resource: p.cell,
      found: unnamed
        ? `no plan ${p.name} among the named; ${unnamed} plan(s) in the answer of backup:ListBackupPlans had no BackupPlanName`
        : `no plan ${p.name}`,
    }));
  const judged = unnamed ? { failures: [], unchecked: absent } : { failures: absent, unchecked: [] };
  return verdict(
    ctx,
    'Backup plans',
    `one plan per cell: ${ctx.expected.backupPlans.map((p) => p.name).join(', ')}`,
    ctx.expected.backupPlans.length,
    'cells',
    judged,
  );
}

/** The last restore test of each production cell's SQL nodes completed and validated within the last 35 days. */
export async function restoreTests(ctx: CheckContext): Promise<CheckResult> {
  const since = new Date(ctx.now.getTime() - RESTORE_TEST_MAX_AGE_DAYS * 86_400_000);
  // eslint-disable-next-line @cdklabs/promiseall-no-unbounded-parallelism -- two calls
  const [jobs, nodes] = await Promise.all([
    pageAll(ctx.clients.backup, (NextToken) => new ListRestoreJobsCommand({ ByCreatedAfter: since, ByResourceType: 'EC2', NextToken }), {
      items: 'RestoreJobs',
      next: 'NextToken',
    }),
    sqlNodeInstances(ctx),
  ]);
  const judged: Judgement = { failures: [], unchecked: [] };
  const byPlan = jobs.filter((j) => j.CreatedBy?.RestoreTestingPlanArn);
  const unplaced = nodes.filter((n) => !identified(n) && (n.instanceId === undefined || byPlan.some((j) => j.SourceResourceArn?.endsWith(`/${n.instanceId}`))));
  const unsourced = byPlan.filter((j) => j.SourceResourceArn === undefined).length;
  for (const { cell } of ctx.expected.restoreTests) {
    const unchecked = (found: string) => judged.unchecked.push({ resource: cell, found });
    // A node whose cell or id was not read, with tests of its own, or a test of no known source, may be this cell's latest.
    if (unplaced.length) {
      unchecked(`the tags or id of ${unplaced.length} SQL node instance(s) were not read: which cell their restore tests are of is unknown`);
      continue;
    }
    if (unsourced) {
      unchecked(`${unsourced} restore job(s) in the answer of backup:ListRestoreJobs had no SourceResourceArn: whose test they are is unknown`);
      continue;
    }
    const ids = nodes.filter((n) => n.cell === cell).map((n) => n.instanceId);
    if (ids.includes(undefined)) {
      unchecked('the answer of ec2:DescribeInstances had no InstanceId for a node of the cell: its restore tests cannot be found');
      continue;
    }
    const own = byPlan.filter((j) => ids.some((id) => j.SourceResourceArn?.endsWith(`/${id}`)));
    // A test without its status or date can be neither ordered nor judged: the latest is unknown.
    const unread = own.filter((j) => j.Status === undefined || j.CreationDate === undefined);
    if (unread.length) {
      unchecked(`the answer of backup:ListRestoreJobs had no Status or CreationDate for restore job ${unread.map((j) => j.RestoreJobId ?? '?').join(', ')}`);
      continue;
    }
    // Judge the latest finished test: one still restoring or validating on test day says nothing yet.
    const last = own
      .filter((j) => ['COMPLETED', 'FAILED', 'ABORTED'].includes(j.Status!) && j.ValidationStatus !== 'VALIDATING')
      .sort((a, b) => b.CreationDate!.getTime() - a.CreationDate!.getTime())[0];
    if (!last) judged.failures.push({ resource: cell, found: `no finished restore test since ${since.toISOString().slice(0, 10)}` });
    // A completed test whose validation status was not given was not read as validated nor as failed.
    else if (last.Status === 'COMPLETED' && last.ValidationStatus === undefined)
      unchecked(`the answer of backup:ListRestoreJobs had no ValidationStatus for the last test, restore job ${last.RestoreJobId ?? '?'}`);
    else if (last.Status !== 'COMPLETED' || last.ValidationStatus !== 'SUCCESSFUL') {
      judged.failures.push({
        resource: cell,
        found: `last test ${last.CreationDate!.toISOString().slice(0, 10)}: ${last.Status}, validation ${last.ValidationStatus ?? 'none'}`,
      });
    }
  }
  return verdict(
    ctx,
    'Restore tests',
    `the last restore test of each production cell succeeded within ${RESTORE_TEST_MAX_AGE_DAYS} days`,
    ctx.expected.restoreTests.length,
    'production cells',
    judged,
  );
}
