import { Block } from './document';

const escape = (value: string | number) => String(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

// Inline styles only: the file must open offline and print legibly (header rows repeat on each page).
const STYLE = `
body { font: 13px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 2rem; color: #111; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid #ccc; } h3 { font-size: 1.05rem; }
table { border-collapse: collapse; width: 100%; margin: .75rem 0; font-size: 12px; }
th, td { border: 1px solid #bbb; padding: 3px 6px; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: #eee; } thead { display: table-header-group; } tr { break-inside: avoid; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
@media print { body { margin: 0; font-size: 10px; } table { font-size: 9px; } h2 { break-before: auto; break-after: avoid; } }
`;

function render(block: Block): string {
  switch (block.kind) {
    case 'heading': return `<h${block.level}>${escape(block.text)}</h${block.level}>`;
    case 'paragraph': return `<p>${escape(block.text)}</p>`;
    case 'list': return `<ul>${block.items.map((item) => `<li>${escape(item)}</li>`).join('')}</ul>`;
    case 'table': return [
      '<table>',
      `<thead><tr>${block.headers.map((h) => `<th>${escape(h)}</th>`).join('')}</tr></thead>`,
      '<tbody>',
      ...block.rows.map((row) => `<tr>${row.map((v) => (typeof v === 'number' ? `<td class="num">${v}</td>` : `<td>${escape(v)}</td>`)).join('')}</tr>`),
      '</tbody></table>',
    ].join('\n');
  }
}

/** report.html: the document as one self-contained page (no scripts, no external resources). */
export function renderHtml(blocks: readonly Block[]): string {
  const title = blocks.find((b) => b.kind === 'heading');
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${escape(title && title.kind === 'heading' ? title.text : 'Compliance report')}</title>`,
    `<style>${STYLE}</style></head><body>`,
    ...blocks.map(render),
    '</body></html>',
    '',
  ].join('\n');
}
