import type { core, ZodType } from 'zod';
import { closest } from './did-you-mean';

/** Where a value sits in the configuration, e.g. `['regions', 0, 'cells', 1, 'app', 'certificateArn']`. */
export type Path = readonly PropertyKey[];

/** Reports one problem: the field's path, what is allowed, and (when it is not the value at the path) the value. */
export type Report = (path: Path, allowed: string, value?: unknown) => void;

/** Bad configuration: one line per problem, each naming region, cell, field, value and what is allowed. */
export class ConfigError extends Error {
  constructor(public readonly problems: readonly string[]) {
    super(`Invalid Halo configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n- ${problems.join('\n- ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * The problems found in one configuration, each rendered as one line as it is reported. Lines read in configuration
 * order: the configuration-wide ones first, then region by region.
 */
export class Problems {
  private readonly found: { region: number; text: string }[] = [];

  constructor(private readonly input: unknown) {}

  /** Reports a value that is not allowed. */
  public readonly report: Report = (path, allowed, value) => {
    const { where, field } = locate(this.input, path);
    this.add(path, `${where}: ${field.length > 0 ? field.map(String).join('.') : 'value'} is ${show(value ?? valueAt(this.input, path))}; allowed: ${allowed}`);
  };

  /** Reports every issue zod found when `schema` read the value at `prefix`, in this project's words. */
  public fromZod(schema: ZodType, issues: readonly core.$ZodIssue[], prefix: Path): void {
    for (const issue of issues) {
      const path = [...prefix, ...issue.path];
      const expected = schemaAt(schema, issue.path);
      if (issue.code === 'unrecognized_keys') {
        const keys = objectKeys(expected) ?? [];
        for (const key of issue.keys) {
          const { where, field } = locate(this.input, path);
          const guess = closest(key, keys);
          const inside = field.length > 0 ? ` in ${field.map(String).join('.')}` : '';
          this.add(path, `${where}: unknown key "${key}"${inside}${guess ? ` — did you mean "${guess}"?` : ''}; allowed keys: ${keys.join(', ')}`);
        }
      } else if (issue.code === 'invalid_type' && objectKeys(expected)) {
        this.report(path, `an object {${objectKeys(expected)!.join(', ')}}`);
      } else if (issue.code === 'invalid_type' && !(issue.expected in TYPE_WORDS)) {
        // zod's own type names ("nonoptional", "never") mean nothing to the user: say what the field itself allows.
        this.report(path, fieldWords(expected));
      } else {
        this.report(path, issue.message);
      }
    }
  }

  public get count(): number {
    return this.found.length;
  }

  /** Every line, configuration-wide problems first, then region by region. */
  public lines(): string[] {
    return [...this.found].sort((a, b) => a.region - b.region).map((p) => p.text);
  }

  private add(path: Path, text: string): void {
    // Two checks may find the same fault (zod and a hand-written check): the user reads it once.
    if (this.found.some((p) => p.text === text)) return;
    this.found.push({ region: path[0] === 'regions' && typeof path[1] === 'number' ? path[1] : -1, text });
  }
}

/**
 * What zod says where a schema gives no words of its own: what is expected, never zod's "Invalid input" phrasing.
 * Passed to every safeParse so that no raw zod text reaches the user.
 */
export const plainWords: core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      return TYPE_WORDS[issue.expected] ?? GENERIC_WORDS;
    case 'too_small':
      return issue.origin === 'array' ? `a list of at least ${String(issue.minimum)}` : `at least ${String(issue.minimum)}`;
    case 'too_big':
      return issue.origin === 'array' ? `a list of at most ${String(issue.maximum)}` : `at most ${String(issue.maximum)}`;
    case 'invalid_value':
      return `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_key':
      return 'a key of the expected form';
    default:
      return GENERIC_WORDS;
  }
};

/** zod's expected types that read as plain words; any other (e.g. "nonoptional") is zod's vocabulary, never shown. */
const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  record: 'an object',
};

