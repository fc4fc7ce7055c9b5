import type { PlannedCell, PlannedWave, ReleasePlan } from './plan-types';

/** Identifies the program that wrote the calendar (RFC 5545 3.7.3). */
export const ICS_PRODID = '-//Halo platform//release planner//EN';

/**
 * The plan as an iCalendar file (RFC 5545) that calendar applications import: one VEVENT per cell window, in UTC, with a
 * UID that stays the same when the same plan is written again (so an import updates rather than duplicates). Lines
 * end in CRLF and are folded at 75 octets; text values are escaped.
 */
export function renderIcs(plan: ReleasePlan): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${ICS_PRODID}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(`Halo ${plan.channel} ${plan.version}`)}`,
    ...plan.waves.flatMap((wave) => wave.cells.flatMap((cell) => event(plan, wave, cell))),
    'END:VCALENDAR',
  ];
  return lines.map(fold).join('\r\n') + '\r\n';
}

function event(plan: ReleasePlan, wave: PlannedWave, cell: PlannedCell): string[] {
  const description = [
    `Release of ${plan.channel} ${plan.version} (${plan.kind}) to cell ${cell.key} (${cell.environment}): ${cell.fromVersion} to ${plan.version}.`,
    `Stack: ${cell.stack}. Steps: ${plan.steps.join(', ')}.`,
    `Local time: ${cell.localStart} to ${cell.localEnd} (${cell.timeZone}).`,
    `Plan ${plan.id}, wave ${wave.number} (${wave.exposure}).`,
  ].join('\n');
  return [
    'BEGIN:VEVENT',
    `UID:${plan.id}-${cell.key.replace(/\//g, '-')}@release.halo`,
    `DTSTAMP:${utcStamp(plan.generatedAt)}`,
    `DTSTART:${utcStamp(cell.start)}`,
    `DTEND:${utcStamp(cell.end)}`,
    `SUMMARY:${escapeText(`Halo ${plan.channel} ${plan.version}, wave ${wave.number}: ${cell.region} ${cell.cell}`)}`,
    `LOCATION:${escapeText(`${cell.region} (${cell.regionCode})`)}`,
    `DESCRIPTION:${escapeText(description)}`,
    'TRANSP:OPAQUE',
    'END:VEVENT',
  ];
}

/** An ISO instant as an RFC 5545 UTC date-time, `20261129T040000Z`. */
export function utcStamp(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`;
}

/** Escapes a TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newline. */
export function escapeText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/**
 * Folds a content line into lines of at most 75 octets (RFC 5545 3.1): each continuation starts with one space, and a
 * UTF-8 character is never split.
 */
export function fold(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    if (octets + size > 75) {
      parts.push(current);
      current = ' ';
      octets = 1;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n');
}
