import { NotChecked, notCheckedOf } from './aws-call';
import { auditTrail } from './checks/audit-trail';
import { backupPlans, backupVaultLock, restoreTests } from './checks/backup';
import { rdsClusters, rdsInstances, rdsSnapshots } from './checks/rds';
import { S3_CHECKS, s3Buckets } from './checks/s3';
import { drillCheckName, sqlDrills } from './checks/sql-drills';
import { sqlNodes } from './checks/sql-nodes';
import { configRecorder, guardDutyDetector, securityHubFailedControls, securityHubStandards } from './checks/threat-detection';
import { DEFAULT_CHECK_TIMEOUT_MS } from './limits';
import { mapPool } from './paging';
import { CheckContext, CheckResult, ExpectedPosture, RegionClients } from './types';

/** One check of a region: what it runs, and the names of the results it gives (each "not checked" if it cannot run). */
export interface CheckDefinition {
  readonly name: string;
  readonly run: (ctx: CheckContext) => Promise<CheckResult | CheckResult[]>;
  readonly results: (expected: ExpectedPosture) => readonly string[];
}

const one = (name: string, run: CheckDefinition['run']): CheckDefinition => ({ name, run, results: () => [name] });

/** The checks of a region, in the order they are printed. */
export const CHECKS: readonly CheckDefinition[] = [
  one('RDS DB instances', rdsInstances),
  one('RDS DB clusters', rdsClusters),
  one('RDS snapshots', rdsSnapshots),
  { name: 'S3 buckets', run: s3Buckets, results: () => S3_CHECKS },
  one('GuardDuty detector', guardDutyDetector),
  one('Security Hub standards', securityHubStandards),
  one('Security Hub failed controls', securityHubFailedControls),
  one('AWS Config recorder', configRecorder),
  one('CloudTrail trail', auditTrail),
  one('Backup vault lock', backupVaultLock),
  one('Backup plans', backupPlans),
  one('Restore tests', restoreTests),
  one('SQL Server nodes', sqlNodes),
  { name: 'SQL Server drills', run: sqlDrills, results: (expected) => expected.sqlDrills.map(drillCheckName) },
];

/** Options of {@link verifyRegion}. */
export interface VerifyOptions {
  readonly now?: Date;
  /** Checks run at once. @default 6 */
  readonly checksInFlight?: number;
  /** Calls in flight within one check. @default 16 */
  readonly callsInFlight?: number;
  /** A check still running after this long is "not checked". @default DEFAULT_CHECK_TIMEOUT_MS */
  readonly checkTimeoutMs?: number;
  /** Told as each check finishes (the progress indicator). */
  readonly onCheckDone?: (check: string) => void;
}

/** Every result a check gives, "not checked" for `reason`. */
export function notCheckedResults(expected: ExpectedPosture, check: CheckDefinition, reason: NotChecked): CheckResult[] {
  return check.results(expected).map((name) => ({
    region: expected.region,
    check: name,
    expected: 'read from the account',
    found: reason.message,
    status: 'not-checked',
    errorKind: reason.kind,
  }));
}

/** Every result of a region, "not checked" for `reason` (e.g. no credentials for its account). */
export function regionNotChecked(expected: ExpectedPosture, reason: NotChecked): CheckResult[] {
  return CHECKS.flatMap((check) => notCheckedResults(expected, check, reason));
}

/**
 * The clients, refusing any call once `signal` aborts: a check past its deadline makes no more calls in the background
 * (the calls in flight end by their own request timeout), so the run ends soon after its last deadline.
 */
function untilAborted(clients: RegionClients, signal: AbortSignal): RegionClients {
  const guard = <C extends { send: (...args: never[]) => Promise<unknown> }>(client: C): C => {
    // Object.create keeps the client's prototype (config, middleware), so the guarded client is still that client.
    const guarded = Object.create(client) as C;
    guarded.send = (...args: never[]) => (signal.aborted ? Promise.reject(signal.reason) : client.send(...args));
    return guarded;
  };
  return Object.fromEntries(Object.entries(clients).map(([k, c]) => [k, guard(c)])) as unknown as RegionClients;
}

/** Runs `check` with `ms` to finish; past that, NotChecked (and its clients refuse further calls). */
async function withDeadline<T>(ctx: CheckContext, ms: number, check: (ctx: CheckContext) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const expired = new NotChecked('timeout', `the check did not finish within ${ms / 1000} s (--check-timeout)`);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort(expired);
      reject(expired);
    }, ms);
  });
  try {
    return await Promise.race([check({ ...ctx, clients: untilAborted(ctx.clients, controller.signal) }), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Checks one region's live account against its expected posture, whose credentials were found to be the account's
 * (identity.ts). A check that cannot run, or runs past its deadline, gives "not checked" results: never a pass.
 */
export async function verifyRegion(expected: ExpectedPosture, clients: RegionClients, options: VerifyOptions = {}): Promise<CheckResult[]> {
  const ctx: CheckContext = { clients, expected, now: options.now ?? new Date(), concurrency: options.callsInFlight, memo: new Map() };
  const results = await mapPool(CHECKS, options.checksInFlight ?? 6, async (check) => {
    try {
      const result = await withDeadline(ctx, options.checkTimeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS, check.run);
      return Array.isArray(result) ? result : [result];
    } catch (error) {
      return notCheckedResults(expected, check, notCheckedOf(error));
    } finally {
      options.onCheckDone?.(check.name);
    }
  });
  return results.flat();
}
