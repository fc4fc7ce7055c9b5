import { readFileSync } from 'fs';
import { applyWave, ApplyRefusal, DEPLOY_ALLOWANCE_MINUTES } from '../../lib/release/execute';
import { colours, Harness, MINUTE, request, T0, upgradePlan, WITH_PATCH } from './executor-fixtures';
import { onVersion } from './fixtures';

const BEFORE = 'blue 2.132.8 100% min 3 | green - 0% min 0';
const STAGE = 'blue 2.132.8 100% min 3 | green 2.133.2 0% min 3';
const CANARY = 'blue 2.132.8 90% min 3 | green 2.133.2 10% min 3';
const FLIP = 'blue 2.132.8 0% min 3 | green 2.133.2 100% min 3';
const RETIRED = 'blue 2.132.8 0% min 0 | green 2.133.2 100% min 3';
const ROLLED_BACK = 'blue 2.132.8 100% min 3 | green 2.133.2 0% min 0';

const outcomes = (h: Harness, cell = 'london/uat') =>
  h
    .log()
    .filter((e) => e.cell === cell)
    .map((e) => `${e.step} ${e.outcome}`);

describe('release executor: the happy path', () => {
  test('stage, canary, flip and retire: each writes the state and the log, then deploys the App stack alone', async () => {
    const h = new Harness();
    const result = await applyWave(request(1), h.services());
    expect(result).toEqual({ wave: 1, cells: [{ cell: 'london/uat', result: 'released' }] });
    // What each deployment synthesized: the state on file when it ran.
    expect(h.deployments.map((d) => `${d.cell}: ${colours(d.state)}`)).toEqual([STAGE, CANARY, FLIP, RETIRED].map((c) => `london/uat: ${c}`));
    expect(colours(h.cell('london/uat'))).toBe(RETIRED);
    expect(colours(h.cell('london/prod-stable'))).toBe(BEFORE);
    expect(outcomes(h)).toEqual(['stage', 'canary', 'flip', 'retire'].flatMap((step) => [`${step} started`, `${step} deployed`, `${step} done`]));
    expect(h.log().find((e) => e.step === 'canary' && e.outcome === 'started')?.state).toEqual(h.deployments[1].state);
    // Four two-minute deployments, a 30-minute canary bake and a 10-minute flip bake.
    expect(h.clock.time - (T0 + 5 * MINUTE)).toBe((4 * 2 + 30 + 10) * MINUTE);
  });

  test("the canary share and the bake time are the request's", async () => {
    const h = new Harness();
    await applyWave(request(1, { timings: { ...request(1).timings, canaryPercent: 25, bakeMinutes: 60 } }), h.services());
    expect(colours(h.deployments[1].state)).toBe('blue 2.132.8 75% min 3 | green 2.133.2 25% min 3');
    expect(h.clock.time - (T0 + 5 * MINUTE)).toBe((4 * 2 + 60 + 10) * MINUTE);
  });

  test('the stage waits until the new colour has its capacity in healthy targets', async () => {
    const h = new Harness();
    h.watch.targets = (_cell, colour, now) =>
      colour === 'green' && now < T0 + 12 * MINUTE ? { healthy: 1, unhealthy: 0, other: 2 } : { healthy: 3, unhealthy: 0, other: 0 };
    await applyWave(request(1), h.services());
    expect(h.printed).toContain('[london/uat] green is healthy: 3 healthy, 0 unhealthy, 0 other');
    const canary = h.log().find((e) => e.step === 'canary' && e.outcome === 'started')!;
    expect(Date.parse(canary.time)).toBeGreaterThanOrEqual(T0 + 12 * MINUTE);
  });
});

