import { readFileSync } from 'fs';
import { join } from 'path';
import { slugOf } from '../../lib/config/names';
import { drillIntervals, workingIntervals } from '../../lib/release/calendar';
import { readPlanInputs } from '../../lib/release/inputs';
import { formatJson } from '../../lib/release/json-file';
import { planRelease } from '../../lib/release/plan';
import { REGIONS, residencyZonesOf } from '../../regions';
import { RELEASES } from '../../regions/cells';
import { RELEASE_CALENDARS } from '../../regions/release-calendars';
import { NOW } from './fixtures';

const file = (name: string) => readFileSync(join(__dirname, '..', '..', 'releases', name), 'utf8');
const read = () =>
  readPlanInputs(REGIONS, residencyZonesOf, RELEASE_CALENDARS, { channels: JSON.parse(file('channels.json')), cells: JSON.parse(file('cells.json')) }, NOW);

// The shipped release files as issue 18 left them (beta 2.133.2, stable 2.132.8, candidate 2.133.2): when releases/
// moves on, move NOW and the versions below with it.
describe('the shipped release files and calendars', () => {
  test('read without a problem against regions/ and the calendars', () => {
    expect(read().problems).toEqual([]);
  });

  test("releases/cells.json holds each cell's colours exactly as regions/cells.ts makes them today", () => {
    const cells = JSON.parse(file('cells.json')).cells;
    const expected = Object.fromEntries(REGIONS.flatMap((r) => r.cells.map((c) => [`${slugOf(r.name)}/${c.id}`, { blue: c.app.blue, green: c.app.green }])));
    expect(cells).toEqual(expected);
    expect(Object.values(expected).map((c) => c.blue.version)).toEqual(expect.arrayContaining([RELEASES.beta, RELEASES.stable]));
  });

  test('the files are written as the tools write them (formatJson, which prettier accepts)', () => {
    expect(formatJson(JSON.parse(file('cells.json')))).toBe(file('cells.json'));
    expect(formatJson(JSON.parse(file('channels.json')))).toBe(file('channels.json'));
  });

  test('every region has a calendar with holidays in 2026 and 2027; Bahrain works Sunday to Thursday', () => {
    expect(Object.keys(RELEASE_CALENDARS).sort()).toEqual(REGIONS.map((r) => r.name).sort());
    for (const calendar of Object.values(RELEASE_CALENDARS)) {
      expect(calendar.holidays.some((d) => d.startsWith('2026-'))).toBe(true);
      expect(calendar.holidays.some((d) => d.startsWith('2027-'))).toBe(true);
    }
    expect(RELEASE_CALENDARS.Bahrain.workingDays).toEqual(['Sun', 'Mon', 'Tue', 'Wed', 'Thu']);
  });

  test('the beta plan of the next upgrade: London then N. Virginia, back to back, within 48 h', () => {
    const p = planRelease(read().inputs!, { channel: 'beta', version: '2.134.0', now: NOW });
    expect(p.waves.map((w) => w.cells.map((c) => c.stack))).toEqual([['London/prod-beta-App'], ['NVirginia/prod-beta-App']]);
    expect((Date.parse(p.end) - Date.parse(p.start)) / 3_600_000).toBe(12);
  });

  test('the stable plan of candidate 2.133.2: four waves over three weeks, every window out of hours in local time', () => {
    const { inputs } = read();
    const p = planRelease(inputs!, { channel: 'stable', version: '2.133.2', now: NOW });
    expect(p).toMatchObject({
      start: '2027-01-04T00:00:00.000Z',
      end: '2027-01-25T10:00:00.000Z',
      announcements: { releaseCandidate: '2026-12-07', scheduleCommunication: '2026-12-21' },
    });
    expect(p.waves.map((w) => w.cells.length)).toEqual([1, 6, 1, 6]);
    for (const cell of p.waves.flatMap((w) => w.cells)) {
      const region = inputs!.regions.find((r) => r.name === cell.region)!;
      const clock = { name: region.name, timeZone: region.timeZone, calendar: RELEASE_CALENDARS[region.name], drillWindow: region.drillWindow };
      expect(workingIntervals(clock, new Date(cell.start), new Date(cell.end))).toEqual([]);
      expect(drillIntervals(clock, new Date(cell.start), new Date(cell.end))).toEqual([]);
    }
  });
});
