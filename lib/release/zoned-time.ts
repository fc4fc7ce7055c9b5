/**
 * Local wall time in an IANA time zone, and back to UTC, with the platform's Intl (no time-zone library): the zone's
 * rules, daylight saving time included, are ICU's. A local time that does not exist (the hour skipped in spring) or
 * exists twice (the hour repeated in autumn) is resolved as Temporal's 'compatible' disambiguation does.
 */

/** Days of the week as the maintenance windows spell them (`Sun:01:00-Sun:04:00`). */
export const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A wall-clock time: what a clock on the wall of the region shows (month 1 to 12). */
export interface LocalDateTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
}

/** A wall-clock time with its day of the week and its seconds, as read at an instant. */
export interface LocalReading extends LocalDateTime {
  readonly second: number;
  readonly weekday: Weekday;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall-clock time in `timeZone` at an instant. */
export function localAt(instant: Date, timeZone: string): LocalReading {
  const parts = Object.fromEntries(
    formatterOf(timeZone)
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: parts.weekday as Weekday,
  };
}

/** Minutes the zone's clocks are ahead of UTC at an instant (London in summer: 60; New York in winter: -300). */
export function offsetMinutesAt(instant: Date, timeZone: string): number {
  const local = localAt(instant, timeZone);
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / MINUTE);
}

/**
 * Every instant at which the zone's clocks show `local`, earliest first: one on most days, none in a spring-forward
 * gap, two in an autumn overlap.
 */
export function instantsOf(local: LocalDateTime, timeZone: string): Date[] {
  const guess = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  // Offsets are at most 14 h, and a zone changes its offset at most once a day: a day either side holds both.
  const offsets = [...new Set([offsetMinutesAt(new Date(guess - DAY), timeZone), offsetMinutesAt(new Date(guess + DAY), timeZone)])];
  return offsets
    .map((offset) => new Date(guess - offset * MINUTE))
    .filter((instant) => sameWallTime(localAt(instant, timeZone), local))
    .sort((a, b) => a.getTime() - b.getTime());
}

/**
 * The instant at which the zone's clocks show `local`. In an overlap, the earlier of the two (the first time the clock
 * shows it); in a gap, the wall time read with the offset before the change, which lands as far after the gap as it
 * lay in it (01:30 on London's spring-forward day is 02:30 BST).
 */
export function toUtc(local: LocalDateTime, timeZone: string): Date {
  const instants = instantsOf(local, timeZone);
  if (instants.length > 0) return instants[0];
  const guess = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  return new Date(guess - offsetMinutesAt(new Date(guess - DAY), timeZone) * MINUTE);
}

/** An instant as local ISO 8601 time with its offset, e.g. `2026-03-29T02:30+01:00`. */
export function formatLocal(instant: Date, timeZone: string): string {
  const local = localAt(instant, timeZone);
  const offset = offsetMinutesAt(instant, timeZone);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${dateOf(local)}T${pad(local.hour)}:${pad(local.minute)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** An instant in UTC to the minute, e.g. `2026-11-29T04:00Z`. */
export function formatUtc(instant: Date): string {
  return `${instant.toISOString().slice(0, 16)}Z`;
}

/** The local calendar date at an instant, `YYYY-MM-DD`. */
export function localDateAt(instant: Date, timeZone: string): string {
  return dateOf(localAt(instant, timeZone));
}

/** `YYYY-MM-DD` of a wall time's date. */
export function dateOf(local: Pick<LocalDateTime, 'year' | 'month' | 'day'>): string {
  return `${String(local.year).padStart(4, '0')}-${pad(local.month)}-${pad(local.day)}`;
}

/** A calendar date `n` days after `date` (`YYYY-MM-DD`; n may be negative). */
export function addDays(date: string, n: number): string {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day) + n * DAY).toISOString().slice(0, 10);
}

/** The day of the week of a calendar date. */
export function weekdayOf(date: string): Weekday {
  const [year, month, day] = date.split('-').map(Number);
  return WEEKDAYS[new Date(Date.UTC(year, month - 1, day)).getUTCDay()];
}

/** True for a real calendar date written `YYYY-MM-DD` (no 2026-02-30). */
export function isIsoDate(text: unknown): text is string {
  if (typeof text !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** The wall time `minutesOfDay` minutes after midnight of a calendar date (1440 is the next day's midnight). */
export function wallTime(date: string, minutesOfDay: number): LocalDateTime {
  const [year, month, day] = addDays(date, Math.floor(minutesOfDay / 1440))
    .split('-')
    .map(Number);
  const minutes = minutesOfDay % 1440;
  return { year, month, day, hour: Math.floor(minutes / 60), minute: minutes % 60 };
}

function sameWallTime(a: LocalDateTime, b: LocalDateTime): boolean {
  return a.year === b.year && a.month === b.month && a.day === b.day && a.hour === b.hour && a.minute === b.minute;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
