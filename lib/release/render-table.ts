import type { ReleasePlan } from './plan-types';
import { noticesOf, ROW_HEADERS, rowsOf, summaryOf, windowRuleOf } from './render-rows';

/** The plan as the terminal shows it: a summary, the notices, then one aligned row per cell window under its wave. */
export function renderTable(plan: ReleasePlan): string {
  const rows = rowsOf(plan);
  const widths = ROW_HEADERS.map((header, i) => Math.max(header.length, ...rows.map((row) => row[i].length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  const out = [`Plan ${plan.id}: ${summaryOf(plan)}`, windowRuleOf(plan)];
  const notices = noticesOf(plan);
  if (notices) out.push(notices);
  out.push('', line(ROW_HEADERS));
  for (const wave of plan.waves) {
    out.push(`-- wave ${wave.number}: ${wave.exposure}`);
    rows.filter((row) => row[0] === String(wave.number)).forEach((row) => out.push(line(row)));
  }
  return `${out.join('\n')}\n`;
}
