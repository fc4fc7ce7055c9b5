import { Block, Cell } from './document';
import { coverageChart } from './html/charts';
import { escapeHtml as escape } from './html/escape';
import { findingsTable } from './html/findings';
import { REPORT_SCRIPT } from './html/script';
import { REPORT_CSS } from './html/styles';

function cell(value: Cell, nowrap: boolean): string {
  if (typeof value === 'number') return `<td class="num">${value.toLocaleString('en')}</td>`;
  const open = nowrap ? '<td class="nw">' : '<td>';
  if (typeof value === 'string') return `${open}${escape(value)}</td>`;
  if ('href' in value) return `${open}<a href="#${escape(value.href)}">${escape(value.text)}</a></td>`;
  const [shown, folded] = [value.items.slice(0, value.shown), value.items.slice(value.shown)];
  const more = folded.length > 0 ? ` <details class="more"><summary>+${folded.length} more</summary>${escape(folded.join(', '))}</details>` : '';
  return `${open}${escape(shown.join(', '))}${more}</td>`;
}

function render(block: Block): string {
  switch (block.kind) {
    case 'heading':
      // A section per h2, anchored on the section: its heading stays plain.
      if (block.level === 2) return `</section><section id="${escape(block.id ?? '')}"><h2>${escape(block.text)}</h2>`;
      return `<h${block.level}${block.id ? ` id="${escape(block.id)}"` : ''}>${escape(block.text)}</h${block.level}>`;
    case 'paragraph':
      return `<p>${escape(block.text)}</p>`;
    case 'list':
      return `<ul>${block.items.map((item) => `<li>${escape(item)}</li>`).join('')}</ul>`;
    case 'table':
      return [
        `<div class="wide"><table><thead><tr>${block.headers.map((h) => `<th>${escape(h)}</th>`).join('')}</tr></thead><tbody>`,
        ...block.rows.map((row) => `<tr>${row.map((v, i) => cell(v, block.nowrap?.includes(i) ?? false)).join('')}</tr>`),
        '</tbody></table></div>',
      ].join('\n');
    case 'status':
      return `<p class="verdict"><span class="status status-${block.state}" id="status">${escape(block.label)}</span>${escape(block.text)}</p>`;
    case 'facts':
      return `<dl class="facts">${block.items.map(([k, v]) => `<dt>${escape(k)}</dt><dd>${escape(v)}</dd>`).join('')}</dl>`;
    case 'coverage':
      return coverageChart(block.frameworks);
    case 'toc':
      return tableOfContents(block.entries);
    case 'details':
      return [
        `<details${block.id ? ` id="${escape(block.id)}"` : ''}${block.open ? ' open' : ''}><summary><span class="title">${escape(block.title)}</span>` +
          `${block.subtitle ? `<span class="sub">${escape(block.subtitle)}</span>` : ''}</summary>`,
        ...block.blocks.map(render),
        '</details>',
      ].join('\n');
    case 'findings':
      return findingsTable(block.id, block.entries, block.note);
  }
}

function tableOfContents(entries: readonly { level: 2 | 3; text: string; id: string }[]): string {
  const items: string[] = [];
  entries.forEach((entry, i) => {
    const link = `<a href="#${escape(entry.id)}">${escape(entry.text)}</a>`;
    const next = entries[i + 1];
    if (entry.level === 2) items.push(next?.level === 3 ? `<li>${link}<ol>` : `<li>${link}</li>`);
    else items.push(`<li>${link}</li>${next?.level !== 3 ? '</ol></li>' : ''}`);
  });
  return `<nav class="toc" aria-label="Contents"><ol>${items.join('')}</ol></nav>`;
}

/** report.html: one self-contained page (inline style, script and SVG; no external resource), readable printed. */
export function renderHtml(blocks: readonly Block[]): string {
  const title = blocks.find((b) => b.kind === 'heading');
  const body = blocks.map(render).join('\n');
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escape(title && title.kind === 'heading' ? title.text : 'Compliance report')}</title>`,
    `<style>${REPORT_CSS}</style></head><body><section id="summary">`,
    // The first h2 closes the summary's section; the last section closes here.
    body,
    '</section>',
    `<script>${REPORT_SCRIPT}</script>`,
    '</body></html>',
    '',
  ].join('\n');
}
