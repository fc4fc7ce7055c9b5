import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';
import { APPLY_LOCK_FILE, takeApplyLock } from '../../lib/release/apply-lock';
import { APPLY_USAGE } from '../../lib/release/execute-args';
import { withReleaseState } from '../../lib/release/declared-regions';
import type { CellDeployer, CellWatcher } from '../../lib/release/execute';
import { REGIONS } from '../../regions';
import { runRelease } from '../../scripts/release';
import { FakeClock } from './executor-fixtures';
import { NOW } from './fixtures';

const REPO = join(__dirname, '..', '..');
/** Node's fs itself, as the lock's module calls it (an `import * as` is a copy a spy would not reach). */
const fs = jest.requireActual<typeof import('fs')>('fs');
const PLAN = 'releases/plans/beta-2.134.0/plan.json';
/** Five minutes into wave 1's window (London prod-beta, Sun 2026-11-29 04:00-07:00 UTC). */
const IN_WAVE_1 = Date.parse('2026-11-29T04:05:00Z');

/** A copy of the repository's release files and cdk.json, with the beta plan the planner makes on NOW. */
async function repository(): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), 'apply-'));
  for (const file of ['cdk.json', 'releases/channels.json', 'releases/cells.json']) cpSync(join(REPO, file), join(root, file));
  const planned = await runRelease(['plan', '--channel', 'beta', '--version', '2.134.0'], { root, now: NOW, log: () => undefined, error: () => undefined });
  expect(planned).toBe(0);
  return root;
}

async function apply(root: string, argv: string[], time = IN_WAVE_1, pending: (cell: string) => string[] = () => []) {
  const out = { log: [] as string[], error: [] as string[], deployed: [] as string[] };
  const deployer: CellDeployer = {
    deploy: async (cell) => {
      const state = JSON.parse(readFileSync(join(root, 'releases', 'cells.json'), 'utf8')).cells[cell.key];
      out.deployed.push(`${cell.stack} green ${state.green.version} ${state.green.weight}%`);
      return Promise.resolve();
    },
    pendingChanges: async (cell) => Promise.resolve(pending(cell.key)),
  };
  const watcher: CellWatcher = {
    alarmState: async () => Promise.resolve('OK'),
    targetHealth: async () => Promise.resolve({ healthy: 3, unhealthy: 0, other: 0 }),
  };
  const clock = new FakeClock(time);
  const code = await runRelease(['apply', ...argv], {
    root,
    now: NOW,
    log: (t) => out.log.push(t),
    error: (t) => out.error.push(t),
    executor: { deployer, watcher, clock },
  });
  return { code, ...out };
}

describe('npm run release -- apply: the command line', () => {
  test.each([
    [[], '--plan is required: the plan.json that `npm run release -- plan` wrote'],
    [['--plan', PLAN, '--wave', '0'], '--wave "0" is not a wave number, 1 or more'],
    [['--plan', PLAN, '--wave', 'two'], '--wave "two" is not a wave number, 1 or more'],
    [['--plan', PLAN, '--canary', '60'], '--canary "60" is not a whole percentage, 1 to 50'],
    [['--plan', PLAN, '--bake', '0'], '--bake "0" is not whole minutes, 1 to 240'],
    [['--plan', PLAN, '--channel', 'beta'], "Unknown option '--channel'"],
    [['--plan', PLAN, 'now'], "Unexpected argument 'now'"],
  ])('%j exits 2 with one line and the usage', async (argv, message) => {
    const { code, error, deployed } = await apply('/nonexistent', argv);
    expect(code).toBe(2);
    expect(error).toHaveLength(1);
    const [line, usage, ...rest] = error[0].split('\n');
    expect(line.startsWith(`release: ${message}`)).toBe(true);
    expect([usage, ...rest]).toEqual([APPLY_USAGE]);
    expect(deployed).toEqual([]);
  });

  test('a wave the plan does not have is a usage error; a file that is not a plan is refused with one line per problem', async () => {
    const root = await repository();
    const wave = await apply(root, ['--plan', PLAN, '--wave', '3']);
    expect([wave.code, wave.error[0].split('\n')[0]]).toEqual([2, 'release: --wave 3: plan beta-2.134.0-20261129T0000Z has waves 1 to 2']);
    const notPlan = await apply(root, ['--plan', 'releases/cells.json']);
    expect(notPlan.code).toBe(2);
    expect(notPlan.error[0].split('\n')).toEqual([
      'release: releases/cells.json is not a release plan (5 problems):',
      '- releases/cells.json: id is (missing); allowed: the plan id, e.g. "beta-2.134.0-20261129T0000Z" (letters, digits, dots, dashes)',
      '- releases/cells.json: channel is (missing); allowed: beta, stable',
      '- releases/cells.json: version is (missing); allowed: major.minor.patch, three whole numbers without leading zeros, e.g. "2.132.8"',
      '- releases/cells.json: kind is (missing); allowed: patch, upgrade, major',
      '- releases/cells.json: waves is (missing); allowed: a list of waves, each {"number", "cells": [...]}',
    ]);
    const missing = await apply(root, ['--plan', 'releases/plans/none.json']);
    expect([missing.code, missing.error[0]]).toEqual([
      2,
      expect.stringMatching(/^release: cannot read the plan \(1 problem\):\n- releases\/plans\/none.json: ENOENT/),
    ]);
    const plan = JSON.parse(readFileSync(join(root, PLAN), 'utf8'));
    plan.waves[0].cells[0].stack = 'London/prod-stable-App';
    writeFileSync(join(root, 'edited.json'), JSON.stringify(plan));
    const edited = await apply(root, ['--plan', 'edited.json']);
    expect([edited.code, edited.error[0].split('\n')[1]]).toEqual([
      2,
      '- edited.json: cell london/prod-beta names the stack London/prod-stable-App; its App stack is London/prod-beta-App; plan again',
    ]);
  });

  test('wave 2 before wave 1, and --patch for an upgrade, are refused (exit 1) and change nothing', async () => {
    const root = await repository();
    const before = readFileSync(join(root, 'releases', 'cells.json'), 'utf8');
    const early = await apply(root, ['--plan', PLAN, '--wave', '2']);
    expect([early.code, early.error]).toEqual([
      1,
      ['release: refused: wave 2 waits for wave 1, which is not released yet (london/prod-beta); apply --wave 1 first'],
    ]);
    const patch = await apply(root, ['--plan', PLAN, '--patch']);
    expect([patch.code, patch.error[0]]).toEqual([
      1,
      expect.stringMatching(/^release: refused: --patch starts cells outside their windows, and only for a patch/),
    ]);
    expect(readFileSync(join(root, 'releases', 'cells.json'), 'utf8')).toBe(before);
    expect(existsSync(join(root, 'releases', 'log'))).toBe(false);
  });
});

