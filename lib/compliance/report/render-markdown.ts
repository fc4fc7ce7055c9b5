import { Block } from './document';

const cell = (value: string | number) => String(value).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/** report.md: the document as GitHub-flavoured Markdown. */
export function renderMarkdown(blocks: readonly Block[]): string {
  return blocks.map((block) => {
    switch (block.kind) {
      case 'heading': return `${'#'.repeat(block.level)} ${block.text}`;
      case 'paragraph': return block.text;
      case 'list': return block.items.map((item) => `- ${item}`).join('\n');
      case 'table': return [
        `| ${block.headers.map(cell).join(' | ')} |`,
        `| ${block.headers.map(() => '---').join(' | ')} |`,
        ...block.rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
      ].join('\n');
    }
  }).join('\n\n') + '\n';
}
