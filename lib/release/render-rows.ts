import type { PlannedCell, ReleasePlan } from './plan-types';
import { weekdayOf } from './zoned-time';

/** The plan's rows as the table and the Markdown show them: one per cell window, in wave order. */
export const ROW_HEADERS = ['Wave', 'Region', 'Cell', 'Stack', 'UTC', 'Local time'] as const;

export function rowsOf(plan: ReleasePlan): string[][] {
  return plan.waves.flatMap((wave) => wave.cells.map((cell) => [String(wave.number), cell.region, cell.cell, cell.stack, utcWindow(cell), localWindow(cell)]));
}

/** The plan in one sentence: channel, version, kind, waves, span. */
export function summaryOf(plan: ReleasePlan): string {
  const waves = `${plan.waves.length} wave${plan.waves.length === 1 ? '' : 's'}`;
  const cells = plan.waves.reduce((n, w) => n + w.cells.length, 0);
  return `${plan.channel} ${plan.version} (${plan.kind}): ${cells} cell${cells === 1 ? '' : 's'} in ${waves}, from ${minute(plan.start)} to ${minute(plan.end)} (${spanOf(plan.start, plan.end)})`;
}

/** How each cell's window is placed, in one sentence. */
export function windowRuleOf(plan: ReleasePlan): string {
  const hours = plan.workingHoursAllowed ? 'in or out of working hours (a patch, --patch)' : "out of working hours in its region's local time";
  return `Each cell gets one ${plan.slotMinutes / 60} h window (${plan.steps.join(', ')}) ${hours}, outside the region's drill window.`;
}

/** The customer notices of a stable upgrade, or undefined. */
export function noticesOf(plan: ReleasePlan): string | undefined {
  const a = plan.announcements;
  if (!a) return undefined;
  return `Release candidate ${plan.version} announced and open to opt in by ${a.releaseCandidate}; upgrade schedule communicated to customers by ${a.scheduleCommunication}.`;
}

/** A span as days and hours, e.g. `21 d 10 h` or `12 h`. */
export function spanOf(start: string, end: string): string {
  const hours = Math.round((Date.parse(end) - Date.parse(start)) / 3_600_000);
  const days = Math.floor(hours / 24);
  return days > 0 ? `${days} d ${hours % 24} h` : `${hours} h`;
}

/** `2026-11-29T04:00Z`. */
function minute(iso: string): string {
  return `${iso.slice(0, 16)}Z`;
}

/** `Sun 2026-11-29 04:00-07:00`, with the end's date when it is another day. */
function utcWindow(cell: PlannedCell): string {
  return window(cell.start.slice(0, 16), cell.end.slice(0, 16));
}

/** `Sun 2026-11-29 04:00-07:00 -05:00 America/New_York`. */
function localWindow(cell: PlannedCell): string {
  const offset = cell.localStart.slice(16);
  const endOffset = cell.localEnd.slice(16);
  return `${window(cell.localStart.slice(0, 16), cell.localEnd.slice(0, 16))} ${offset === endOffset ? offset : `${offset}/${endOffset}`} ${cell.timeZone}`;
}

function window(start: string, end: string): string {
  const [startDate, startTime] = start.split('T');
  const [endDate, endTime] = end.split('T');
  const endText = endDate === startDate ? endTime : `${weekdayOf(endDate)} ${endDate} ${endTime}`;
  return `${weekdayOf(startDate)} ${startDate} ${startTime}-${endText}`;
}
