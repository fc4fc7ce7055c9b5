import { addDays, formatLocal, instantsOf, isIsoDate, localAt, offsetMinutesAt, toUtc, wallTime, weekdayOf } from '../../lib/release/zoned-time';

const at = (iso: string) => new Date(iso);
const wall = (date: string, time: string) => wallTime(date, Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5)));
const iso = (instants: Date[]) => instants.map((d) => d.toISOString());

describe('local wall time and UTC', () => {
  test('Europe/London springs forward at 01:00 UTC on the last Sunday of March 2026: 01:00 to 01:59 does not exist', () => {
    expect(offsetMinutesAt(at('2026-03-29T00:59:00Z'), 'Europe/London')).toBe(0);
    expect(offsetMinutesAt(at('2026-03-29T01:00:00Z'), 'Europe/London')).toBe(60);
    expect(localAt(at('2026-03-29T01:00:00Z'), 'Europe/London')).toMatchObject({ hour: 2, minute: 0, weekday: 'Sun' });
    expect(instantsOf(wall('2026-03-29', '01:30'), 'Europe/London')).toEqual([]);
    // In the gap: read with the offset before the change, 01:30 is 02:30 BST.
    expect(formatLocal(toUtc(wall('2026-03-29', '01:30'), 'Europe/London'), 'Europe/London')).toBe('2026-03-29T02:30+01:00');
    expect(toUtc(wall('2026-03-29', '02:00'), 'Europe/London').toISOString()).toBe('2026-03-29T01:00:00.000Z');
  });

  test('Europe/London falls back on the last Sunday of October 2026: 01:00 to 01:59 happens twice', () => {
    expect(iso(instantsOf(wall('2026-10-25', '01:30'), 'Europe/London'))).toEqual(['2026-10-25T00:30:00.000Z', '2026-10-25T01:30:00.000Z']);
    expect(toUtc(wall('2026-10-25', '01:30'), 'Europe/London').toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(formatLocal(at('2026-10-25T00:30:00Z'), 'Europe/London')).toBe('2026-10-25T01:30+01:00');
    expect(formatLocal(at('2026-10-25T01:30:00Z'), 'Europe/London')).toBe('2026-10-25T01:30+00:00');
  });

  test('America/New_York: 8 March 2026 skips 02:00-02:59 EST, 1 November repeats 01:00-01:59', () => {
    expect(instantsOf(wall('2026-03-08', '02:30'), 'America/New_York')).toEqual([]);
    expect(toUtc(wall('2026-03-08', '02:30'), 'America/New_York').toISOString()).toBe('2026-03-08T07:30:00.000Z');
    expect(formatLocal(at('2026-03-08T07:30:00Z'), 'America/New_York')).toBe('2026-03-08T03:30-04:00');
    expect(iso(instantsOf(wall('2026-11-01', '01:30'), 'America/New_York'))).toEqual(['2026-11-01T05:30:00.000Z', '2026-11-01T06:30:00.000Z']);
    expect(offsetMinutesAt(at('2026-07-01T12:00:00Z'), 'America/New_York')).toBe(-240);
    expect(offsetMinutesAt(at('2026-12-01T12:00:00Z'), 'America/New_York')).toBe(-300);
  });

  test('Australia/Sydney, southern hemisphere: daylight time ends on 5 April 2026 and starts on 4 October 2026', () => {
    // 03:00 AEDT falls back to 02:00 AEST: 02:30 happens twice, at +11 then at +10.
    expect(iso(instantsOf(wall('2026-04-05', '02:30'), 'Australia/Sydney'))).toEqual(['2026-04-04T15:30:00.000Z', '2026-04-04T16:30:00.000Z']);
    // 02:00 AEST springs to 03:00 AEDT: 02:30 does not exist and becomes 03:30 AEDT.
    expect(instantsOf(wall('2026-10-04', '02:30'), 'Australia/Sydney')).toEqual([]);
    expect(formatLocal(toUtc(wall('2026-10-04', '02:30'), 'Australia/Sydney'), 'Australia/Sydney')).toBe('2026-10-04T03:30+11:00');
    // Summer in Sydney is winter in London: +11 in January, +10 in July.
    expect(offsetMinutesAt(at('2027-01-11T00:00:00Z'), 'Australia/Sydney')).toBe(660);
    expect(offsetMinutesAt(at('2026-07-01T00:00:00Z'), 'Australia/Sydney')).toBe(600);
  });

  test('Asia/Bahrain keeps +03:00 all year: every wall time exists exactly once', () => {
    for (const date of ['2026-03-29', '2026-10-25', '2026-04-05', '2026-10-04', '2026-03-08']) {
      expect(offsetMinutesAt(toUtc(wall(date, '02:30'), 'Asia/Bahrain'), 'Asia/Bahrain')).toBe(180);
      expect(instantsOf(wall(date, '02:30'), 'Asia/Bahrain')).toHaveLength(1);
    }
    expect(formatLocal(at('2026-12-31T22:30:00Z'), 'Asia/Bahrain')).toBe('2027-01-01T01:30+03:00');
  });

  test('a local time across midnight and the year end reads the right date and weekday', () => {
    expect(localAt(at('2027-01-10T23:30:00Z'), 'Australia/Sydney')).toMatchObject({ year: 2027, month: 1, day: 11, hour: 10, weekday: 'Mon' });
    expect(localAt(at('2027-01-01T02:00:00Z'), 'America/New_York')).toMatchObject({ year: 2026, month: 12, day: 31, hour: 21, weekday: 'Thu' });
    expect(localAt(at('2026-11-29T00:00:00Z'), 'Europe/London')).toMatchObject({ hour: 0, minute: 0, weekday: 'Sun' });
  });

  test('calendar dates: real dates only, arithmetic over month and year ends, weekdays', () => {
    expect(isIsoDate('2026-02-28')).toBe(true);
    for (const bad of ['2026-02-30', '2026-13-01', '2026-1-01', '26-01-01', 20260101]) expect(isIsoDate(bad)).toBe(false);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2027-03-01', -1)).toBe('2027-02-28');
    expect(weekdayOf('2026-11-28')).toBe('Sat');
    expect(wallTime('2026-12-31', 1440)).toEqual({ year: 2027, month: 1, day: 1, hour: 0, minute: 0 });
  });
});
