import {
  blockedIntervals,
  calendarProblems,
  drillIntervals,
  earliestSlot,
  isWorkingDay,
  outOfHoursIntervals,
  type RegionClock,
  workingIntervals,
} from '../../lib/release/calendar';
import { BAHRAIN_WEEK, OFFICE } from './fixtures';

const at = (iso: string) => new Date(iso);
const london: RegionClock = { name: 'London', timeZone: 'Europe/London', calendar: OFFICE, drillWindow: 'Sun:01:00-Sun:04:00' };
const bahrain: RegionClock = { name: 'Bahrain', timeZone: 'Asia/Bahrain', calendar: BAHRAIN_WEEK, drillWindow: 'Fri:01:00-Fri:04:00' };
const sydney: RegionClock = { name: 'Sydney', timeZone: 'Australia/Sydney', calendar: OFFICE, drillWindow: 'Sun:01:00-Sun:04:00' };
const spans = (intervals: { start: Date; end: Date }[]) => intervals.map((i) => `${i.start.toISOString().slice(0, 16)}/${i.end.toISOString().slice(11, 16)}`);
const slot = (clock: RegionClock, from: string, workingHoursAllowed = false) => {
  const found = earliestSlot(clock, at(from), 180, { workingHoursAllowed });
  return found && `${found.start.toISOString().slice(0, 16)}Z`;
};

describe('working time, holidays and the drill window', () => {
  test('a working day is a working day of the week that is not a holiday; Bahrain works Sunday to Thursday', () => {
    expect(isWorkingDay('2026-12-24', OFFICE)).toBe(true);
    expect(isWorkingDay('2026-12-25', OFFICE)).toBe(false);
    expect(isWorkingDay('2026-11-28', OFFICE)).toBe(false);
    expect(isWorkingDay('2026-11-29', BAHRAIN_WEEK)).toBe(true);
    expect(isWorkingDay('2026-12-04', BAHRAIN_WEEK)).toBe(false);
    expect(isWorkingDay('2026-12-05', BAHRAIN_WEEK)).toBe(false);
    expect(isWorkingDay('2026-12-16', BAHRAIN_WEEK)).toBe(false);
  });

  test('working hours are local: 08:00 in London is 08:00 UTC in winter and 07:00 UTC in summer', () => {
    expect(spans(workingIntervals(london, at('2026-03-27T00:00Z'), at('2026-03-31T00:00Z')))).toEqual(['2026-03-27T08:00/18:00', '2026-03-30T07:00/17:00']);
    expect(spans(workingIntervals(bahrain, at('2026-12-03T00:00Z'), at('2026-12-07T00:00Z')))).toEqual(['2026-12-03T04:00/14:00', '2026-12-06T04:00/14:00']);
  });

  test("the drill window is local too, and on London's spring-forward Sunday lasts two real hours", () => {
    expect(spans(drillIntervals(london, at('2026-03-22T00:00Z'), at('2026-03-30T00:00Z')))).toEqual(['2026-03-22T01:00/04:00', '2026-03-29T01:00/03:00']);
    expect(spans(drillIntervals(bahrain, at('2026-12-01T00:00Z'), at('2026-12-08T00:00Z')))).toEqual(['2026-12-03T22:00/01:00']);
  });

  test('a window already open at the start of a range is found', () => {
    expect(spans(drillIntervals(london, at('2026-11-29T02:00Z'), at('2026-11-29T02:30Z')))).toEqual(['2026-11-29T01:00/04:00']);
  });

  test('out of hours: nights, weekends and holidays, less the drill window', () => {
    expect(spans(outOfHoursIntervals(london, at('2026-11-27T00:00Z'), at('2026-11-30T12:00Z')))).toEqual([
      '2026-11-27T00:00/08:00',
      '2026-11-27T18:00/01:00',
      '2026-11-29T04:00/08:00',
    ]);
    expect(blockedIntervals(london, at('2026-11-27T09:00Z'), at('2026-11-27T10:00Z'), { workingHoursAllowed: true })).toEqual([]);
  });

  test('the earliest 3 h slot: after working hours, around the drill window, on a holiday, across DST', () => {
    expect(slot(london, '2026-11-27T16:00Z')).toBe('2026-11-27T18:00Z');
    expect(slot(london, '2026-11-29T00:00Z')).toBe('2026-11-29T04:00Z');
    expect(slot(london, '2026-12-25T09:00Z')).toBe('2026-12-25T09:00Z');
    expect(slot(london, '2026-11-26T09:00Z', true)).toBe('2026-11-26T09:00Z');
    expect(slot(london, '2026-11-29T02:00Z', true)).toBe('2026-11-29T04:00Z');
    // Monday 30 March 2026: working hours end at 18:00 BST, 17:00 UTC.
    expect(slot(london, '2026-03-30T12:00Z')).toBe('2026-03-30T17:00Z');
    // Sydney in January is UTC+11: Monday 00:00 UTC is 11:00 there, free from 18:00 AEDT.
    expect(slot(sydney, '2027-01-11T00:00Z')).toBe('2027-01-11T07:00Z');
    // Bahrain's Friday is a day off, but 01:00-04:00 is its drill window; Sunday is a working day.
    expect(slot(bahrain, '2026-12-03T21:00Z')).toBe('2026-12-04T01:00Z');
    expect(slot(bahrain, '2026-12-06T06:00Z')).toBe('2026-12-06T14:00Z');
  });

  test('no slot when the week leaves none', () => {
    const always: RegionClock = {
      ...london,
      calendar: { workingDays: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'], workingHours: '00:00-24:00', holidays: [] },
    };
    expect(earliestSlot(always, at('2026-11-27T16:00Z'), 180, { workingHoursAllowed: false, horizonDays: 14 })).toBeUndefined();
  });

  test('a calendar with mistakes gets one line per problem', () => {
    const problems = calendarProblems('London', {
      workingDays: ['Mon', 'Fry'] as never,
      workingHours: '18:00-08:00',
      holidays: ['2026-12-25', '2026-02-30', '2026-12-25'],
    });
    expect(problems).toEqual([
      'regions/release-calendars.ts, region London: workingDays is ["Mon","Fry"]; allowed: distinct days of Sun, Mon, Tue, Wed, Thu, Fri, Sat, at least one',
      'regions/release-calendars.ts, region London: workingHours is "18:00-08:00"; allowed: local HH:MM-HH:MM within one day, the end after the start, e.g. "08:00-18:00"',
      'regions/release-calendars.ts, region London: holidays[1] is "2026-02-30"; allowed: a real date YYYY-MM-DD',
      'regions/release-calendars.ts, region London: holidays[2] is "2026-12-25"; allowed: each date once',
    ]);
    expect(calendarProblems('London', OFFICE)).toEqual([]);
  });
});