describe('release executor: halts and rollbacks', () => {
  test('the alarm in ALARM during the canary bake rolls the cell back and leaves the later cells untouched', async () => {
    const h = new Harness({ time: T0 + 24 * 60 * MINUTE + 5 * MINUTE, state: { 'london/uat': onVersion('2.133.2') } });
    const alarmAt = T0 + 24 * 60 * MINUTE + 25 * MINUTE;
    h.watch.alarm = (cell, now) => (cell === 'london/prod-stable' && now >= alarmAt ? 'ALARM' : 'OK');
    const result = await applyWave(request(2), h.services());
    expect(result.cells.map((c) => `${c.cell} ${c.result}`)).toEqual([
      'london/prod-stable halted',
      'frankfurt/uat released',
      'frankfurt/prod-stable untouched',
    ]);
    const halted = result.cells[0] as { line: string };
    expect(halted.line).toMatch(
      /^london\/prod-stable: alarm halo-london-prod-stable-unavailable is in ALARM, \d+ min into the canary bake at canary; rolled back to blue 2.132.8 \(green 2.133.2 at weight 0\); find the cause/,
    );
    const london = h.deployments.filter((d) => d.cell === 'london/prod-stable').map((d) => colours(d.state));
    expect(london).toEqual([STAGE, CANARY, ROLLED_BACK]);
    expect(colours(h.cell('london/prod-stable'))).toBe(ROLLED_BACK);
    expect(colours(h.cell('frankfurt/uat'))).toBe(RETIRED);
    expect(colours(h.cell('frankfurt/prod-stable'))).toBe(BEFORE);
    expect(outcomes(h, 'london/prod-stable').slice(-4)).toEqual(['canary deployed', 'canary halted', 'rollback started', 'rollback done']);
  });

  test('unhealthy targets of the new colour during the flip bake roll the cell back', async () => {
    const h = new Harness();
    h.watch.targets = (_cell, colour, now) =>
      colour === 'green' && now > T0 + 45 * MINUTE ? { healthy: 2, unhealthy: 1, other: 0 } : { healthy: 3, unhealthy: 0, other: 0 };
    const [cell] = (await applyWave(request(1), h.services())).cells;
    expect(cell).toEqual({
      cell: 'london/uat',
      result: 'halted',
      line: expect.stringMatching(/the green targets turned unhealthy \(2 healthy, 1 unhealthy, 0 other\), \d+ min into the flip bake at flip; rolled back/),
    });
    expect(h.deployments.map((d) => colours(d.state))).toEqual([STAGE, CANARY, FLIP, ROLLED_BACK]);
  });

  test('a failed deployment rolls the cell back; its error shows as one line', async () => {
    const h = new Harness();
    h.failDeploy = (_d, index) => (index === 1 ? 'UPDATE_ROLLBACK_COMPLETE: Resource handler returned message: "Invalid request"' : undefined);
    const [cell] = (await applyWave(request(1), h.services())).cells;
    expect(cell).toEqual({
      cell: 'london/uat',
      result: 'halted',
      line: 'london/uat: the deployment of London/uat-App failed (UPDATE_ROLLBACK_COMPLETE: Resource handler returned message: "Invalid request") at canary; rolled back to blue 2.132.8 (green 2.133.2 at weight 0); find the cause, then rerun this command in the cell\'s window to try again, or plan a fixed version',
    });
    expect(h.deployments.map((d) => colours(d.state))).toEqual([STAGE, CANARY, ROLLED_BACK]);
    expect(outcomes(h)).toEqual(['stage started', 'stage deployed', 'stage done', 'canary started', 'canary failed', 'rollback started', 'rollback done']);
  });

  test('a rollback whose deployment fails too says so, and the rerun deploys it', async () => {
    const h = new Harness();
    h.failDeploy = (_d, index) => (index === 1 || index === 2 ? 'throttled' : undefined);
    const [cell] = (await applyWave(request(1), h.services())).cells;
    expect((cell as { line: string }).line).toMatch(/rolling back to blue 2.132.8 failed too \(throttled\): releases\/cells.json holds the rollback, so rerun/);
    expect(colours(h.cell('london/uat'))).toBe(ROLLED_BACK);
    const rerun = await applyWave(request(1), h.services());
    expect(rerun.cells[0]).toMatchObject({ result: 'halted', line: expect.stringContaining('the rollback an interruption cut short is now deployed') });
    expect(h.deployments.map((d) => colours(d.state))).toEqual([STAGE, CANARY, ROLLED_BACK, ROLLED_BACK]);
    expect(outcomes(h).slice(-2)).toEqual(['rollback failed', 'rollback done']);
  });

  test('a stage whose targets never become healthy halts after the health timeout', async () => {
    const h = new Harness();
    h.watch.targets = () => ({ healthy: 0, unhealthy: 3, other: 0 });
    const [cell] = (await applyWave(request(1), h.services())).cells;
    expect((cell as { line: string }).line).toMatch(
      /the green targets were not healthy within 20 min \(0 healthy, 3 unhealthy, 0 other; 3 wanted\) at stage; rolled back/,
    );
    expect(h.deployments.map((d) => colours(d.state))).toEqual([STAGE, ROLLED_BACK]);
  });

  test('a cell whose alarm is already in ALARM is not begun', async () => {
    const h = new Harness();
    h.watch.alarm = () => 'ALARM';
    const [cell] = (await applyWave(request(1), h.services())).cells;
    expect(cell).toMatchObject({
      result: 'refused',
      line: expect.stringMatching(/its alarm halo-london-uat-unavailable is ALARM before the release begins; nothing was changed/),
    });
    expect(h.deployments).toEqual([]);
    expect(colours(h.cell('london/uat'))).toBe(BEFORE);
  });
});

