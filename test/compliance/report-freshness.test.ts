import { spawnSync } from 'child_process';
import { appendFileSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { App } from 'aws-cdk-lib';
import { readValidationReport } from '../../lib/compliance';
import { buildComplianceReport, readLivePosture, ReportRefused, writeComplianceReport } from '../../lib/compliance/report';
import { freshEvidence, parseDuration } from '../../lib/compliance/report/freshness';
import { guardSynthArgs } from '../../lib/compliance/report/guard-synth';
import { finishSynthAttempt, readSynthAttempt, startSynthAttempt, SYNTH_ATTEMPT_FILE } from '../../lib/compliance/report/synth-attempt';
import { liveRows } from '../../lib/verify/report';
import type { CheckResult } from '../../lib/verify/types';
import { synthesizeHalo } from '../../stacks/synthesize';
import { fixtureInput } from '../fixtures/config';
import { scratchDir, TS_REGISTER } from '../fixtures/assembly';
import { fixtureAssembly, runCompliance } from './report-fixture';

const refusal = (dir: string) => {
  try {
    writeComplianceReport(dir);
  } catch (error) {
    if (error instanceof ReportRefused) return error.message;
    throw error;
  }
  throw new Error('the report was written');
};

const NOT_CHECKED: CheckResult = {
  region: 'eu-west-2',
  check: 'Backup plans',
  expected: 'one plan per cell',
  found: 'Access denied for backup:ListBackupPlans.',
  status: 'error',
  errorKind: 'access-denied',
};

describe('npm run compliance reports only the evidence of the latest synth attempt', () => {
  test('a synth that stops on a configuration error after a good one: refused, saying what to run', async () => {
    const dir = fixtureAssembly({ clean: true });
    expect(() => writeComplianceReport(dir)).not.toThrow();
    // The app's own synth path, on a configuration that fails validation (no threads: it stops before building).
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const app = new App({ outdir: dir, context: { 'halo:proofs': 'off' }, builtinCloudFormationValidation: false });
    const code = await synthesizeHalo(app, { input: { ...fixtureInput(), account: 'not-an-account' } });
    expect(code).toBe(1);
    jest.restoreAllMocks();
    expect(readSynthAttempt(dir)).toMatchObject({ outcome: 'config-error' });
    expect(refusal(dir)).toMatch(
      /^the last synth attempt \(run [0-9a-f-]{36}, started .*\) stopped on a configuration error \(.*account is "not-an-account".*\); fix it and run `npx cdk synth && npm run compliance`$/,
    );
    const run = runCompliance('--assembly', dir);
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  test('a synth whose configuration does not even load, after a good one: recorded as crashed before anything else, refused', () => {
    const dir = fixtureAssembly({ clean: true });
    expect(() => writeComplianceReport(dir)).not.toThrow();
    const preload = join(__dirname, 'preload', 'broken-region.js');
    const app = spawnSync(process.execPath, ['-r', TS_REGISTER, '-r', preload, 'bin/halo.ts'], {
      encoding: 'utf8',
      cwd: join(__dirname, '..', '..'),
      env: { ...process.env, CDK_OUTDIR: dir },
    });
    expect(app.status).toBe(1);
    // One line, no stack trace: the configuration is code, and its typos are configuration mistakes.
    expect(app.stderr.trim().split('\n')).toEqual([
      'The app could not load (a syntax or import error in the configuration or code): Error transforming regions/london.ts: Unexpected token (9:11)',
    ]);
    expect(readSynthAttempt(dir)).toMatchObject({ outcome: 'crashed', message: expect.stringContaining('regions/london.ts') });
    expect(refusal(dir)).toMatch(/crashed before its evidence was complete \(the app could not load: .*regions\/london\.ts/);
  });

  test('evidence of another run, an attempt still running, or no attempt record: refused', () => {
    const dir = fixtureAssembly({ clean: true });
    const attempt = startSynthAttempt(dir);
    expect(refusal(dir)).toMatch(/has not finished: it is still running or was stopped/);
    finishSynthAttempt(dir, attempt, 'succeeded');
    expect(refusal(dir)).toMatch(new RegExp(`comes from run [0-9a-f-]{36}, started .*, not from the last synth attempt \\(run ${attempt.runId}`));
    finishSynthAttempt(dir, attempt, 'crashed', 'Error: boom\n    at stack');
    expect(refusal(dir)).toMatch(/crashed before its evidence was complete \(Error: boom\)/);
    rmSync(join(dir, SYNTH_ATTEMPT_FILE));
    expect(refusal(dir)).toMatch(/records no synth attempt/);
  });

  test('a template edited after the synth: refused, naming it', () => {
    const dir = fixtureAssembly({ clean: true });
    expect(freshEvidence(dir).evidence.provenance.templates.map((t) => t.path)).toEqual(['Fixture.template.json']);
    appendFileSync(join(dir, 'Fixture.template.json'), ' ');
    expect(refusal(dir)).toMatch(/^Fixture.template.json was changed since the last synth attempt/);
    rmSync(join(dir, 'Fixture.template.json'));
    expect(refusal(dir)).toMatch(/^Fixture.template.json is gone/);
  });
});

describe('live posture: only when given, never stale, and a check that could not run is neither pass nor failure', () => {
  const now = new Date('2026-11-24T12:00:00Z');
  const write = (generatedAt: string, results: CheckResult[]) => {
    const file = join(scratchDir('halo-live-'), 'live-posture.json');
    writeFileSync(file, JSON.stringify(liveRows(results, () => 'London', generatedAt)));
    return file;
  };

  test("older than the limit, from the future, or not the verifier's JSON: refused", () => {
    const day = parseDuration('24h')!;
    expect(() => readLivePosture(write('2026-11-23T11:00:00Z', [NOT_CHECKED]), { maxAgeMs: day, now })).toThrow(
      /taken 2026-11-23T11:00:00Z, 25 h ago, older than the limit of 24 h/,
    );
    expect(readLivePosture(write('2026-11-23T13:00:00Z', [NOT_CHECKED]), { maxAgeMs: day, now }).findings).toHaveLength(1);
    expect(() => readLivePosture(write('2026-11-25T00:00:00Z', []), { maxAgeMs: day, now })).toThrow(/after now/);
    const notJson = join(scratchDir('halo-live-'), 'x.json');
    writeFileSync(notJson, '{"results": []}');
    expect(() => readLivePosture(notJson, { maxAgeMs: day, now })).toThrow(/needs generatedAt and findings/);
    expect([parseDuration('90m'), parseDuration('2d'), parseDuration('0h'), parseDuration('1w')]).toEqual([5_400_000, 172_800_000, undefined, undefined]);
  });

  test('npm run compliance: a stale --live or an unknown option exits 2 with one line; --help exits 0', () => {
    const dir = fixtureAssembly({ clean: true });
    const stale = write('2020-01-01T00:00:00Z', [NOT_CHECKED]);
    for (const args of [
      ['--live', stale],
      ['--live', stale, '--live-max-age', 'soon'],
    ]) {
      const run = runCompliance('--assembly', dir, ...args);
      expect({ args, status: run.status, lines: run.stderr.trim().split('\n').length }).toEqual({ args, status: 2, lines: 1 });
    }
    expect(runCompliance('--help')).toMatchObject({ status: 0, stdout: expect.stringContaining('--live-max-age <age>') });
  });

  test('a check that could not run is counted neither compliant nor non-compliant, and does not fail the report', () => {
    const dir = fixtureAssembly({ clean: true });
    const live = write(new Date().toISOString(), [NOT_CHECKED]);
    const without = buildComplianceReport(freshEvidence(dir).evidence, readValidationReport(dir), now);
    const withLive = buildComplianceReport(freshEvidence(dir).evidence, readValidationReport(dir), now, readLivePosture(live, { maxAgeMs: 3_600_000 }));
    expect(withLive.totals).toEqual(without.totals);
    expect(withLive.unresolved).toEqual([]);
    expect(withLive.notChecked).toEqual(['eu-west-2 Live-Backup plans at London/live/Backup plans: not checked: Access denied for backup:ListBackupPlans.']);
    expect(withLive.findings.find((f) => f.rule === 'Live-Backup plans')).toMatchObject({ status: 'not-checked', ruleTitle: 'Backup plans' });
    const run = runCompliance('--assembly', dir, '--live', live);
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('NOT CHECKED eu-west-2 Live-Backup plans');
    expect(run.stderr).not.toContain('NON-COMPLIANT');
  });
});

describe('npm run compliance -- --guard synthesizes the reported synth again', () => {
  test('with the context that synth recorded (its account, proofs, regions), cfn-guard on', () => {
    const dir = scratchDir('halo-guard-args-');
    const app = new App({ outdir: dir, context: { 'halo:account': '123456789012', 'halo:proofs': 'off', regions: 'london', unrelated: 'x' } });
    const attempt = startSynthAttempt(dir, new Date(), app.node.getAllContext());
    expect(attempt.context).toEqual({ 'halo:account': '123456789012', 'halo:proofs': 'off', regions: 'london' });
    expect(readSynthAttempt(dir)?.context).toEqual(attempt.context);
    expect(guardSynthArgs(dir, ['London'], attempt.context)).toEqual([
      'cdk',
      'synth',
      '--quiet',
      '-o',
      dir,
      '-c',
      'halo:account=123456789012',
      '-c',
      'halo:proofs=off',
      '-c',
      'halo:guard=on',
      '-c',
      'regions=London',
    ]);
  });
});
