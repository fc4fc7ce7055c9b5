import type { ReleasePlan } from './plan-types';
import { noticesOf, ROW_HEADERS, rowsOf, summaryOf, windowRuleOf } from './render-rows';

/** The plan as Markdown for review (a pull request, a ticket): summary, notices, waves, and one table row per cell window. */
export function renderMarkdown(plan: ReleasePlan): string {
  const out = [`# Release plan ${plan.id}`, '', `${capitalised(summaryOf(plan))}. Generated ${plan.generatedAt.slice(0, 16)}Z.`, '', windowRuleOf(plan)];
  const notices = noticesOf(plan);
  if (notices) out.push('', notices);
  out.push('', '## Waves', '', ...plan.waves.map((w) => `${w.number}. ${escape(w.exposure)}: ${w.start.slice(0, 16)}Z to ${w.end.slice(0, 16)}Z`), '');
  out.push(...table(ROW_HEADERS, rowsOf(plan)));
  out.push('', `Apply wave by wave: \`npm run release -- apply --plan <this plan's plan.json> --wave N\`.`);
  return `${out.join('\n')}\n`;
}

/** A table padded as prettier pads it, so that the file passes `prettier --check` as written. */
function table(headers: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const cells = [headers, ...rows].map((row) => row.map(escape));
  const widths = headers.map((_, i) => Math.max(3, ...cells.map((row) => row[i].length)));
  const line = (row: readonly string[]) => `| ${row.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
  return [line(cells[0]), line(widths.map((w) => '-'.repeat(w))), ...cells.slice(1).map(line)];
}

/** Markdown's special characters in table cells and list items. */
function escape(text: string): string {
  return text.replace(/([\\|*_`[\]<>])/g, '\\$1');
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
