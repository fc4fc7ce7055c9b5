import { addDays, isIsoDate, localDateAt, toUtc, wallTime, type Weekday, WEEKDAYS, weekdayOf } from './zoned-time';

/** A region's working time in its local time: the week, the hours and the public holidays people do not work. */
export interface ReleaseCalendar {
  /** Days people work; the other days are out of hours from midnight to midnight. */
  readonly workingDays: readonly Weekday[];
  /** Working hours of a working day, local `HH:MM-HH:MM`, e.g. `08:00-18:00`. */
  readonly workingHours: string;
  /** Local public holidays, `YYYY-MM-DD`: out of hours all day. */
  readonly holidays: readonly string[];
}

/** What the planner needs of a region's time: its zone, its calendar and the weekly window its drills use. */
export interface RegionClock {
  readonly name: string;
  /** IANA time zone of the region's local time (its maintenance window's zone). */
  readonly timeZone: string;
  readonly calendar: ReleaseCalendar;
  /** The weekly SQL drill window, local `ddd:hh:mm-ddd:hh:mm`: a release never overlaps it. */
  readonly drillWindow?: string;
}

/** A span of time from `start` (included) to `end` (excluded). */
export interface Interval {
  readonly start: Date;
  readonly end: Date;
}

const MINUTE = 60_000;
const HOURS_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$/;
const WINDOW_PATTERN = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun):([01]\d|2[0-3]):([0-5]\d)-(Mon|Tue|Wed|Thu|Fri|Sat|Sun):([01]\d|2[0-3]):([0-5]\d)$/;

/** True on a local date people work: a working day of the week that is not a holiday. */
export function isWorkingDay(date: string, calendar: ReleaseCalendar): boolean {
  return calendar.workingDays.includes(weekdayOf(date)) && !calendar.holidays.includes(date);
}

/** Working hours of every working day that meets [from, to), in UTC, earliest first. */
export function workingIntervals(clock: RegionClock, from: Date, to: Date): Interval[] {
  const [startMinute, endMinute] = minutesOfHours(clock.calendar.workingHours);
  return localDatesAround(clock.timeZone, from, to)
    .filter((date) => isWorkingDay(date, clock.calendar))
    .map((date) => ({ start: toUtc(wallTime(date, startMinute), clock.timeZone), end: toUtc(wallTime(date, endMinute), clock.timeZone) }))
    .filter((interval) => overlaps(interval, { start: from, end: to }));
}

/** Each occurrence of the weekly drill window that meets [from, to), in UTC, earliest first. */
export function drillIntervals(clock: RegionClock, from: Date, to: Date): Interval[] {
  const window = clock.drillWindow && WINDOW_PATTERN.exec(clock.drillWindow);
  if (!window) return [];
  const startMinute = Number(window[2]) * 60 + Number(window[3]);
  const length =
    (WEEKDAYS.indexOf(window[4] as Weekday) - WEEKDAYS.indexOf(window[1] as Weekday) + 7) * 1440 + Number(window[5]) * 60 + Number(window[6]) - startMinute;
  const minutes = length % (7 * 1440) || 7 * 1440;
  // A window that starts before `from` may still be open at `from`.
  return localDatesAround(clock.timeZone, new Date(from.getTime() - minutes * MINUTE), to)
    .filter((date) => weekdayOf(date) === window[1])
    .map((date) => ({ start: toUtc(wallTime(date, startMinute), clock.timeZone), end: toUtc(wallTime(date, startMinute + minutes), clock.timeZone) }))
    .filter((interval) => overlaps(interval, { start: from, end: to }));
}

/** What a release in [from, to) must avoid: the drill window always, and working hours unless it is a patch run in them. */
export function blockedIntervals(clock: RegionClock, from: Date, to: Date, options: { readonly workingHoursAllowed: boolean }): Interval[] {
  const working = options.workingHoursAllowed ? [] : workingIntervals(clock, from, to);
  return [...working, ...drillIntervals(clock, from, to)].sort((a, b) => a.start.getTime() - b.start.getTime());
}

