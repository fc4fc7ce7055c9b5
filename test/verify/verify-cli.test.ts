import { spawnSync } from 'child_process';
import { readFileSync } from 'fs';
import { join } from 'path';
import type { LivePostureReport } from '../../lib/verify/report';
import { REGIONS } from '../../regions';
import { cdkJsonContext, scratchDir } from '../fixtures/assembly';

describe('npm run verify (scripts/verify.ts, on the shipped configuration it reads)', () => {
  // No credentials anywhere and the instance metadata service off: the default chain finds nothing, offline.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')));
  const offline = { ...env, AWS_EC2_METADATA_DISABLED: 'true', AWS_CONFIG_FILE: '/nonexistent/config', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials' };
  // The script itself, transpiled as the app's other entry points are (sucrase), without npm's and ts-node's start-up.
  const verify = (...args: string[]) => spawnSync(process.execPath, ['-r', 'sucrase/register/ts', 'scripts/verify.ts', ...args], { encoding: 'utf8', env: offline, cwd: join(__dirname, '..', '..') });
  // The catalogue's first region, whichever it is (the expected posture of a region: expected-posture.test.ts).
  const [first] = REGIONS;
  const account = first.account ?? String(cdkJsonContext()['halo:account']);

  test('without credentials exits 2, says so and how to fix it, and writes the JSON for the report', () => {
    const file = join(scratchDir('halo-verify-'), 'live.json');
    const run = verify('--region', first.name, '--json', file);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`Could not check ${first.name} (${first.code}): No AWS credentials: `);
    expect(run.stderr).toMatch(/No AWS credentials: .* Fix: set AWS_PROFILE/);
    expect(run.stdout).toMatch(new RegExp(`^ERROR +${first.code} +account access +expected: credentials for account ${account}`, 'm'));
    const report = JSON.parse(readFileSync(file, 'utf8')) as LivePostureReport;
    expect(report.findings).toEqual([expect.objectContaining({ region: first.code, stage: first.name.replace(/[^A-Za-z]/g, ''), pack: 'Live posture', status: 'not-checked', reason: expect.stringMatching(/^No AWS credentials/) })]);
  });

  test('refuses an unknown region or no region, naming what is allowed', () => {
    expect(verify('--region', 'paris')).toMatchObject({ status: 2, stderr: expect.stringMatching(/unknown: paris/) });
    expect(verify()).toMatchObject({ status: 2, stderr: expect.stringMatching(/usage: npm run verify -- --region <name or code>/) });
  });
});
