import { planRelease } from '../../lib/release/plan';
import { escapeText, fold, ICS_PRODID, renderIcs } from '../../lib/release/render-ics';
import { renderMarkdown } from '../../lib/release/render-markdown';
import { renderTable } from '../../lib/release/render-table';
import { FIVE_REGIONS, inputsOf, NOW } from './fixtures';

const stable = planRelease(inputsOf(FIVE_REGIONS), { channel: 'stable', version: '2.133.2', now: NOW });
const cells = stable.waves.flatMap((w) => w.cells);

/** RFC 5545 3.1: a folded line continues on the next line that starts with one space. */
const unfold = (text: string) => text.replace(/\r\n /g, '');

describe('the plan as iCalendar (RFC 5545)', () => {
  const ics = renderIcs(stable);
  const lines = ics.split('\r\n');

  test('every line ends in CRLF, none is longer than 75 octets, and no bare LF is left', () => {
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(lines.pop()).toBe('');
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of lines) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
  });

  test('one VCALENDAR with VERSION and PRODID, holding one VEVENT per cell window', () => {
    const logical = unfold(ics).split('\r\n').filter(Boolean);
    expect(logical.slice(0, 3)).toEqual(['BEGIN:VCALENDAR', 'VERSION:2.0', `PRODID:${ICS_PRODID}`]);
    expect(logical[logical.length - 1]).toBe('END:VCALENDAR');
    // Nesting: BEGIN/END pairs match like brackets, and every property line is NAME:value or NAME;params:value.
    const stack: string[] = [];
    for (const line of logical) {
      expect(line).toMatch(/^[A-Z][A-Z0-9-]*[;:]/);
      if (line.startsWith('BEGIN:')) stack.push(line.slice(6));
      if (line.startsWith('END:')) expect(stack.pop()).toBe(line.slice(4));
    }
    expect(stack).toEqual([]);
    const events = unfold(ics).split('BEGIN:VEVENT\r\n').slice(1);
    expect(events).toHaveLength(cells.length);
    const uids = events.map((event) => /UID:(.*)\r\n/.exec(event)![1]);
    expect(new Set(uids).size).toBe(cells.length);
    events.forEach((event, i) => {
      expect(event).toMatch(/^UID:[^\r\n]+@release\.halo\r\n/);
      expect(event).toContain(`DTSTAMP:${NOW.toISOString().slice(0, 19).replace(/[-:]/g, '')}Z\r\n`);
      expect(event).toContain(`DTSTART:${cells[i].start.slice(0, 19).replace(/[-:]/g, '')}Z\r\n`);
      expect(event).toContain(`DTEND:${cells[i].end.slice(0, 19).replace(/[-:]/g, '')}Z\r\n`);
      expect(event).toMatch(/\r\nEND:VEVENT\r\n/);
    });
  });

  test('the first event, line by line', () => {
    const first = unfold(ics).split('\r\n');
    const begin = first.indexOf('BEGIN:VEVENT');
    expect(first.slice(begin, first.indexOf('END:VEVENT') + 1)).toEqual([
      'BEGIN:VEVENT',
      'UID:stable-2.133.2-20270104T0000Z-london-uat@release.halo',
      'DTSTAMP:20261128T160000Z',
      'DTSTART:20270104T000000Z',
      'DTEND:20270104T030000Z',
      'SUMMARY:Halo stable 2.133.2\\, wave 1: London uat',
      'LOCATION:London (eu-west-2)',
      'DESCRIPTION:Release of stable 2.133.2 (upgrade) to cell london/uat (uat): 2.132.8 to 2.133.2.\\nStack: London/uat-App. Steps: stage\\, canary\\, bake\\, flip\\, retire.\\nLocal time: 2027-01-04T00:00+00:00 to 2027-01-04T03:00+00:00 (Europe/London).\\nPlan stable-2.133.2-20270104T0000Z\\, wave 1 (UAT stable cells\\, pilot: London).',
      'TRANSP:OPAQUE',
      'END:VEVENT',
    ]);
  });

  test('the same plan written twice gives the same UIDs (an import updates its events)', () => {
    expect(renderIcs(stable)).toBe(ics);
    expect(ics).toContain('UID:stable-2.133.2-20270104T0000Z-london-uat@release.halo');
  });

  test('text values are escaped and long ones folded without splitting a character', () => {
    expect(escapeText('a,b;c\\d\ne')).toBe('a\\,b\\;c\\\\d\\ne');
    const long = `DESCRIPTION:${'é'.repeat(60)}`;
    const folded = fold(long);
    expect(folded.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    expect(unfold(folded)).toBe(long);
    expect(fold('SUMMARY:short')).toBe('SUMMARY:short');
    expect(unfold(ics)).toContain('SUMMARY:Halo stable 2.133.2\\, wave 1: London uat\r\n');
  });
});

describe('the plan as a table and as Markdown', () => {
  test('the table lists each cell window under its wave, with the notices', () => {
    const table = renderTable(stable);
    expect(table).toContain('Release candidate 2.133.2 announced and open to opt in by 2026-12-07; upgrade schedule communicated to customers by 2026-12-21.');
    expect(table).toMatch(
      /^-- wave 1: UAT stable cells, pilot: London\n1 +London +uat +London\/uat-App +Mon 2027-01-04 00:00-03:00 +Mon 2027-01-04 00:00-03:00 \+00:00 Europe\/London$/m,
    );
    for (const cell of cells) expect(table).toContain(cell.stack);
  });

  test('the Markdown has one table row per cell, its columns padded alike', () => {
    const markdown = renderMarkdown(stable);
    const rows = markdown.split('\n').filter((line) => line.startsWith('| '));
    expect(rows).toHaveLength(cells.length + 2);
    expect(new Set(rows.map((row) => row.length)).size).toBe(1);
    expect(markdown).toContain('| 2    | Sydney ');
    expect(markdown).toContain('America/New\\_York');
  });
});
