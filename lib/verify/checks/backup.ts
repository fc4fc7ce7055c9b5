import { DescribeBackupVaultCommand, ListBackupPlansCommand, ListRestoreJobsCommand } from '@aws-sdk/client-backup';
import { CallFailed, NotChecked, send } from '../aws-call';
import { verdict } from '../judge';
import { pageAll } from '../paging';
import { CheckContext, CheckResult } from '../types';
import { sqlNodeInstances } from './sql-nodes';

/** A production cell's last restore test must be this recent. */
export const RESTORE_TEST_MAX_AGE_DAYS = 35;

/** The region's vault is under Vault Lock with the configured minimum and maximum retention. */
export async function backupVaultLock(ctx: CheckContext): Promise<CheckResult> {
  const { vault } = ctx.expected;
  const expected = `vault ${vault.name} locked past its cooling-off period, retention ${vault.minRetentionDays} to ${vault.maxRetentionDays} days`;
  const result = (status: CheckResult['status'], found: string): CheckResult => ({ region: ctx.expected.region, check: 'Backup vault lock', expected, found, status });
  let live;
  try {
    live = await send(ctx.clients.backup, new DescribeBackupVaultCommand({ BackupVaultName: vault.name }));
  } catch (error) {
    if (error instanceof CallFailed && error.code === 'ResourceNotFoundException') return result('fail', `no vault named ${vault.name}`);
    throw error;
  }
  // Every answer about a vault names it; one that does not (e.g. `{}`) says nothing about its lock.
  if (!live.BackupVaultArn && !live.BackupVaultName) throw new NotChecked('missing-data', 'the answer of backup:DescribeBackupVault had no BackupVaultArn: nothing was read');
  // Until LockDate the lock can still be removed (the cooling-off period); after it, not even the root user can.
  const immutable = live.Locked === true && live.LockDate !== undefined && live.LockDate <= ctx.now;
  const lock = !live.Locked ? 'NOT locked' : immutable ? 'locked' : `locked but changeable until ${live.LockDate?.toISOString() ?? 'an unknown date'}`;
  const found = `${lock}, retention ${live.MinRetentionDays ?? '-'} to ${live.MaxRetentionDays ?? '-'} days`;
  const ok = immutable && live.MinRetentionDays === vault.minRetentionDays && live.MaxRetentionDays === vault.maxRetentionDays;
  return result(ok ? 'pass' : 'fail', found);
}

/** Each cell has its backup plan. */
export async function backupPlans(ctx: CheckContext): Promise<CheckResult> {
  const plans = await pageAll(ctx.clients.backup, (NextToken) => new ListBackupPlansCommand({ NextToken }), { items: 'BackupPlansList', next: 'NextToken' });
  const names = new Set(plans.map((p) => p.BackupPlanName));
  const failures = ctx.expected.backupPlans.filter((p) => !names.has(p.name)).map((p) => ({ resource: p.cell, found: `no plan ${p.name}` }));
  return verdict(ctx, 'Backup plans', `one plan per cell: ${ctx.expected.backupPlans.map((p) => p.name).join(', ')}`, ctx.expected.backupPlans.length, 'cells', failures);
}

/** The last restore test of each production cell's SQL nodes completed and validated within the last 35 days. */
export async function restoreTests(ctx: CheckContext): Promise<CheckResult> {
  const since = new Date(ctx.now.getTime() - RESTORE_TEST_MAX_AGE_DAYS * 86_400_000);
  const [jobs, nodes] = await Promise.all([
    pageAll(ctx.clients.backup, (NextToken) => new ListRestoreJobsCommand({ ByCreatedAfter: since, ByResourceType: 'EC2', NextToken }), { items: 'RestoreJobs', next: 'NextToken' }),
    sqlNodeInstances(ctx),
  ]);
  // Judge the latest finished test: one still restoring or validating on test day says nothing yet.
  const finished = (j: (typeof jobs)[number]) => ['COMPLETED', 'FAILED', 'ABORTED'].includes(j.Status ?? '') && j.ValidationStatus !== 'VALIDATING';
  const tested = jobs.filter((j) => j.CreatedBy?.RestoreTestingPlanArn && finished(j));
  const failures = ctx.expected.restoreTests.flatMap(({ cell }) => {
    const ids = nodes.filter((n) => n.cell === cell).map((n) => n.instanceId);
    const last = tested.filter((j) => ids.some((id) => j.SourceResourceArn?.endsWith(`/${id}`)))
      .sort((a, b) => (b.CreationDate?.getTime() ?? 0) - (a.CreationDate?.getTime() ?? 0))[0];
    if (!last) return [{ resource: cell, found: `no finished restore test since ${since.toISOString().slice(0, 10)}` }];
    if (last.Status !== 'COMPLETED' || last.ValidationStatus !== 'SUCCESSFUL') {
      return [{ resource: cell, found: `last test ${last.CreationDate?.toISOString().slice(0, 10)}: ${last.Status}, validation ${last.ValidationStatus ?? 'none'}` }];
    }
    return [];
  });
  return verdict(ctx, 'Restore tests', `the last restore test of each production cell succeeded within ${RESTORE_TEST_MAX_AGE_DAYS} days`, ctx.expected.restoreTests.length, 'production cells', failures);
}
