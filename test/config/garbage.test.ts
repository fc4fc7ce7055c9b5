import { ConfigError, validateConfig } from '../../lib/config';
import { base, problemsOfInput } from './problems-of';

// No configuration input, however wrong, ends in a stack trace: each gives a ConfigError of readable one-line problems.
const GARBAGE: readonly unknown[] = [
  undefined, null, 0, -1, 1e308, NaN, Infinity, '', 'x', ' ', true, [], [1, 2], {}, { a: 1 }, [[]], [{}], Object.create(null),
  '10.10.0.0/16', 'arn:aws:acm:eu-west-2:1:certificate/x', new Date(0), () => 1, 12n, Symbol('s'),
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

/** Lines that show a problem was reported in this project's words: one line, where it is, and what is allowed. */
function expectReadable(problems: readonly string[]): void {
  expect(problems.length).toBeGreaterThan(0);
  for (const line of problems) {
    expect(line).toMatch(/^(Configuration|Region .+|Backup policy \w+): .*(; allowed: |; allowed keys: ).+/);
    expect(line).not.toMatch(/\n|Invalid input|expected \w+, received|\[object Object\]|these checks can read/);
  }
}

describe('garbage in gives a ConfigError with readable lines, never a stack trace', () => {
  test.each(GARBAGE.map((g, i) => [`#${i} (${typeof g})`, g]))('as the whole configuration: %s', (_name, value) => {
    expectReadable(problemsOfInput(value));
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
