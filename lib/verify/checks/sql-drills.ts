import { AutomationExecutionMetadata, paginateDescribeAutomationExecutions } from '@aws-sdk/client-ssm';
import { collect } from '../resilience';
import { CheckContext, CheckResult } from '../types';

/** A drill must have succeeded within this many days: it is scheduled monthly. */
export const DRILL_MAX_AGE_DAYS = 35;

const day = (d?: Date) => d?.toISOString().replace('T', ' ').slice(0, 16) ?? '?';
const minutes = (e: AutomationExecutionMetadata) => (e.ExecutionStartTime && e.ExecutionEndTime
  ? `${Math.round((e.ExecutionEndTime.getTime() - e.ExecutionStartTime.getTime()) / 60_000)} min` : 'still running');

/**
 * Each cell's drills (the failover drill of a cluster, the restore drill of every cell): the last finished run of each
 * succeeded within {@link DRILL_MAX_AGE_DAYS} days. One result per drill, with when it last ran and how long it took.
 */
export async function sqlDrills(ctx: CheckContext): Promise<CheckResult[]> {
  const since = new Date(ctx.now.getTime() - DRILL_MAX_AGE_DAYS * 86_400_000);
  return Promise.all(ctx.expected.sqlDrills.map(async (drill): Promise<CheckResult> => {
    const runs = await collect(paginateDescribeAutomationExecutions({ client: ctx.clients.ssm }, {
      Filters: [{ Key: 'DocumentNamePrefix', Values: [drill.documentName] }, { Key: 'StartTimeAfter', Values: [since.toISOString()] }],
    }), (p) => p.AutomationExecutionMetadataList);
    const finished = runs.filter((r) => r.DocumentName === drill.documentName && !['Pending', 'InProgress', 'Waiting'].includes(r.AutomationExecutionStatus ?? ''))
      .sort((a, b) => (b.ExecutionStartTime?.getTime() ?? 0) - (a.ExecutionStartTime?.getTime() ?? 0));
    const check = `SQL Server drill: ${drill.cell} ${drill.kind}`;
    const expected = `the ${drill.kind} drill (${drill.documentName}) succeeded within ${DRILL_MAX_AGE_DAYS} days`;
    const base = { region: ctx.expected.region, check, expected };
    const last = finished[0];
    if (!last) return { ...base, status: 'fail', found: `no finished run since ${day(since)} UTC`, failures: [{ resource: drill.cell, found: `no finished run since ${day(since)} UTC` }] };
    const found = `last run ${day(last.ExecutionStartTime)} UTC: ${last.AutomationExecutionStatus} in ${minutes(last)} (${last.AutomationExecutionId})`;
    return last.AutomationExecutionStatus === 'Success'
      ? { ...base, status: 'pass', found }
      : { ...base, status: 'fail', found, failures: [{ resource: drill.cell, found }] };
  }));
}
