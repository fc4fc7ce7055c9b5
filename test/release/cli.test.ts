import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parseReleaseArgs, USAGE } from '../../lib/release/cli';
import { APPLY_USAGE } from '../../lib/release/execute-args';
import { runRelease } from '../../scripts/release';
import { NOW } from './fixtures';

describe('npm run release: the command line', () => {
  test('plan with every option', () => {
    expect(parseReleaseArgs(['plan', '--channel', 'stable', '--version', '2.133.2', '--start', '2027-01-04', '--patch', '--out', 'x'])).toEqual({
      command: 'plan',
      channel: 'stable',
      version: '2.133.2',
      start: new Date('2027-01-04T00:00:00Z'),
      patch: true,
      out: 'x',
    });
    expect(parseReleaseArgs(['plan', '--channel=beta', '--version=2.134.0', '--start=2026-12-01T18:30+01:00'])).toEqual({
      command: 'plan',
      channel: 'beta',
      version: '2.134.0',
      start: new Date('2026-12-01T17:30:00Z'),
      patch: false,
    });
    expect(parseReleaseArgs(['--help'])).toEqual({ command: 'help' });
    expect(parseReleaseArgs(['plan', '-h'])).toEqual({ command: 'help' });
    expect(parseReleaseArgs(['apply', '--plan', 'p.json'])).toEqual({ command: 'apply', args: ['--plan', 'p.json'] });
  });

  test.each([
    [[], 'say what to do: plan (or apply)'],
    [['deploy'], 'unknown command "deploy"; allowed: plan, apply'],
    [['plan', '--version', '2.134.0'], '--channel is required: beta or stable'],
    [['plan', '--channel', 'alpha', '--version', '2.134.0'], '--channel "alpha" is not a channel; allowed: beta, stable'],
    [['plan', '--channel', 'beta'], '--version is required, e.g. --version 2.133.2'],
    [['plan', '--channel', 'beta', '--version', '2.134'], '--version "2.134" is not major.minor.patch'],
    [['plan', '--channel', 'beta', '--version', '2.134.0', '--start', '2026-12-01 18:00'], '--start "2026-12-01 18:00" is not a date'],
    [['plan', '--channel', 'beta', '--version', '2.134.0', '--start', '2026-02-30'], '--start "2026-02-30" is not a date'],
    [['plan', '--channel', 'beta', '--version', '2.134.0', '--wave', '1'], "Unknown option '--wave'"],
    [['plan', 'beta'], "Unexpected argument 'beta'"],
  ])('%j exits 2 with one line and the usage', async (argv, message) => {
    const errors: string[] = [];
    expect(await runRelease(argv, { root: '/nonexistent', now: NOW, log: () => undefined, error: (t) => errors.push(t) })).toBe(2);
    expect(errors).toHaveLength(1);
    const [line, usage, ...rest] = errors[0].split('\n');
    expect(line.startsWith(`release: ${message}`)).toBe(true);
    expect(usage).toBe(USAGE);
    // Without a known command, apply's usage follows plan's.
    expect(rest).toEqual(argv[0] === 'plan' ? [] : [APPLY_USAGE]);
  });
});

describe('npm run release -- plan, in process', () => {
  const repo = join(__dirname, '..', '..');
  const root = () => {
    const dir = mkdtempSync(join(tmpdir(), 'release-'));
    cpSync(join(repo, 'releases', 'channels.json'), join(dir, 'releases', 'channels.json'));
    cpSync(join(repo, 'releases', 'cells.json'), join(dir, 'releases', 'cells.json'));
    return dir;
  };
  const run = async (dir: string, argv: string[]) => {
    const out = { log: [] as string[], error: [] as string[] };
    const code = await runRelease(argv, { root: dir, now: NOW, log: (t) => out.log.push(t), error: (t) => out.error.push(t) });
    return { code, ...out };
  };

  test('prints the table and writes plan.json, plan.md and plan.ics under releases/plans/<channel>-<version>/', async () => {
    const dir = root();
    const { code, log, error } = await run(dir, ['plan', '--channel', 'beta', '--version', '2.134.0']);
    expect(error).toEqual([]);
    expect(code).toBe(0);
    expect(log[0]).toMatch(/^Plan beta-2.134.0-20261129T0000Z: beta 2.134.0 \(upgrade\): 2 cells in 2 waves/);
    const out = join(dir, 'releases', 'plans', 'beta-2.134.0');
    expect(JSON.parse(readFileSync(join(out, 'plan.json'), 'utf8')).waves).toHaveLength(2);
    expect(readFileSync(join(out, 'plan.md'), 'utf8')).toContain('# Release plan beta-2.134.0-20261129T0000Z');
    expect(readFileSync(join(out, 'plan.ics'), 'utf8')).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(log[1]).toBe('Wrote releases/plans/beta-2.134.0/plan.json, releases/plans/beta-2.134.0/plan.md, releases/plans/beta-2.134.0/plan.ics.');
  });

  test('a refused plan exits 1 with one line and writes nothing', async () => {
    const dir = root();
    const { code, error } = await run(dir, ['plan', '--channel', 'stable', '--version', '2.134.0', '--out', 'p']);
    expect(code).toBe(1);
    expect(error).toEqual([expect.stringMatching(/^release: refused: stable 2.134.0 has no release candidate in releases\/channels.json/)]);
    expect(existsSync(join(dir, 'p'))).toBe(false);
  });

  test('invalid release files exit 2 with one line per problem', async () => {
    const dir = root();
    const cells = JSON.parse(readFileSync(join(dir, 'releases', 'cells.json'), 'utf8'));
    cells.cells['london/uat'].blue.version = '2.132';
    delete cells.cells['sydney/uat'];
    writeFileSync(join(dir, 'releases', 'cells.json'), JSON.stringify(cells));
    const { code, error } = await run(dir, ['plan', '--channel', 'beta', '--version', '2.134.0']);
    expect(code).toBe(2);
    expect(error[0].split('\n')).toEqual([
      'release: invalid release files (2 problems):',
      expect.stringMatching(/^- releases\/cells.json, cell london\/uat: blue.version is "2.132"; allowed: major.minor.patch/),
      expect.stringMatching(/^- releases\/cells.json, cell sydney\/uat: missing;/),
    ]);
  });

  test('a missing file exits 2 naming it, for plan and for apply (test/release/executor-cli.test.ts tests apply)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'release-'));
    mkdirSync(join(dir, 'releases'));
    expect((await run(dir, ['plan', '--channel', 'beta', '--version', '2.134.0'])).code).toBe(2);
    const apply = await run(dir, ['apply', '--plan', 'x']);
    expect(apply.code).toBe(2);
    expect(apply.error[0]).toMatch(/^release: cannot read the plan \(1 problem\):\n- x: ENOENT/);
  });
});
