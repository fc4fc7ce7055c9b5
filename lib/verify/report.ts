import { EVIDENCE_FILES } from '../compliance/evidence';
import type { FindingRow } from '../compliance/report/model';
import type { CheckResult } from './types';

/** The rule set live results appear under in the compliance report. */
export const LIVE_PACK = 'Live posture';

/** The file `npm run verify -- --json` writes by default, which `npm run compliance` includes. */
export const LIVE_POSTURE_FILE = EVIDENCE_FILES.livePosture;

/** What `--json` writes: the results, and the same as rows of the compliance report. */
export interface LivePostureReport {
  readonly generatedAt: string;
  readonly results: readonly CheckResult[];
  readonly findings: readonly FindingRow[];
}

const MARK: Record<CheckResult['status'], string> = { pass: 'PASS', fail: 'FAIL', info: 'INFO', error: 'ERROR' };

/** One line per check: region, check, expected, found, verdict. */
export function formatResult(r: CheckResult): string {
  return `${MARK[r.status].padEnd(5)} ${r.region.padEnd(14)} ${r.check.padEnd(28)} expected: ${r.expected} | found: ${r.found}`;
}

/** 0 when every check holds, 1 on any failure, 2 when nothing failed but something could not be checked. */
export function exitCodeOf(results: readonly CheckResult[]): 0 | 1 | 2 {
  if (results.some((r) => r.status === 'fail')) return 1;
  return results.some((r) => r.status === 'error') ? 2 : 0;
}

/** The summary line. */
export function summaryOf(results: readonly CheckResult[]): string {
  const n = (s: CheckResult['status']) => results.filter((r) => r.status === s).length;
  const regions = new Set(results.map((r) => r.region)).size;
  return `${results.length} checks in ${regions} region(s): ${n('pass')} passed, ${n('fail')} failed, ${n('error')} could not be checked, ${n('info')} informational`;
}

/** The results as rows of the compliance report: one per check, or per failing resource; informational results are no evidence and stay out. */
export function liveRows(results: readonly CheckResult[], stageOf: (region: string) => string, generatedAt: string): LivePostureReport {
  const findings = results.filter((r) => r.status !== 'info').flatMap((r): FindingRow[] => {
    const row = (path: string, status: FindingRow['status'], reason: string): FindingRow => ({
      region: r.region, stage: stageOf(r.region), stack: '(live account)', path, pack: LIVE_PACK, rule: `Live-${r.check}`, check: r.check,
      level: 'error', status, reason, compensatingControl: '', acknowledgedAt: '',
    });
    const base = `${stageOf(r.region)}/live/${r.check}`;
    // A pass keeps what was found (e.g. when a drill last ran): the auditor report shows it.
    if (r.status === 'pass') return [row(base, 'compliant', r.found)];
    if (r.failures?.length) return r.failures.map((f) => row(`${base}/${f.resource}`, 'non-compliant', `expected ${r.expected}; found ${f.found}`));
    return [row(base, r.status === 'error' ? 'not-checked' : 'non-compliant', r.status === 'error' ? r.found : `expected ${r.expected}; found ${r.found}`)];
  });
  return { generatedAt, results, findings };
}
