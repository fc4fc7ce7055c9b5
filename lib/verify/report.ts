import type { LiveFindingRow } from '../compliance/report/model';
import type { CheckResult, CheckStatus } from './types';

/** The rule set live results appear under in the compliance report. */
export const LIVE_PACK = 'Live posture';

/**
 * What `npm run verify -- --json FILE` writes (and `npm run compliance -- --live FILE` reads): when, the results,
 * and the same as rows of the compliance report, each `compliant`, `non-compliant` or `not-checked`.
 */
export interface LivePostureReport {
  readonly generatedAt: string;
  /** The process exit code of the run: 0 all read and passing, 1 something read and failing, 2 something not checked. */
  readonly exitCode: 0 | 1 | 2;
  readonly results: readonly CheckResult[];
  readonly findings: readonly LiveFindingRow[];
}

const notChecked = (s: CheckStatus) => s === 'not-checked' || s === 'error';
const MARK: Record<CheckStatus, string> = { pass: 'PASS', fail: 'FAIL', info: 'INFO', 'not-checked': 'NOT CHECKED', error: 'NOT CHECKED' };
const line = (r: CheckResult, found: string) =>
  `${MARK[r.status].padEnd(11)} ${r.region.padEnd(14)} ${r.check.padEnd(28)} expected: ${r.expected} | found: ${found}`;

/** One line per check: verdict, region, check, expected, found. */
export function formatResult(r: CheckResult): string {
  return line(r, r.found);
}

/** 1 when a check read something failing (whatever else could not be read); else 2 when anything was not checked; else 0. */
export function exitCodeOf(results: readonly CheckResult[]): 0 | 1 | 2 {
  if (results.some((r) => r.status === 'fail')) return 1;
  return results.some((r) => notChecked(r.status) || (r.unchecked?.length ?? 0) > 0) ? 2 : 0;
}

/** The summary line. */
export function summaryOf(results: readonly CheckResult[]): string {
  const n = (test: (s: CheckStatus) => boolean) => results.filter((r) => test(r.status)).length;
  const regions = new Set(results.map((r) => r.region)).size;
  return `${results.length} checks in ${regions} region(s): ${n((s) => s === 'pass')} passed, ${n((s) => s === 'fail')} failed, ${n(notChecked)} not checked, ${n((s) => s === 'info')} informational`;
}

/** The human report: the table, and each reason a check could not run, once, however many checks it stopped. */
export interface RenderedResults {
  readonly table: readonly string[];
  /** One line per distinct reason, numbered as the table refers to it. */
  readonly problems: readonly string[];
}

/** Renders the results; a region whose checks all stopped for one reason is one line. */
export function renderResults(results: readonly CheckResult[]): RenderedResults {
  const reasons: string[] = [];
  const ref = (found: string) => {
    if (!reasons.includes(found)) reasons.push(found);
    return `not checked, see [${reasons.indexOf(found) + 1}]`;
  };
  const table: string[] = [];
  for (const region of new Set(results.map((r) => r.region))) {
    const mine = results.filter((r) => r.region === region);
    if (mine.length > 1 && mine.every((r) => notChecked(r.status) && !r.unchecked?.length && r.found === mine[0].found)) {
      table.push(`${MARK['not-checked'].padEnd(11)} ${region.padEnd(14)} all ${mine.length} checks: ${ref(mine[0].found)}`);
      continue;
    }
    // A check stopped as a whole refers to its reason; one with some resources unread says which, in its line.
    mine.forEach((r) => table.push(notChecked(r.status) && !r.unchecked?.length ? line(r, ref(r.found)) : formatResult(r)));
  }
  const problems = reasons.map((reason, i) => {
    const affected = results.filter((r) => notChecked(r.status) && !r.unchecked?.length && r.found === reason);
    const regions = new Set(affected.map((r) => r.region));
    return `[${i + 1}] ${affected.length} check(s) in ${[...regions].join(', ')}: ${reason}`;
  });
  return { table, problems };
}

/** The results as rows of the compliance report: one per check, or per failing or unread resource; informational results are no evidence and stay out. */
export function liveRows(results: readonly CheckResult[], stageOf: (region: string) => string, generatedAt: string): LivePostureReport {
  const findings = results
    .filter((r) => r.status !== 'info')
    .flatMap((r): LiveFindingRow[] => {
      const row = (path: string, status: LiveFindingRow['status'], reason: string): LiveFindingRow => ({
        region: r.region,
        stage: stageOf(r.region),
        stack: '(live account)',
        path,
        pack: LIVE_PACK,
        rule: `Live-${r.check}`,
        check: r.check,
        level: 'error',
        status,
        reason,
        compensatingControl: '',
        acknowledgedAt: '',
      });
      const base = `${stageOf(r.region)}/live/${r.check}`;
      // A pass keeps what was found (e.g. when a drill last ran): the auditor report shows it.
      if (r.status === 'pass') return [row(base, 'compliant', r.found)];
      const resources = [
        ...(r.failures ?? []).map((f) => row(`${base}/${f.resource}`, 'non-compliant', `expected ${r.expected}; found ${f.found}`)),
        ...(r.unchecked ?? []).map((u) => row(`${base}/${u.resource}`, 'not-checked', u.found)),
      ];
      if (resources.length) return resources;
      return [notChecked(r.status) ? row(base, 'not-checked', r.found) : row(base, 'non-compliant', `expected ${r.expected}; found ${r.found}`)];
    });
  return { generatedAt, exitCode: exitCodeOf(results), results, findings };
}
