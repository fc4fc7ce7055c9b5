import { spawnSync } from 'child_process';
import { readFileSync } from 'fs';
import { join } from 'path';
import { NO_CREDENTIALS } from '../../lib/verify/aws-call';
import { parseVerifyArgs, UsageError } from '../../lib/verify/cli';
import type { LivePostureReport } from '../../lib/verify/report';
import { DEFAULT_CHECK_TIMEOUT_MS } from '../../lib/verify/limits';
import { slugOf } from '../../lib/config/names';
import { REGIONS } from '../../regions';
import { scratchDir, TS_REGISTER } from '../fixtures/assembly';

describe('npm run verify (scripts/verify.ts, on the shipped configuration it reads)', () => {
  // No credentials anywhere and the instance metadata service off: the default chain finds nothing, offline.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')));
  const offline = {
    ...env,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: '/nonexistent/config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
  };
  // The script itself, transpiled as the app's other entry points are (sucrase, cached), without npm's start-up.
  const verify = (...args: string[]) =>
    spawnSync(process.execPath, ['-r', TS_REGISTER, 'scripts/verify.ts', ...args], { encoding: 'utf8', env: offline, cwd: join(__dirname, '..', '..') });
  // The catalogue's first region, whichever it is (the expected posture of a region: expected-posture.test.ts).
  const [first] = REGIONS;
  const count = (text: string, part: string) => text.split(part).length - 1;

  test('without credentials exits 2, says so once with how to fix it, and writes the JSON for the report', () => {
    const file = join(scratchDir('halo-verify-'), 'live.json');
    const run = verify('--region', first.name, '--json', file);
    expect(run.status).toBe(2);
    expect(count(run.stdout + run.stderr, NO_CREDENTIALS)).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^\\[1\\] \\d+ check\\(s\\) in ${first.code}: No AWS credentials: .* Fix: set AWS_PROFILE`, 'm'));
    expect(run.stdout).toMatch(new RegExp(`^NOT CHECKED ${first.code} +all \\d+ checks: not checked, see \\[1\\]$`, 'm'));
    const report = JSON.parse(readFileSync(file, 'utf8')) as LivePostureReport;
    expect(report).toMatchObject({ exitCode: 2, generatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    expect(report.findings.length).toBeGreaterThan(10);
    report.findings.forEach((f) =>
      expect(f).toMatchObject({
        region: first.code,
        stage: first.name.replace(/[^A-Za-z]/g, ''),
        pack: 'Live posture',
        status: 'not-checked',
        reason: NO_CREDENTIALS,
      }),
    );
    expect(report.results.every((r) => r.status === 'not-checked' && r.errorKind === 'no-credentials')).toBe(true);
    expect(report.results.find((r) => r.check === 'CloudTrail trail')).toBeDefined();
  });

  test('--region=<slug> works, and --json - writes only the JSON to standard output, the report for people to standard error', () => {
    const run = verify(`--region=${slugOf(first.name)}`, '--json', '-');
    expect(run.status).toBe(2);
    const report = JSON.parse(run.stdout) as LivePostureReport;
    expect(new Set(report.findings.map((f) => f.region))).toEqual(new Set([first.code]));
    expect(run.stderr).toMatch(/not checked, see \[1\]/);
    expect(run.stderr).toMatch(/checks in 1 region\(s\): 0 passed, 0 failed, \d+ not checked/);
  });

  test('--help prints the usage, the exit codes and their precedence, and exits 0', () => {
    const run = verify('--help');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^usage: npm run verify -- \(--region <name or code>/);
    expect(run.stdout).toMatch(
      /Exit status, the first that applies:\n {2}2 {2}usage error[\s\S]*\n {2}1 {2}a check read the account and found something not as expected, even if other checks could not be read[\s\S]*\n {2}2 {2}nothing failed, but something could not be checked[\s\S]*\n {2}0 {2}every check read the account and passed/,
    );
  });

  test('a bad command line or an unknown region exits 2 with one line saying what is wrong, and the usage', () => {
    // The parser's refusals are tested below in-process; the script's own part is the exit code and the two lines.
    expect(verify('--region', 'paris')).toMatchObject({ status: 2, stderr: expect.stringMatching(/unknown: paris/) });
    expect(verify('--all', '--json')).toMatchObject({
      status: 2,
      stderr: expect.stringMatching(/^verify: Option '--json <value>' argument missing\nusage: npm run verify -- \(--region <name or code>.*\[--help\]\n$/),
    });
  });
});

describe('the command line (util.parseArgs)', () => {
  test('takes regions repeated, comma-separated or as --region=x, and --all', () => {
    expect(parseVerifyArgs(['--region=london', '--region', 'frankfurt,eu-west-1'])).toEqual({
      help: false,
      regions: 'london,frankfurt,eu-west-1',
      json: undefined,
      checkTimeoutMs: DEFAULT_CHECK_TIMEOUT_MS,
    });
    expect(parseVerifyArgs(['--all', '--json', 'out/live.json', '--check-timeout', '30'])).toEqual({
      help: false,
      regions: undefined,
      json: 'out/live.json',
      checkTimeoutMs: 30_000,
    });
    expect(parseVerifyArgs(['--all', '--json=-'])).toMatchObject({ json: '-' });
    expect(parseVerifyArgs(['-h'])).toMatchObject({ help: true });
  });

  test.each([
    [[], 'say which regions: --region <name or code> (repeatable) or --all'],
    [['--all', '--region', 'london'], 'give either --all or --region, not both'],
    [['--region', ''], '--region needs a region name or code, e.g. --region london'],
    [['--all', 'london'], "Unexpected argument 'london'. This command does not take positional arguments"],
    [['--all', '--verbose'], "Unknown option '--verbose'"],
    [['--all', '--json', '--region', 'x'], "Option '--json' argument is ambiguous."],
    [['--all', '--check-timeout', '0'], '--check-timeout is 0; allowed: seconds, more than 0 and at most 3600'],
    [['--all', '--check-timeout', 'soon'], '--check-timeout is soon; allowed: seconds, more than 0 and at most 3600'],
  ])('refuses %j: %s', (argv, message) => {
    expect(() => parseVerifyArgs(argv)).toThrow(new UsageError(message));
  });
});
