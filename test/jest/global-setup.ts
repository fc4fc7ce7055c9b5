import { ChildProcess, spawn } from 'child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { FIXTURE_FILES, TS_REGISTER } from '../fixtures/assembly';

/** The run's fixture synth, for the teardown (Jest shares globals between globalSetup and globalTeardown only). */
export interface FixtureSynth {
  readonly root: string;
  readonly process: ChildProcess;
}

declare global {
  var haloFixtureSynth: FixtureSynth | undefined;
}

/**
 * Makes the run's folder and starts the one synth of the fixture app beside the tests (they wait for what they read).
 * Every temporary file of the run, the tests' and their child processes', goes into that folder: the teardown removes it.
 */
export default function globalSetup(): void {
  const root = mkdtempSync(join(tmpdir(), 'halo-test-'));
  const scratch = join(root, 'tmp');
  mkdirSync(scratch);
  process.env.HALO_TEST_ROOT = root;
  // Workers and child processes inherit this environment; os.tmpdir() reads TMPDIR at each call.
  process.env.TMPDIR = scratch;
  const log = openSync(join(root, FIXTURE_FILES.log), 'w');
  const synth = spawn(process.execPath, ['-r', TS_REGISTER, join(__dirname, '..', 'fixtures', 'synthesize-fixture.ts'), root], {
    cwd: join(__dirname, '..', '..'),
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  writeFileSync(join(root, FIXTURE_FILES.pid), String(synth.pid));
  synth.on('exit', (code, signal) => {
    const done = join(root, FIXTURE_FILES.done);
    if (!existsSync(done)) writeFileSync(done, JSON.stringify({ code: code || 1, error: `the synth process ended (${signal ?? `exit code ${code}`})` }));
  });
  globalThis.haloFixtureSynth = { root, process: synth };
}
