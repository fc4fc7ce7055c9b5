import { closest } from '../config/did-you-mean';

/**
 * Reading untyped JSON field by field: each check reports one line naming the file, the place, the field, the value
 * and what is allowed, and no input, however malformed, throws.
 */
export type Say = (field: string, value: unknown, allowed: string) => void;

/** A reporter for one place of one file: `<file>, <place>: <field> is <value>; allowed: <what>`. */
export function sayer(problems: string[], file: string, place?: string): Say {
  const where = place ? `${file}, ${place}` : file;
  return (field, value, allowed) => problems.push(`${where}: ${field} is ${show(value)}; allowed: ${allowed}`);
}

/** The value as an object of named fields, or undefined (reported) when it is not one. */
export function objectAt(value: unknown, field: string, allowed: string, say: Say): Record<string, unknown> | undefined {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  say(field, value, allowed);
  return undefined;
}

/** The value as a list, or an empty list (reported) when it is not one. */
export function listAt(value: unknown, field: string, allowed: string, say: Say): unknown[] {
  if (Array.isArray(value)) return value;
  say(field, value, allowed);
  return [];
}

/** Reports each key of `object` that is not one of `keys`, with a guess at the key meant. */
export function unknownKeys(object: Record<string, unknown>, keys: readonly string[], inside: string, problems: string[], where: string): void {
  for (const key of Object.keys(object).filter((k) => !keys.includes(k))) {
    const guess = closest(key, keys);
    problems.push(
      `${where}: unknown key "${key}"${inside ? ` in ${inside}` : ''}${guess ? ` — did you mean "${guess}"?` : ''}; allowed keys: ${keys.join(', ')}`,
    );
  }
}

/** A value as the messages show it: JSON, or `(missing)`. */
export function show(value: unknown): string {
  if (value === undefined) return '(missing)';
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
