import type { FrameworkCoverage } from '../document';
import { escapeHtml } from './escape';

/** The four states of a mapped control, in the order the bar stacks them, with their colours. */
const SEGMENTS = [
  { key: 'evidenced', label: 'evidenced', colour: '#1a7f37' },
  { key: 'acknowledgedOnly', label: 'acknowledged only', colour: '#d4a72c' },
  { key: 'open', label: 'open', colour: '#cf222e' },
  { key: 'noResults', label: 'no results', colour: '#afb8c1' },
] as const;

const BAR_WIDTH = 320;
const BAR_HEIGHT = 16;

/** One framework's controls as a stacked bar (inline SVG, each segment titled for a tooltip). */
function bar(c: FrameworkCoverage): string {
  let x = 0;
  const rects = SEGMENTS.filter((s) => c[s.key] > 0).map((s) => {
    const width = (c[s.key] / Math.max(c.controls, 1)) * BAR_WIDTH;
    const rect = `<rect x="${x.toFixed(1)}" y="0" width="${width.toFixed(1)}" height="${BAR_HEIGHT}" fill="${s.colour}"><title>${c[s.key]} ${s.label}</title></rect>`;
    x += width;
    return rect;
  });
  const share = c.evidenced + c.acknowledgedOnly;
  return (
    `<svg width="${BAR_WIDTH}" height="${BAR_HEIGHT}" viewBox="0 0 ${BAR_WIDTH} ${BAR_HEIGHT}" role="img" aria-label="${escapeHtml(`${c.framework}: ${share} of ${c.controls} controls evidenced`)}">` +
    `<rect width="${BAR_WIDTH}" height="${BAR_HEIGHT}" fill="#eaeef2"/>${rects.join('')}</svg>`
  );
}

/** Per framework the share of mapped controls evidenced, as bars with the figures beside them. */
export function coverageChart(frameworks: readonly FrameworkCoverage[]): string {
  const rows = frameworks.map((c) => {
    const share = c.evidenced + c.acknowledgedOnly;
    const percent = c.controls > 0 ? Math.round((share / c.controls) * 100) : 0;
    return (
      `<tr><td class="nw"><a href="#${escapeHtml(c.id)}">${escapeHtml(c.framework)}</a></td><td>${bar(c)}</td>` +
      `<td class="nw"><strong>${percent}%</strong> (${share} of ${c.controls})${c.open > 0 ? ` <span class="ev-open">${c.open} open</span>` : ''}</td></tr>`
    );
  });
  const legend = SEGMENTS.map((s) => `<span><i style="background:${s.colour}"></i>${s.label}</span>`).join('');
  return `<p class="legend"><strong>Mapped controls evidenced, per framework:</strong> ${legend}</p><table class="coverage" id="coverage"><tbody>${rows.join('')}</tbody></table>`;
}