describe('release executor: interruption and resume', () => {
  test('killed during the canary bake, the rerun bakes again and goes on: no deployment is repeated', async () => {
    const h = new Harness();
    h.clock.onSleep = (now) => {
      if (now > T0 + 30 * MINUTE) throw new Error('SIGTERM');
    };
    await expect(applyWave(request(1), h.services())).rejects.toThrow('SIGTERM');
    expect(colours(h.cell('london/uat'))).toBe(CANARY);
    expect(outcomes(h).slice(-1)).toEqual(['canary deployed']);
    h.clock.onSleep = undefined;
    const result = await applyWave(request(1), h.services());
    expect(result.cells).toEqual([{ cell: 'london/uat', result: 'released' }]);
    expect(h.deployments.map((d) => colours(d.state))).toEqual([STAGE, CANARY, FLIP, RETIRED]);
    expect(h.printed).toContain('[london/uat] resuming at canary (watch), the state on file: blue 2.132.8 90% min 3, green 2.133.2 10% min 3');
    const again = await applyWave(request(1), h.services());
    expect(again.cells).toEqual([{ cell: 'london/uat', result: 'skipped' }]);
    expect(h.deployments).toHaveLength(4);
  });

  test('killed after writing a step, before its deployment, the rerun deploys that step without writing it again', async () => {
    const h = new Harness();
    const services = h.services();
    const append = services.log.append.bind(services.log);
    services.log.append = (entry) => {
      append(entry);
      if (entry.step === 'canary' && entry.outcome === 'started') throw new Error('SIGKILL');
    };
    await expect(applyWave(request(1), services)).rejects.toThrow('SIGKILL');
    expect(colours(h.cell('london/uat'))).toBe(CANARY);
    expect(h.deployments).toHaveLength(1);
    await applyWave(request(1), h.services());
    expect(h.deployments.map((d) => colours(d.state))).toEqual([STAGE, CANARY, FLIP, RETIRED]);
    expect(outcomes(h)).toEqual(['stage', 'canary', 'flip', 'retire'].flatMap((step) => [`${step} started`, `${step} deployed`, `${step} done`]));
  });

  test('a halt logged before its rollback was written is rolled back on the rerun', async () => {
    const h = new Harness();
    const services = h.services();
    const append = services.log.append.bind(services.log);
    services.log.append = (entry) => {
      append(entry);
      if (entry.outcome === 'halted') throw new Error('disk full');
    };
    h.watch.alarm = (_c, now) => (now > T0 + 20 * MINUTE ? 'ALARM' : 'OK');
    await expect(applyWave(request(1), services)).rejects.toThrow('disk full');
    expect(colours(h.cell('london/uat'))).toBe(CANARY);
    const [cell] = (await applyWave(request(1), h.services())).cells;
    expect(cell).toMatchObject({
      result: 'halted',
      line: expect.stringMatching(/^london\/uat: alarm halo-london-uat-unavailable is in ALARM, \d+ min into the canary bake at canary; rolled back/),
    });
    expect(colours(h.cell('london/uat'))).toBe(ROLLED_BACK);
  });
  test('killed after writing the rollback, before logging it, the rerun deploys the rollback, though the alarm still fires', async () => {
    const h = new Harness();
    const services = h.services();
    const append = services.log.append.bind(services.log);
    services.log.append = (entry) => {
      if (entry.step === 'rollback' && entry.outcome === 'started') throw new Error('SIGKILL');
      append(entry);
    };
    // The canary keeps the alarm firing until the rollback is deployed.
    h.watch.alarm = (_c, now) => (now > T0 + 20 * MINUTE ? 'ALARM' : 'OK');
    await expect(applyWave(request(1), services)).rejects.toThrow('SIGKILL');
    expect(colours(h.cell('london/uat'))).toBe(ROLLED_BACK);
    expect(outcomes(h).slice(-1)).toEqual(['canary halted']);
    expect(h.deployments.map((d) => colours(d.state))).toEqual([STAGE, CANARY]);
    // A rerun by a version without this fix logged a refusal; it must not hide the halt either.
    append({ time: h.clock.now().toISOString(), plan: upgradePlan().id, wave: 1, cell: 'london/uat', step: 'cell', outcome: 'refused', detail: 'alarm' });
    const [cell] = (await applyWave(request(1), h.services())).cells;
    expect(cell).toMatchObject({
      result: 'halted',
      line: expect.stringMatching(
        /^london\/uat: alarm halo-london-uat-unavailable is in ALARM, \d+ min into the canary bake; the rollback an interruption cut short is now deployed; rolled back to blue 2.132.8/,
      ),
    });
    expect(h.deployments.map((d) => colours(d.state))).toEqual([STAGE, CANARY, ROLLED_BACK]);
    expect(outcomes(h).slice(-3)).toEqual(['cell refused', 'rollback started', 'rollback done']);
    expect(h.log().find((e) => e.step === 'rollback' && e.outcome === 'started')?.state).toEqual(h.deployments[2].state);
  });

  test('a retire written but never deployed keeps its wave open: the default wave is that one, and its retire is deployed', async () => {
    const h = new Harness();
    const services = h.services();
    const append = services.log.append.bind(services.log);
    services.log.append = (entry) => {
      append(entry);
      if (entry.step === 'retire' && entry.outcome === 'started') throw new Error('SIGKILL');
    };
    await expect(applyWave(request(1), services)).rejects.toThrow('SIGKILL');
    expect(colours(h.cell('london/uat'))).toBe(RETIRED);
    expect(h.deployments.map((d) => colours(d.state))).toEqual([STAGE, CANARY, FLIP]);
    await expect(applyWave(request(2), h.services())).rejects.toThrow('wave 2 waits for wave 1, which is not released yet (london/uat)');
    const result = await applyWave(request(undefined), h.services());
    expect(result).toEqual({ wave: 1, cells: [{ cell: 'london/uat', result: 'released' }] });
    expect(h.deployments.map((d) => colours(d.state))).toEqual([STAGE, CANARY, FLIP, RETIRED]);
    expect(outcomes(h).slice(-3)).toEqual(['retire started', 'retire deployed', 'retire done']);
  });
});

