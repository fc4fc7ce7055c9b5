import { Block, Cell } from './document';

const text = (value: string | number) => String(value).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

function cell(value: Cell): string {
  if (typeof value !== 'object') return text(value);
  return 'href' in value ? `[${text(value.text)}](#${value.href})` : text(value.items.join(', '));
}

const share = (evidenced: number, controls: number) => `${controls > 0 ? Math.round((evidenced / controls) * 100) : 0}%`;

function render(block: Block): string {
  switch (block.kind) {
    case 'heading':
      return `${'#'.repeat(block.level)} ${block.text}`;
    case 'paragraph':
      return block.text;
    case 'list':
      return block.items.map((item) => `- ${item}`).join('\n');
    case 'table':
      return [
        `| ${block.headers.map(text).join(' | ')} |`,
        `| ${block.headers.map(() => '---').join(' | ')} |`,
        ...block.rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
      ].join('\n');
    case 'status':
      return `**Status: ${block.label}.** ${block.text}`;
    case 'facts':
      return block.items.map(([k, v]) => `- **${k}:** ${v}`).join('\n');
    case 'coverage':
      return render({
        kind: 'table',
        headers: ['framework', 'mapped controls', 'evidenced', 'acknowledged only', 'open', 'no results', 'share evidenced'],
        rows: block.frameworks.map((c) => [
          { text: c.framework, href: c.id },
          c.controls,
          c.evidenced,
          c.acknowledgedOnly,
          c.open,
          c.noResults,
          share(c.evidenced + c.acknowledgedOnly, c.controls),
        ]),
      });
    case 'toc':
      return block.entries.map((e) => `${e.level === 3 ? '  ' : ''}- [${e.text}](#${e.id})`).join('\n');
    // Markdown has no folding: a group is a small heading with its contents beneath.
    case 'details':
      return [`#### ${block.title}`, ...(block.subtitle ? [block.subtitle] : []), ...block.blocks.map(render)].join('\n\n');
    case 'findings':
      return block.note;
  }
}

/** report.md: the document as GitHub-flavoured Markdown (its heading anchors are GitHub's, so the contents link). */
export function renderMarkdown(blocks: readonly Block[]): string {
  return blocks.map(render).join('\n\n') + '\n';
}
