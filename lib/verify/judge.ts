import { NotChecked } from './aws-call';
import { mapPool } from './paging';
import type { CheckContext, CheckResult, ResourceFinding } from './types';

/** What a check judged of its resources: those that fail, and those it could not read. */
export interface Judgement {
  readonly failures: ResourceFinding[];
  readonly unchecked: ResourceFinding[];
}

const list = (items: readonly ResourceFinding[]) =>
  `${items
    .slice(0, 5)
    .map((f) => `${f.resource} (${f.found})`)
    .join('; ')}${items.length > 5 ? `; and ${items.length - 5} more` : ''}`;

/** How {@link verdict} treats a check with nothing to judge. */
export interface VerdictOptions {
  /** Resources the app declares here: judging none of them is no pass. @default false */
  readonly expectSome?: boolean;
}

/**
 * The result of a check over `checked` resources: `fail` if any fails; else `not-checked` if any could not be read
 * (or none was found where some are expected); else `pass`.
 */
export function verdict(
  ctx: CheckContext,
  check: string,
  expected: string,
  checked: number,
  noun: string,
  judged: Judgement | ResourceFinding[],
  options: VerdictOptions = {},
): CheckResult {
  const { failures, unchecked } = Array.isArray(judged) ? { failures: judged, unchecked: [] } : judged;
  const base = { region: ctx.expected.region, check, expected };
  const notRead = unchecked.length ? `${unchecked.length} of ${checked} ${noun} not checked: ${list(unchecked)}` : '';
  if (failures.length) {
    return {
      ...base,
      status: 'fail',
      found: `${failures.length} of ${checked} ${noun} not: ${list(failures)}${notRead ? `; ${notRead}` : ''}`,
      failures,
      unchecked,
    };
  }
  if (unchecked.length) return { ...base, status: 'not-checked', found: notRead, failures, unchecked, errorKind: 'partial' };
  if (checked === 0 && options.expectSome)
    return { ...base, status: 'not-checked', found: `no ${noun} found to check`, failures, unchecked, errorKind: 'missing-data' };
  return {
    ...base,
    status: 'pass',
    found: checked === 0 ? `no ${noun} in ${ctx.expected.region}` : `${checked} ${noun}, all as expected`,
    failures,
    unchecked,
  };
}

/** One resource's findings, each read separately: a problem, or a reason it could not be read. */
export type Finding = Promise<string[]>;

/**
 * Judges each item by its findings (read with at most `ctx.concurrency` items at once): an item with a problem fails
 * (naming what could not be read besides); one with none but a read that failed ({@link NotChecked}) is unchecked.
 */
export async function judgeEach<T>(
  ctx: CheckContext,
  items: readonly T[],
  resourceOf: (item: T) => string,
  findingsOf: (item: T) => Finding[],
): Promise<Judgement> {
  const judged = await mapPool(items, ctx.concurrency ?? 16, async (item) => {
    const settled = await Promise.allSettled(findingsOf(item));
    const problems = settled.flatMap((s) => (s.status === 'fulfilled' ? s.value : []));
    const unread = settled.flatMap((s) => {
      if (s.status === 'fulfilled') return [];
      if (s.reason instanceof NotChecked) return [s.reason.message];
      throw s.reason;
    });
    return { resource: resourceOf(item), problems, unread: [...new Set(unread)] };
  });
  return {
    failures: judged
      .filter((j) => j.problems.length)
      .map((j) => ({ resource: j.resource, found: [...j.problems, ...j.unread.map((u) => `not checked: ${u}`)].join(', ') })),
    unchecked: judged.filter((j) => !j.problems.length && j.unread.length).map((j) => ({ resource: j.resource, found: j.unread.join('; ') })),
  };
}