describe('npm run release -- apply, in process', () => {
  test('--dry-run prints the deployments and writes nothing', async () => {
    const root = await repository();
    const before = readFileSync(join(root, 'releases', 'cells.json'), 'utf8');
    const { code, log, error, deployed } = await apply(root, ['--plan', PLAN, '--dry-run']);
    expect([code, error, deployed]).toEqual([0, [], []]);
    expect(log).toEqual([
      'Dry run of plan beta-2.134.0-20261129T0000Z: nothing is written or deployed.',
      '[london/prod-beta] not checked in a dry run: that London/prod-beta-App as this checkout synthesizes it is what is deployed',
      '[london/prod-beta] would deploy London/prod-beta-App: stage: blue 2.133.2 100% min 3, green 2.134.0 0% min 3',
      '[london/prod-beta] would deploy London/prod-beta-App: canary: blue 2.133.2 90% min 3, green 2.134.0 10% min 3',
      '[london/prod-beta] would deploy London/prod-beta-App: flip: blue 2.133.2 0% min 3, green 2.134.0 100% min 3',
      '[london/prod-beta] would deploy London/prod-beta-App: retire: blue 2.133.2 0% min 0, green 2.134.0 100% min 3',
      'Wave 1 of plan beta-2.134.0-20261129T0000Z: would release london/prod-beta.',
    ]);
    expect(readFileSync(join(root, 'releases', 'cells.json'), 'utf8')).toBe(before);
    expect(readdirSync(join(root, 'releases'))).toEqual(['cells.json', 'channels.json', 'plans']);
  });

  test('a wave applied: the release state the app reads, the log, exit 0; outside the window exit 1', async () => {
    const root = await repository();
    const { code, log, error, deployed } = await apply(root, ['--plan', PLAN, '--wave', '1']);
    expect([code, error]).toEqual([0, []]);
    expect(deployed).toEqual(['0%', '10%', '100%', '100%'].map((w) => `London/prod-beta-App green 2.134.0 ${w}`));
    expect(log[log.length - 1]).toBe(
      'Wave 1 of plan beta-2.134.0-20261129T0000Z: released london/prod-beta. Log: releases/log/beta-2.134.0-20261129T0000Z.jsonl',
    );
    const files = {
      channels: JSON.parse(readFileSync(join(root, 'releases', 'channels.json'), 'utf8')),
      cells: JSON.parse(readFileSync(join(root, 'releases', 'cells.json'), 'utf8')),
    };
    const { regions, problems } = withReleaseState(REGIONS, files, new Date(IN_WAVE_1));
    expect(problems).toEqual([]);
    expect(regions!.find((r) => r.name === 'London')!.cells.find((c) => c.id === 'prod-beta')!.app).toMatchObject({
      blue: { version: '2.133.2', weight: 0, minCapacity: 0 },
      green: { version: '2.134.0', weight: 100, minCapacity: 3 },
    });
    const entries = readFileSync(join(root, 'releases', 'log', 'beta-2.134.0-20261129T0000Z.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(entries).toHaveLength(12);
    expect(entries[0]).toMatchObject({
      time: '2026-11-29T04:05:00.000Z',
      plan: 'beta-2.134.0-20261129T0000Z',
      wave: 1,
      cell: 'london/prod-beta',
      step: 'stage',
      outcome: 'started',
    });
    const late = await apply(root, ['--plan', PLAN], Date.parse('2026-11-29T08:00:00Z'));
    expect([late.code, late.error]).toEqual([
      1,
      [
        expect.stringMatching(
          /^release: refused: n-virginia\/prod-beta: its window 2026-11-29T09:00Z to 2026-11-29T12:00Z \(2026-11-29 04:00-05:00 to 2026-11-29 07:00-05:00 America\/New_York\) has not opened/,
        ),
      ],
    ]);
  });

  test('an App stack that differs from what is deployed before the release begins: exit 1, one line, nothing written or deployed', async () => {
    const root = await repository();
    const before = readFileSync(join(root, 'releases', 'cells.json'), 'utf8');
    const differs = await apply(root, ['--plan', PLAN, '--wave', '1'], IN_WAVE_1, () => ['Resources ApplicationBlueFleetAB12 modified']);
    expect([differs.code, differs.deployed, differs.error]).toEqual([
      1,
      [],
      [
        "release: refused: London/prod-beta-App differs from what is deployed before any release change: deploy the region from this commit first (npx cdk deploy 'London/*'), then rerun",
      ],
    ]);
    expect(readFileSync(join(root, 'releases', 'cells.json'), 'utf8')).toBe(before);
  });

  test('one apply at a time: a lock held by a running process refuses (exit 1, nothing deployed); one left by a process that is gone is taken over and given back', async () => {
    const root = await repository();
    const lock = join(root, APPLY_LOCK_FILE);
    mkdirSync(dirname(lock), { recursive: true });
    // This test's own process stands for a running apply.
    writeFileSync(lock, JSON.stringify({ pid: process.pid, plan: 'stable-2.133.2-20270104T0000Z', since: '2026-11-29T04:00:00.000Z' }));
    const busy = await apply(root, ['--plan', PLAN, '--wave', '1']);
    expect([busy.code, busy.deployed]).toEqual([1, []]);
    expect(busy.error).toEqual([
      `release: refused: another apply is running (process ${process.pid}, plan stable-2.133.2-20270104T0000Z, since 2026-11-29T04:00:00.000Z); wait for it, or, if that process is not an apply any more, remove releases/apply.lock`,
    ]);
    expect(await apply(root, ['--plan', PLAN, '--wave', '1', '--dry-run'])).toMatchObject({ code: 0 });
    // A pid no process has (above the kernel's pid_max): the apply that held it is gone.
    writeFileSync(lock, JSON.stringify({ pid: 2 ** 30, plan: 'gone', since: '2026-11-29T03:00:00.000Z' }));
    const resumed = await apply(root, ['--plan', PLAN, '--wave', '1']);
    expect([resumed.code, resumed.error, resumed.deployed.length]).toEqual([0, [], 4]);
    expect(existsSync(lock)).toBe(false);
  });

  test('two applies taking the lock at once: the second, coming while the first writes it, never finds it empty; exactly one holds it', () => {
    const root = mkdtempSync(join(tmpdir(), 'lock-'));
    const taken: ReturnType<typeof takeApplyLock>[] = [];
    let inside = false;
    // The second apply runs at the moment the first writes its holder, whichever way it writes it.
    const second = () => {
      if (inside) return;
      inside = true;
      taken.push(takeApplyLock(root, 'second', new Date(IN_WAVE_1)));
    };
    const writeFile = fs.writeFileSync;
    const write = fs.writeSync;
    const spies = [
      jest.spyOn(fs, 'writeFileSync').mockImplementation((...args: Parameters<typeof fs.writeFileSync>) => (second(), writeFile(...args))),
      jest.spyOn(fs, 'writeSync').mockImplementation((...args: Parameters<typeof fs.writeSync>) => (second(), write(...args))),
    ];
    try {
      taken.unshift(takeApplyLock(root, 'first', new Date(IN_WAVE_1)));
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    expect(taken.filter((t) => 'release' in t)).toHaveLength(1);
    expect(taken.filter((t) => 'held' in t)).toEqual([{ held: expect.stringMatching(/^another apply is running \(process \d+, plan second, since /) }]);
    // Nothing is left beside it; given back, the lock is gone.
    expect(readdirSync(join(root, 'releases'))).toEqual(['apply.lock']);
    for (const t of taken) if ('release' in t) t.release();
    expect(readdirSync(join(root, 'releases'))).toEqual([]);
  });
});