/** The stretches of [from, to) that are out of working hours and outside the drill window, earliest first. */
export function outOfHoursIntervals(clock: RegionClock, from: Date, to: Date): Interval[] {
  const free: Interval[] = [];
  let cursor = from;
  for (const blocked of blockedIntervals(clock, from, to, { workingHoursAllowed: false })) {
    if (blocked.start > cursor) free.push({ start: cursor, end: blocked.start < to ? blocked.start : to });
    if (blocked.end > cursor) cursor = blocked.end;
  }
  if (cursor < to) free.push({ start: cursor, end: to });
  return free;
}

/**
 * The earliest `minutes`-long interval starting at or after `notBefore` that meets nothing blocked, or undefined when
 * none starts within `horizonDays`.
 */
export function earliestSlot(
  clock: RegionClock,
  notBefore: Date,
  minutes: number,
  options: { readonly workingHoursAllowed: boolean; readonly horizonDays?: number },
): Interval | undefined {
  const horizon = notBefore.getTime() + (options.horizonDays ?? 60) * 1440 * MINUTE;
  let start = notBefore;
  while (start.getTime() <= horizon) {
    const end = new Date(start.getTime() + minutes * MINUTE);
    const blocking = blockedIntervals(clock, start, end, options);
    if (blocking.length === 0) return { start, end };
    start = new Date(Math.max(...blocking.map((interval) => interval.end.getTime())));
  }
  return undefined;
}

/** The last year the calendar lists holidays for (it is maintained yearly), or undefined when it lists none. */
export function lastHolidayYear(calendar: ReleaseCalendar): number | undefined {
  const years = calendar.holidays.map((date) => Number(date.slice(0, 4)));
  return years.length > 0 ? Math.max(...years) : undefined;
}

/** One line per problem of a region's calendar, naming the file, the region, the field, the value and what is allowed. */
export function calendarProblems(region: string, calendar: ReleaseCalendar, file = 'regions/release-calendars.ts'): string[] {
  const problems: string[] = [];
  const say = (field: string, value: unknown, allowed: string) =>
    problems.push(`${file}, region ${region}: ${field} is ${JSON.stringify(value)}; allowed: ${allowed}`);
  const days = calendar.workingDays as readonly string[];
  if (days.length === 0 || days.some((day) => !(WEEKDAYS as readonly string[]).includes(day)) || new Set(days).size !== days.length) {
    say('workingDays', days, `distinct days of ${WEEKDAYS.join(', ')}, at least one`);
  }
  const hours = HOURS_PATTERN.exec(calendar.workingHours);
  if (!hours || minutesOfHours(calendar.workingHours)[1] <= minutesOfHours(calendar.workingHours)[0] || minutesOfHours(calendar.workingHours)[1] > 1440) {
    say('workingHours', calendar.workingHours, 'local HH:MM-HH:MM within one day, the end after the start, e.g. "08:00-18:00"');
  }
  calendar.holidays.forEach((date, i) => {
    if (!isIsoDate(date)) say(`holidays[${i}]`, date, 'a real date YYYY-MM-DD');
    else if (calendar.holidays.indexOf(date) !== i) say(`holidays[${i}]`, date, 'each date once');
  });
  return problems;
}

/** True when two intervals share an instant. */
export function overlaps(a: Interval, b: Interval): boolean {
  return a.start < b.end && b.start < a.end;
}

/** The start and end of `HH:MM-HH:MM` in minutes after midnight. */
function minutesOfHours(hours: string): [number, number] {
  const match = HOURS_PATTERN.exec(hours);
  if (!match) return [0, 0];
  return [Number(match[1]) * 60 + Number(match[2]), Number(match[3]) * 60 + Number(match[4])];
}

/** Every local date from the day before `from` to the day after `to`: enough for any offset. */
function localDatesAround(timeZone: string, from: Date, to: Date): string[] {
  const dates: string[] = [];
  const last = addDays(localDateAt(to, timeZone), 1);
  for (let date = addDays(localDateAt(from, timeZone), -1); date <= last; date = addDays(date, 1)) dates.push(date);
  return dates;
}
