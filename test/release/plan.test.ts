import { drillIntervals, workingIntervals } from '../../lib/release/calendar';
import { planRelease, type PlanInputs, type PlanRequest, type ReleasePlan } from '../../lib/release/plan';
import { BAHRAIN, FIVE_REGIONS, FRANKFURT, inputsOf, LONDON, N_VIRGINIA, NOW, OFFICE, onVersion, SYDNEY } from './fixtures';

const DAY = 86_400_000;
const plan = (request: Partial<PlanRequest> & Pick<PlanRequest, 'channel' | 'version'>, inputs: PlanInputs = inputsOf(FIVE_REGIONS)) =>
  planRelease(inputs, { now: NOW, ...request });
const regionsOf = (p: ReleasePlan) => p.waves.map((w) => [...new Set(w.cells.map((c) => c.region))]);
const hours = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 3_600_000;

describe('rollout plans', () => {
  test('beta: waves back to back from the next day 00:00 UTC, pilot London first, within 48 h', () => {
    const p = plan({ channel: 'beta', version: '2.134.0' });
    expect(p).toMatchObject({ id: 'beta-2.134.0-20261129T0000Z', kind: 'upgrade', start: '2026-11-29T00:00:00.000Z', workingHoursAllowed: false });
    expect(p.announcements).toBeUndefined();
    expect(regionsOf(p)).toEqual([['London'], ['N. Virginia']]);
    expect(p.waves.map((w) => w.exposure)).toEqual(['production beta cells, pilot: London', 'production beta cells: N. Virginia']);
    // London's Sunday drill window is 01:00-04:00; N. Virginia's too, in New York time (06:00-09:00 UTC).
    expect(p.waves[0].cells[0]).toMatchObject({
      stack: 'London/prod-beta-App',
      key: 'london/prod-beta',
      fromVersion: '2.133.2',
      start: '2026-11-29T04:00:00.000Z',
    });
    expect(p.waves[1].cells[0]).toMatchObject({ stack: 'NVirginia/prod-beta-App', localStart: '2026-11-29T04:00-05:00', timeZone: 'America/New_York' });
    expect(Date.parse(p.waves[1].start)).toBeGreaterThanOrEqual(Date.parse(p.waves[0].end));
    expect(hours(p.start, p.end)).toBeLessThanOrEqual(48);
  });

  test('stable: UAT before production, the pilot region before the others, waves a week apart, the customer notices', () => {
    const p = plan({ channel: 'stable', version: '2.133.2' });
    expect(p.start).toBe('2027-01-04T00:00:00.000Z');
    expect(p.announcements).toEqual({ releaseCandidate: '2026-12-07', scheduleCommunication: '2026-12-21' });
    expect(p.waves.map((w) => w.exposure)).toEqual([
      'UAT stable cells, pilot: London',
      'UAT stable cells: 4 regions',
      'production stable cells, pilot: London',
      'production stable cells: 4 regions',
    ]);
    expect(p.waves.map((w) => w.cells.map((c) => c.environment))).toEqual([['uat'], Array(4).fill('uat'), ['production'], Array(4).fill('production')]);
    p.waves.slice(1).forEach((wave, i) => expect(Date.parse(wave.start) - Date.parse(p.waves[i].start)).toBeGreaterThanOrEqual(7 * DAY));
    expect(hours(p.start, p.end)).toBeGreaterThan(21 * 24);
  });

  test('stable: the default start is the first midnight two weeks ahead when the candidate is stable by then', () => {
    const channels = {
      ...inputsOf([]).channels,
      stable: { releases: [], candidates: [{ version: '2.133.2', announced: '2026-10-01', stableFrom: '2026-11-01' }] },
    };
    const p = plan({ channel: 'stable', version: '2.133.2' }, inputsOf([LONDON], { channels }));
    expect(p.start).toBe('2026-12-13T00:00:00.000Z');
    expect(p.announcements).toEqual({ releaseCandidate: '2026-11-15', scheduleCommunication: '2026-11-29' });
  });

  test('no wave holds two regions that share a residency zone: London (UK, EU) and Frankfurt (EU) never at once', () => {
    const p = plan({ channel: 'stable', version: '2.133.2' }, inputsOf([N_VIRGINIA, LONDON, FRANKFURT, SYDNEY]));
    expect(regionsOf(p)).toEqual([['N. Virginia'], ['London', 'Sydney'], ['Frankfurt'], ['N. Virginia'], ['London', 'Sydney'], ['Frankfurt']]);
    const zones = { London: ['UK', 'EU'], Frankfurt: ['EU'], 'N. Virginia': ['US'], Sydney: ['AU'] } as Record<string, string[]>;
    for (const regions of regionsOf(p)) {
      const all = regions.flatMap((r) => zones[r]);
      expect(new Set(all).size).toBe(all.length);
    }
  });

  test("a region's cells run one after another; each window lies out of working hours and outside the drill window", () => {
    const both = { id: 'prod-2', environment: 'production' as const, channel: 'stable' as const };
    const london = { ...LONDON, cells: [...LONDON.cells, both] };
    const p = plan({ channel: 'stable', version: '2.133.2' }, inputsOf([london, FRANKFURT, BAHRAIN]));
    const pilot = p.waves[2].cells;
    expect(pilot.map((c) => c.cell)).toEqual(['prod-stable', 'prod-2']);
    expect(Date.parse(pilot[1].start)).toBeGreaterThanOrEqual(Date.parse(pilot[0].end));
    for (const cell of p.waves.flatMap((w) => w.cells)) {
      const region = [london, FRANKFURT, BAHRAIN].find((r) => r.name === cell.region)!;
      const clock = { name: region.name, timeZone: region.timeZone, calendar: inputsOf([region]).calendars[region.name], drillWindow: region.drillWindow };
      const [start, end] = [new Date(cell.start), new Date(cell.end)];
      expect(workingIntervals(clock, start, end)).toEqual([]);
      expect(drillIntervals(clock, start, end)).toEqual([]);
      expect(hours(cell.start, cell.end)).toBe(3);
    }
  });

  test('--patch lets a patch run in working hours, never in the drill window', () => {
    const inputs = inputsOf([LONDON]);
    const working = plan({ channel: 'beta', version: '2.133.3', patch: true, start: new Date('2026-12-01T10:00:00Z') }, inputs);
    expect(working).toMatchObject({ kind: 'patch', workingHoursAllowed: true, start: '2026-12-01T10:00:00.000Z' });
    expect(working.waves[0].cells[0].start).toBe('2026-12-01T10:00:00.000Z');
    expect(plan({ channel: 'beta', version: '2.133.3', start: new Date('2026-12-01T10:00:00Z') }, inputs).waves[0].cells[0].start).toBe(
      '2026-12-01T18:00:00.000Z',
    );
    expect(plan({ channel: 'beta', version: '2.133.3', patch: true, start: new Date('2026-11-29T02:00:00Z') }, inputs).waves[0].cells[0].start).toBe(
      '2026-11-29T04:00:00.000Z',
    );
  });

  test('a beta patch may ship during a freeze; stable patches need a stable release and run back to back', () => {
    expect(plan({ channel: 'beta', version: '2.133.3', start: new Date('2026-12-10T00:00:00Z') }).kind).toBe('patch');
    expect(() => plan({ channel: 'stable', version: '2.132.9' })).toThrow(
      'stable 2.132.9 is not a stable release in releases/channels.json: add it to stable.releases (with its date) before planning its rollout',
    );
    const base = inputsOf(FIVE_REGIONS);
    const released = {
      ...base.channels,
      stable: { ...base.channels.stable, releases: [...base.channels.stable.releases, { version: '2.132.9', released: '2026-11-30' }] },
    };
    const p = plan({ channel: 'stable', version: '2.132.9' }, { ...base, channels: released });
    expect(p).toMatchObject({ kind: 'patch', start: '2026-11-29T00:00:00.000Z' });
    expect(p.announcements).toBeUndefined();
    p.waves.slice(1).forEach((wave, i) => expect(Date.parse(wave.start) - Date.parse(p.waves[i].end)).toBeLessThan(DAY));
  });
});

