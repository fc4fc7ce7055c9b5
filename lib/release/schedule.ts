import { earliestSlot, lastHolidayYear, type RegionClock } from './calendar';
import { BETA_SPAN_HOURS, type PlanInputs, type PlannedCell, type PlannedWave, refuse, SLOT_MINUTES } from './plan-types';
import { groupIntoWaves, type WaveCell } from './waves';
import { formatLocal, formatUtc, localAt } from './zoned-time';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A cell the plan moves to the new version. */
export interface Target extends WaveCell {
  readonly key: string;
  readonly stack: string;
  readonly fromVersion: string;
  readonly kind: 'patch' | 'upgrade' | 'major';
}

/** Places each wave's cells; the first wave from `start`, each next one when the one before ends (and `spacingDays` after it began). */
export function schedule(inputs: PlanInputs, targets: readonly Target[], start: Date, spacingDays: number, workingHoursAllowed: boolean): PlannedWave[] {
  const waves: PlannedWave[] = [];
  for (const group of groupIntoWaves(targets)) {
    const before = waves[waves.length - 1];
    const notBefore = before ? new Date(Math.max(Date.parse(before.end), Date.parse(before.start) + spacingDays * DAY)) : start;
    const cells: PlannedCell[] = group.regions.flatMap(({ region: name, cells: regionTargets }) => {
      const region = inputs.regions.find((r) => r.name === name)!;
      const calendar = inputs.calendars[name];
      if (!calendar) refuse(`regions/release-calendars.ts has no calendar for region ${name}: add its working days, hours and holidays`);
      const clock: RegionClock = { name, timeZone: region.timeZone, calendar, drillWindow: region.drillWindow };
      let cursor = notBefore;
      return regionTargets.map((target) => {
        const slot = earliestSlot(clock, cursor, SLOT_MINUTES, { workingHoursAllowed });
        if (!slot)
          refuse(
            `no ${SLOT_MINUTES / 60} h window for ${target.key} within 60 days of ${formatUtc(cursor)}: ${name}'s working hours and drill window leave none`,
          );
        const year = localAt(slot.end, region.timeZone).year;
        const last = lastHolidayYear(calendar);
        if (last === undefined || year > last) {
          refuse(
            `regions/release-calendars.ts lists ${name}'s holidays up to ${last ?? '(none)'}, and the window of ${target.key} falls in ${year}: add ${year}'s holidays first`,
          );
        }
        cursor = slot.end;
        return {
          region: name,
          regionCode: region.code,
          cell: target.cellId,
          key: target.key,
          environment: target.environment,
          stack: target.stack,
          fromVersion: target.fromVersion,
          start: slot.start.toISOString(),
          end: slot.end.toISOString(),
          localStart: formatLocal(slot.start, region.timeZone),
          localEnd: formatLocal(slot.end, region.timeZone),
          timeZone: region.timeZone,
        };
      });
    });
    const starts = cells.map((c) => Date.parse(c.start));
    const ends = cells.map((c) => Date.parse(c.end));
    waves.push({
      number: waves.length + 1,
      exposure: group.exposure,
      start: new Date(Math.min(...starts)).toISOString(),
      end: new Date(Math.max(...ends)).toISOString(),
      cells,
    });
  }
  return waves;
}

/** Refuses a beta plan that does not end within two days of its start, naming the cells that did not fit. */
export function withinTwoDays(waves: readonly PlannedWave[], start: Date, end: Date): void {
  const limit = start.getTime() + BETA_SPAN_HOURS * HOUR;
  if (end.getTime() <= limit) return;
  const late = waves.flatMap((w) =>
    w.cells.filter((c) => Date.parse(c.end) > limit).map((c) => `${c.key} (wave ${w.number}, ends ${formatUtc(new Date(c.end))})`),
  );
  refuse(
    `a beta rollout ends within ${BETA_SPAN_HOURS} h of its start; this one would end at ${formatUtc(end)}, ${Math.ceil((end.getTime() - start.getTime()) / HOUR)} h after ${formatUtc(start)}: did not fit: ${late.join(', ')}`,
  );
}
