import type { z, ZodType } from 'zod';
import { plainWords } from './problems';

/** The value read by `schema`, or undefined when it does not fit (its problems are reported by the whole parse). */
export function parsed<T extends ZodType>(schema: T, value: unknown): z.output<T> | undefined {
  const result = schema.safeParse(value, { error: plainWords });
  return result.success ? result.data : undefined;
}

/**
 * Each field of an object read on its own, so that the checks of the fields that are right still run when a
 * sibling is wrong: all problems of a region are reported in one run, not in rounds.
 */
export function partsOf<T extends z.ZodObject>(schema: T, value: unknown): Partial<z.output<T>> {
  const raw = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  const parts: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(schema.shape)) {
    const fieldValue = parsed(field, raw[key]);
    if (fieldValue !== undefined) parts[key] = fieldValue;
  }
  return parts as Partial<z.output<T>>;
}

/** The items of a list as written, or none when it is not a list. */
export function itemsOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