describe('refusals, one line each', () => {
  const refusal = (request: Partial<PlanRequest> & Pick<PlanRequest, 'channel' | 'version'>, inputs?: PlanInputs) => {
    try {
      plan(request, inputs);
    } catch (error) {
      expect((error as Error).name).toBe('PlanRefusal');
      expect((error as Error).message).not.toContain('\n');
      return (error as Error).message;
    }
    throw new Error('the plan was not refused');
  };

  test('a version not newer than the cells', () => {
    expect(refusal({ channel: 'beta', version: '2.133.2' })).toBe('every beta cell already runs 2.133.2: nothing to plan');
    expect(refusal({ channel: 'beta', version: '2.133.1' })).toBe(
      "2.133.1 is not newer than every beta cell's version (london/prod-beta runs 2.133.2, n-virginia/prod-beta runs 2.133.2): a plan never moves a cell back",
    );
    expect(refusal({ channel: 'beta', version: '2.134' })).toMatch(/^the version "2.134" is not major.minor.patch/);
  });

  test('an upgrade passed with --patch', () => {
    expect(refusal({ channel: 'beta', version: '2.134.0', patch: true })).toBe(
      '--patch is for patches only: london/prod-beta goes from 2.133.2 to 2.134.0, an upgrade that may change the schema and runs out of working hours; drop --patch',
    );
  });

  test('a beta upgrade starting inside a release-candidate freeze, or running into one', () => {
    expect(refusal({ channel: 'beta', version: '2.134.0', start: new Date('2026-12-10T00:00:00Z') })).toBe(
      'beta upgrades wait during the freeze of release candidate 2.133.2 (2026-12-07 to 2027-01-04, releases/channels.json): the start 2026-12-10T00:00Z falls inside it; start on 2027-01-04 or later, or ship a patch',
    );
    expect(refusal({ channel: 'beta', version: '2.134.0', start: new Date('2026-12-06T22:00:00Z') })).toMatch(
      /^the beta rollout would run into the freeze of release candidate 2.133.2, which starts on 2026-12-07: it would end at 2026-12-07T\d\d:\d\dZ; start earlier, or on 2027-01-04 or later$/,
    );
    expect(plan({ channel: 'beta', version: '2.134.0', start: new Date('2027-01-04T00:00:00Z') }).kind).toBe('upgrade');
  });

  test('a beta plan that does not end within 48 h says what did not fit', () => {
    // Free only from 23:00 to 02:00: one 3 h window a night, so the second cell ends 50 h after the start.
    const late = { workingDays: OFFICE.workingDays.concat(['Sat', 'Sun']), workingHours: '02:00-23:00', holidays: ['2026-12-25', '2027-01-01'] };
    const cells = ['prod-beta', 'prod-beta-2', 'prod-beta-3'].map((id) => ({ id, environment: 'production' as const, channel: 'beta' as const }));
    const region = { ...LONDON, cells };
    const base = inputsOf([region]);
    const state = { cells: Object.fromEntries(cells.map((c) => [`london/${c.id}`, onVersion('2.133.2')])) };
    expect(refusal({ channel: 'beta', version: '2.134.0', start: new Date('2026-12-01T00:00:00Z') }, { ...base, state, calendars: { London: late } })).toBe(
      'a beta rollout ends within 48 h of its start; this one would end at 2026-12-04T02:00Z, 74 h after 2026-12-01T00:00Z: did not fit: london/prod-beta-2 (wave 1, ends 2026-12-03T02:00Z), london/prod-beta-3 (wave 1, ends 2026-12-04T02:00Z)',
    );
  });

  test('a stable version without an announced candidate, or before its candidate is stable', () => {
    expect(refusal({ channel: 'stable', version: '2.134.0' })).toBe(
      'stable 2.134.0 has no release candidate in releases/channels.json: a stable upgrade is announced as a candidate four weeks before it becomes stable; add {"version": "2.134.0", "announced", "stableFrom"} to stable.candidates',
    );
    expect(refusal({ channel: 'stable', version: '2.133.2', start: new Date('2026-12-28T00:00:00Z') })).toBe(
      'the start 2026-12-28T00:00Z is before candidate 2.133.2 becomes stable (stableFrom 2027-01-04 in releases/channels.json): start on or after it',
    );
  });

  test('a stable start whose schedule communication date is already past', () => {
    const late = new Date('2026-12-22T09:00:00Z');
    expect(() => planRelease(inputsOf(FIVE_REGIONS), { channel: 'stable', version: '2.133.2', start: new Date('2027-01-04T00:00:00Z'), now: late })).toThrow(
      'the schedule of a stable upgrade is communicated two weeks before it starts: for a start at 2027-01-04T00:00Z that was due by 2026-12-21T00:00Z, already past at 2026-12-22T09:00Z; start at 2027-01-06T00:00Z or later',
    );
  });

  test('a start in the past, a region without a calendar, a window past the calendars', () => {
    expect(refusal({ channel: 'beta', version: '2.134.0', start: new Date('2026-11-27T00:00:00Z') })).toBe(
      'the start 2026-11-27T00:00Z is before now (2026-11-28T16:00Z): a plan starts in the future',
    );
    expect(refusal({ channel: 'beta', version: '2.134.0' }, { ...inputsOf([LONDON]), calendars: {} })).toBe(
      'regions/release-calendars.ts has no calendar for region London: add its working days, hours and holidays',
    );
    expect(refusal({ channel: 'beta', version: '2.134.0', start: new Date('2027-12-31T22:00:00Z') })).toBe(
      "regions/release-calendars.ts lists London's holidays up to 2027, and the window of london/prod-beta falls in 2028: add 2028's holidays first",
    );
  });
});
