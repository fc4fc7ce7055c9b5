/** Prettier's print width in this repository (.prettierrc.json). */
const WIDTH = 160;

/**
 * JSON for the files tools write and people review (release state, plans): two-space indentation, objects one key a
 * line, a list of plain values on one line when it fits. That is how prettier prints it, so `npm run lint` passes on
 * a file as a tool wrote it.
 */
export function formatJson(value: unknown): string {
  return `${print(value, '', 0)}\n`;
}

function print(value: unknown, indent: string, prefix: number): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const plain = value.every((item) => item === null || typeof item !== 'object');
    const inline = `[${value.map((item) => JSON.stringify(item ?? null)).join(', ')}]`;
    if (plain && indent.length + prefix + inline.length + 1 <= WIDTH) return inline;
    const inner = `${indent}  `;
    return `[\n${value.map((item) => `${inner}${print(item ?? null, inner, 0)}`).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}';
    const inner = `${indent}  `;
    return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${print(v, inner, JSON.stringify(k).length + 2)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}
