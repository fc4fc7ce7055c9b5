import { z } from 'zod';
import { ConfigError, validateConfig } from '../../lib/config';
import { plainWords, Problems } from '../../lib/config/problems';
import { accountSchema } from '../../lib/config/schema';
import { base, problemsOfInput } from './problems-of';

// No configuration input, however wrong, ends in a stack trace: each gives a ConfigError of readable one-line problems.
const GARBAGE: readonly unknown[] = [
  undefined,
  null,
  0,
  -1,
  1e308,
  NaN,
  Infinity,
  '',
  'x',
  ' ',
  true,
  [],
  [1, 2],
  {},
  { a: 1 },
  [[]],
  [{}],
  Object.create(null),
  '10.10.0.0/16',
  'arn:aws:acm:eu-west-2:1:certificate/x',
  new Date(0),
  () => 1,
  12n,
  Symbol('s'),
];

/** A small deterministic pseudo-random sequence, so a failure reproduces. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/** Every path to a value in a plain tree of objects and arrays. */
function pathsOf(node: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (node === null || typeof node !== 'object') return [prefix];
  const keys = Array.isArray(node) ? node.map((_, i) => i) : Object.keys(node);
  return [prefix, ...keys.flatMap((key) => pathsOf((node as Record<string | number, unknown>)[key], [...prefix, key]))];
}

function setAt(root: Record<string | number, unknown>, path: (string | number)[], value: unknown): void {
  const parent = path.slice(0, -1).reduce<Record<string | number, unknown>>((node, key) => node[key] as Record<string | number, unknown>, root);
  parent[path[path.length - 1]] = value;
}

/** The problems of an input, or undefined when it is accepted; anything thrown but a ConfigError fails the test. */
function outcome(input: unknown): string[] | undefined {
  try {
    validateConfig(input as never);
    return undefined;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw new Error(`not a ConfigError: ${String((error as Error)?.stack ?? error)}`);
    return [...error.problems];
  }
}

/**
 * zod's own vocabulary, which must never reach the user: its messages ("Invalid input", "Too small"), and its type
 * names as what is allowed ("a nonoptional", "a never", "a nan": what `a ${expected}` used to print).
 */
const ZOD_WORDS = new RegExp(
  [
    'nonoptional',
    'Invalid (input|option|key|element|union|string|type)',
    'Too (small|big)',
    'Unrecognized key',
    'expected \\w+, received',
    'allowed: an? (nan|never|void|undefined|null|symbol|bigint|tuple|record|map|set|file|function|date|unknown|any|custom|promise|lazy|pipe|transform)$',
  ].join('|'),
  'i',
);

/** Lines that show a problem was reported in this project's words: one line, where it is, and what is allowed. */
function expectReadable(problems: readonly string[]): void {
  expect(problems.length).toBeGreaterThan(0);
  for (const line of problems) {
    expect(line).toMatch(/^(Configuration|Region .+|Backup policy \w+): .*(; allowed: |; allowed keys: ).+/);
    expect(line).not.toMatch(/\n|\[object Object\]|these checks can read/);
    expect(line).not.toMatch(ZOD_WORDS);
  }
  // Each problem once: two checks finding one fault must not print it twice.
  expect(problems.filter((line, i) => problems.indexOf(line) !== i)).toEqual([]);
}

describe('garbage in gives a ConfigError with readable lines, never a stack trace', () => {
  test.each(GARBAGE.map((g, i) => [`#${i} (${typeof g})`, g]))('as the whole configuration: %s', (_name, value) => {
    expectReadable(problemsOfInput(value));
  });

  test('an empty configuration names each missing key once, in its own words', () => {
    expect(problemsOfInput({})).toEqual([
      'Configuration: account is missing; allowed: a 12-digit AWS account id, e.g. "111122223333"',
      'Configuration: breakGlassRoleName is missing; allowed: an IAM role name: letters, digits and +=,.@_- up to 64 characters',
      'Configuration: security is missing; allowed: an object {identityAccountId, identityCenterPermissionSets, accessExpiry, trailObjectLockDays, siem, alertEmails, securityLake}',
      'Configuration: zones is missing; allowed: a map of zone name to region codes',
      'Configuration: backupPolicies is missing; allowed: an object {production, uat}',
      'Configuration: regions is missing; allowed: a list of at least one region',
    ]);
  });

  test("a zod type name the project has no words for becomes the field's own words, never zod's", () => {
    // A missing z.unknown() key and a nonoptional() one give zod's "nonoptional"; the z.never() key gives "never".
    const schema = z.strictObject({ anything: z.unknown(), account: accountSchema.optional().nonoptional(), nothing: z.never().optional() });
    const result = schema.safeParse({ nothing: 1 }, { error: plainWords });
    const problems = new Problems({ nothing: 1 });
    problems.fromZod(schema, result.success ? [] : result.error.issues, []);
    expect(problems.lines()).toEqual([
      'Configuration: anything is missing; allowed: a value of the documented form',
      'Configuration: account is missing; allowed: a 12-digit AWS account id, e.g. "111122223333"',
      'Configuration: nothing is 1; allowed: a value of the documented form',
    ]);
  });

  test('as any value anywhere in a valid configuration (every path, every kind of garbage, and some deletions)', () => {
    const paths = pathsOf(base()).filter((p) => p.length > 0);
    const next = random(16);
    let tried = 0;
    for (const [i, path] of paths.entries()) {
      // Every third path is deleted, the others get a garbage value drawn at random.
      for (const value of [i % 3 === 0 ? undefined : GARBAGE[Math.floor(next() * GARBAGE.length)]]) {
        const input = base() as unknown as Record<string | number, unknown>;
        setAt(input, path, value);
        // A few replacements are harmless (an optional field set to undefined): those must be accepted, not crash.
        const problems = outcome(input);
        if (problems) expectReadable(problems);
        tried++;
      }
    }
    expect(tried).toBeGreaterThan(300);
  });

  test('as several values at once: every problem of every region in one error', () => {
    const next = random(7);
    for (let round = 0; round < 60; round++) {
      const input = base() as unknown as Record<string | number, unknown>;
      const paths = pathsOf(input).filter((p) => p.length > 0);
      for (let i = 0; i < 6; i++) {
        const path = paths[Math.floor(next() * paths.length)];
        try {
          setAt(input, path, GARBAGE[Math.floor(next() * GARBAGE.length)]);
        } catch {
          // The path went through a value an earlier replacement removed: that mutation is simply skipped.
        }
      }
      const problems = outcome(input);
      if (problems) expectReadable(problems);
    }
  });
});