describe('release executor: windows and refusals', () => {
  test('outside its window a cell is refused and nothing changes; inside, it is released', async () => {
    const early = new Harness({ time: T0 - MINUTE });
    expect((await applyWave(request(1), early.services())).cells).toEqual([
      {
        cell: 'london/uat',
        result: 'refused',
        line: 'london/uat: its window 2027-01-04T00:00Z to 2027-01-04T03:00Z (local window) has not opened at 2027-01-03T23:59Z; nothing was changed; rerun between 2027-01-04T00:00Z and 2027-01-04T01:20Z, or plan again',
      },
    ]);
    const late = new Harness({ time: T0 + 60 * MINUTE + 21 * MINUTE });
    expect((await applyWave(request(1), late.services())).cells[0]).toMatchObject({
      result: 'refused',
      line: expect.stringContaining(
        'leaves less than the 100 min a release needs (4 deployments at 10 min, the 20 min health wait, the 30 and 10 min bakes) at 2027-01-04T01:21Z',
      ),
    });
    for (const h of [early, late]) {
      expect(h.deployments).toEqual([]);
      expect(colours(h.cell('london/uat'))).toBe(BEFORE);
      expect(outcomes(h)).toEqual(['cell refused']);
    }
    const inTime = new Harness({ time: T0 + 60 * MINUTE + 20 * MINUTE });
    expect((await applyWave(request(1), inTime.services())).cells[0].result).toBe('released');
  });

  test('a cell begun at the latest moment, with the slowest deployments and health wait it reserves, ends within its window', async () => {
    const h = new Harness({ time: T0 + 60 * MINUTE + 20 * MINUTE });
    h.deployMinutes = DEPLOY_ALLOWANCE_MINUTES;
    const healthyFrom = h.clock.time + DEPLOY_ALLOWANCE_MINUTES * MINUTE + 19 * MINUTE;
    h.watch.targets = (_cell, colour, now) =>
      colour === 'green' && now < healthyFrom ? { healthy: 0, unhealthy: 0, other: 3 } : { healthy: 3, unhealthy: 0, other: 0 };
    expect((await applyWave(request(1), h.services())).cells[0].result).toBe('released');
    expect(h.clock.time).toBeLessThanOrEqual(upgradePlan().waves[0].cells[0].windowEnd.getTime());
    expect(h.clock.time).toBeGreaterThan(upgradePlan().waves[0].cells[0].windowEnd.getTime() - 5 * MINUTE);
  });

  test('--patch starts a patch outside its window, and is refused for an upgrade', async () => {
    const patch = { ...request(1), plan: upgradePlan('patch'), patch: true };
    const h = new Harness({ time: T0 + 12 * 60 * MINUTE, channels: WITH_PATCH });
    expect((await applyWave(patch, h.services())).cells).toEqual([{ cell: 'london/uat', result: 'released' }]);
    expect(colours(h.cell('london/uat'))).toBe('blue 2.132.8 0% min 0 | green 2.132.9 100% min 3');
    const without = new Harness({ time: T0 + 12 * 60 * MINUTE, channels: WITH_PATCH });
    expect((await applyWave({ ...patch, patch: false }, without.services())).cells[0].result).toBe('refused');
    await expect(applyWave(request(1, { patch: true }), new Harness().services())).rejects.toThrow(
      new ApplyRefusal(
        "--patch starts cells outside their windows, and only for a patch: stable-2.133.2-20270104T0000Z is an upgrade (it may change the schema); apply each wave in its cells' windows",
      ),
    );
  });

  test('a wave whose earlier waves are not released, and a wave the plan does not have, are refused', async () => {
    const h = new Harness({ time: T0 + 24 * 60 * MINUTE + 5 * MINUTE });
    await expect(applyWave(request(2), h.services())).rejects.toThrow('wave 2 waits for wave 1, which is not released yet (london/uat); apply --wave 1 first');
    await expect(applyWave(request(3), h.services())).rejects.toThrow('plan stable-2.133.2-20270104T0000Z has no wave 3; its waves are 1 to 2');
    expect(h.deployments).toEqual([]);
  });

  test('without --wave, the first wave not released; once all are, nothing', async () => {
    const retired = { blue: { version: '2.132.8', weight: 0, minCapacity: 0 }, green: { version: '2.133.2', weight: 100, minCapacity: 3 } };
    const h = new Harness({ time: T0 + 24 * 60 * MINUTE + 5 * MINUTE, state: { 'london/uat': retired } });
    expect((await applyWave(request(undefined, { dryRun: true }), h.services())).wave).toBe(2);
    const done = new Harness({ state: Object.fromEntries(upgradePlan().waves.flatMap((w) => w.cells.map((c) => [c.key, retired]))) });
    expect(await applyWave(request(undefined), done.services())).toEqual({ cells: [] });
    expect(done.deployments).toEqual([]);
  });

  test('an App stack that differs from what is deployed before any release change is refused, untouched; compared once, before the first write', async () => {
    const h = new Harness();
    h.pending = () => ['Resources ApplicationBlueFleetAB12 modified', 'Outputs NewExport added'];
    const [cell] = (await applyWave(request(1), h.services())).cells;
    expect(cell).toEqual({
      cell: 'london/uat',
      result: 'refused',
      line: "London/uat-App differs from what is deployed before any release change: deploy the region from this commit first (npx cdk deploy 'London/*'), then rerun",
    });
    expect(h.printed).toEqual([
      '[london/uat] differs from what is deployed: Resources ApplicationBlueFleetAB12 modified',
      '[london/uat] differs from what is deployed: Outputs NewExport added',
    ]);
    expect([h.deployments, outcomes(h), colours(h.cell('london/uat'))]).toEqual([[], ['cell refused'], BEFORE]);
    expect(h.compared.map((c) => `${c.cell}: ${colours(c.state)}`)).toEqual([`london/uat: ${BEFORE}`]);
    const unreadable = new Harness();
    unreadable.pending = () => 'ExpiredToken: the security token included in the request is expired';
    expect((await applyWave(request(1), unreadable.services())).cells[0]).toEqual({
      cell: 'london/uat',
      result: 'refused',
      line: 'london/uat: could not compare London/uat-App with what is deployed (ExpiredToken: the security token included in the request is expired); nothing was changed; rerun once it can be read',
    });
    expect(unreadable.deployments).toEqual([]);
    // As deployed: released, and compared only before it began (a resume or a rollback is not held back).
    const same = new Harness();
    await applyWave(request(1), same.services());
    expect(same.compared.map((c) => colours(c.state))).toEqual([BEFORE]);
  });

  test('a cell whose state is no step of this release is refused, untouched', async () => {
    const h = new Harness({ state: { 'london/uat': onVersion('2.131.10') } });
    const [cell] = (await applyWave(request(1), h.services())).cells;
    expect(cell).toMatchObject({
      result: 'refused',
      line: "london/uat: its release state (blue 2.131.10 100% min 3, green (no version) 0% min 0) is no step of releasing 2.132.8 to 2.133.2; nothing was changed; plan again from the state on file, or restore the cell's entry in releases/cells.json",
    });
    expect(h.deployments).toEqual([]);
  });
});