const GENERIC_WORDS = 'a value of the documented form';

/** What a field allows in its own words: the schema's message for a missing value, else the generic words. */
function fieldWords(schema: ZodType | undefined): string {
  const result = schema?.safeParse(undefined, { error: plainWords });
  const issue = result && !result.success ? result.error.issues[0] : undefined;
  // Its own words only: an issue of zod's vocabulary again (a nested "nonoptional") gets the generic ones.
  return issue && !(issue.code === 'invalid_type' && !(issue.expected in TYPE_WORDS)) ? issue.message : GENERIC_WORDS;
}

/** The sub-schema at a path of `schema` (through optional, readonly, arrays and records), if the path leads to one. */
export function schemaAt(schema: ZodType | undefined, path: Path): ZodType | undefined {
  let node = unwrap(schema);
  for (const key of path) {
    const def = node?.def as { type?: string; shape?: Record<string, ZodType>; element?: ZodType; valueType?: ZodType } | undefined;
    if (def?.type === 'object' && typeof key === 'string') node = unwrap(def.shape?.[key]);
    else if (def?.type === 'array') node = unwrap(def.element);
    else if (def?.type === 'record') node = unwrap(def.valueType);
    else return undefined;
  }
  return node;
}

/** The keys an object schema allows, or undefined when the schema is not an object's. */
export function objectKeys(schema: ZodType | undefined): string[] | undefined {
  const def = unwrap(schema)?.def as { type?: string; shape?: Record<string, unknown> } | undefined;
  return def?.type === 'object' && def.shape ? Object.keys(def.shape) : undefined;
}

function unwrap(schema: ZodType | undefined): ZodType | undefined {
  let node = schema;
  while (node && ['optional', 'nonoptional', 'readonly', 'default', 'nullable'].includes((node.def as { type: string }).type)) {
    node = (node.def as unknown as { innerType: ZodType }).innerType;
  }
  return node;
}

/** The region and cell a path is in, as the user knows them, and the field within them. */
function locate(input: unknown, path: Path): { where: string; field: Path } {
  if (path[0] === 'backupPolicies' && typeof path[1] === 'string') return { where: `Backup policy ${path[1]}`, field: path.slice(2) };
  if (path[0] !== 'regions' || typeof path[1] !== 'number') return { where: 'Configuration', field: path };
  const region = valueAt(input, path.slice(0, 2));
  let where = `Region ${label(valueAt(region, ['name']), `#${path[1] + 1}`)} (${label(valueAt(region, ['code']), 'no code')})`;
  let field = path.slice(2);
  if (field[0] === 'cells' && typeof field[1] === 'number') {
    where += `, cell ${label(valueAt(region, field.slice(0, 2).concat('id')), `#${field[1] + 1}`)}`;
    field = field.slice(2);
  }
  return { where, field };
}

/** A name or code as written when it is a short string, else a stand-in: never a dump of a wrong value. */
function label(value: unknown, otherwise: string): string {
  return typeof value === 'string' && value.trim() !== '' && value.length <= 40 ? value : otherwise;
}

/** The value at a path, or undefined wherever the path leaves objects and arrays. */
export function valueAt(node: unknown, path: Path): unknown {
  let current = node;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** A value as the user wrote it, in one short line; never throws. */
export function show(value: unknown): string {
  if (value === undefined) return 'missing';
  if (typeof value === 'function') return 'a function';
  let text: string;
  try {
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- only what JSON.stringify cannot show (a symbol) reaches String()
    text = typeof value === 'bigint' ? `${value}` : (JSON.stringify(value) ?? String(value));
  } catch {
    text = Array.isArray(value) ? 'a list that cannot be shown' : 'a value that cannot be shown';
  }
  // One line: a value shown by String() may hold line breaks; spaces stay as written (they may be the problem).
  text = text.replace(/[\r\n]+/g, ' ');
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
