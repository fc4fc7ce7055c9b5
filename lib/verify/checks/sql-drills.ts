import { AutomationExecutionMetadata, DescribeAutomationExecutionsCommand } from '@aws-sdk/client-ssm';
import { notCheckedOf } from '../aws-call';
import { pageAll } from '../paging';
import { CheckContext, CheckResult, ExpectedPosture } from '../types';

/** A drill must have succeeded within this many days: it is scheduled monthly. */
export const DRILL_MAX_AGE_DAYS = 35;

const day = (d?: Date) => d?.toISOString().replace('T', ' ').slice(0, 16) ?? '?';
const minutes = (e: AutomationExecutionMetadata) =>
  e.ExecutionStartTime && e.ExecutionEndTime ? `${Math.round((e.ExecutionEndTime.getTime() - e.ExecutionStartTime.getTime()) / 60_000)} min` : 'still running';

/** The name of a drill's result, which the compliance report looks up. */
export const drillCheckName = (drill: ExpectedPosture['sqlDrills'][number]) => `SQL Server drill: ${drill.cell} ${drill.kind}`;

/** One drill: the last finished run succeeded within {@link DRILL_MAX_AGE_DAYS} days; its runs not readable, not checked. */
async function drillResult(ctx: CheckContext, drill: ExpectedPosture['sqlDrills'][number]): Promise<CheckResult> {
  const since = new Date(ctx.now.getTime() - DRILL_MAX_AGE_DAYS * 86_400_000);
  const base = {
    region: ctx.expected.region,
    check: drillCheckName(drill),
    expected: `the ${drill.kind} drill (${drill.documentName}) succeeded within ${DRILL_MAX_AGE_DAYS} days`,
  };
  let runs: AutomationExecutionMetadata[];
  try {
    runs = await pageAll(
      ctx.clients.ssm,
      (NextToken) =>
        new DescribeAutomationExecutionsCommand({
          Filters: [
            { Key: 'DocumentNamePrefix', Values: [drill.documentName] },
            { Key: 'StartTimeAfter', Values: [since.toISOString()] },
          ],
          NextToken,
        }),
      { items: 'AutomationExecutionMetadataList', next: 'NextToken' },
    );
  } catch (error) {
    const reason = notCheckedOf(error);
    return { ...base, status: 'not-checked', found: reason.message, errorKind: reason.kind };
  }
  // A run without its document, status or (finished) start time may be this drill's latest: the drill is not checked.
  const ours = runs.filter((r) => r.DocumentName === drill.documentName || r.DocumentName === undefined);
  const running = (r: AutomationExecutionMetadata) => ['Pending', 'InProgress', 'Waiting'].includes(r.AutomationExecutionStatus ?? '');
  const unread = ours.filter(
    (r) => r.DocumentName === undefined || r.AutomationExecutionStatus === undefined || (!running(r) && r.ExecutionStartTime === undefined),
  );
  if (unread.length) {
    return {
      ...base,
      status: 'not-checked',
      errorKind: 'missing-data',
      found: `the answer of ssm:DescribeAutomationExecutions had no DocumentName, AutomationExecutionStatus or ExecutionStartTime for run ${unread.map((r) => r.AutomationExecutionId ?? '?').join(', ')}: nothing was read`,
    };
  }
  const finished = ours.filter((r) => !running(r)).sort((a, b) => b.ExecutionStartTime!.getTime() - a.ExecutionStartTime!.getTime());
  const last = finished[0];
  if (!last)
    return {
      ...base,
      status: 'fail',
      found: `no finished run since ${day(since)} UTC`,
      failures: [{ resource: drill.cell, found: `no finished run since ${day(since)} UTC` }],
    };
  const found = `last run ${day(last.ExecutionStartTime)} UTC: ${last.AutomationExecutionStatus} in ${minutes(last)} (${last.AutomationExecutionId})`;
  return last.AutomationExecutionStatus === 'Success'
    ? { ...base, status: 'pass', found }
    : { ...base, status: 'fail', found, failures: [{ resource: drill.cell, found }] };
}

/**
 * Each cell's drills (the failover drill of a cluster, the restore drill of every cell): one result per drill, with
 * when it last ran and how long it took.
 */
export async function sqlDrills(ctx: CheckContext): Promise<CheckResult[]> {
  // eslint-disable-next-line @cdklabs/promiseall-no-unbounded-parallelism -- one per drill the region expects: a few per cell
  return Promise.all(ctx.expected.sqlDrills.map((drill) => drillResult(ctx, drill)));
}