describe('release executor: --dry-run', () => {
  test('prints each deployment (stack, step, colours) and writes, deploys and watches nothing', async () => {
    const h = new Harness({ time: T0 - 60 * MINUTE });
    const before = readFileSync(h.stateFile, 'utf8');
    const services = h.services();
    const refuse = () => {
      throw new Error('a dry run must not do this');
    };
    const result = await applyWave(request(1, { dryRun: true }), {
      ...services,
      state: { cell: (k) => services.state.cell(k), setCell: refuse },
      log: { entries: () => [], append: refuse },
      watcher: { alarmState: refuse, targetHealth: refuse },
    });
    expect(result.cells).toEqual([{ cell: 'london/uat', result: 'planned' }]);
    expect(h.printed).toEqual([
      expect.stringMatching(/^\[london\/uat\] would be refused now: its window .* has not opened/),
      '[london/uat] not checked in a dry run: that London/uat-App as this checkout synthesizes it is what is deployed',
      '[london/uat] would deploy London/uat-App: stage: blue 2.132.8 100% min 3, green 2.133.2 0% min 3',
      '[london/uat] would deploy London/uat-App: canary: blue 2.132.8 90% min 3, green 2.133.2 10% min 3',
      '[london/uat] would deploy London/uat-App: flip: blue 2.132.8 0% min 3, green 2.133.2 100% min 3',
      '[london/uat] would deploy London/uat-App: retire: blue 2.132.8 0% min 0, green 2.133.2 100% min 3',
    ]);
    expect([h.deployments, h.compared]).toEqual([[], []]);
    expect(readFileSync(h.stateFile, 'utf8')).toBe(before);
  });
});
