/**
 * Command-line arguments of `npm run bench` and `scripts/synth-cells.ts`, parsed without side effects (no exit, no
 * output, no throw) so a test can call them: each returns what to run, a request for help, or a one-line error that
 * names the value and what is allowed.
 */
import { parseArgs } from 'util';

/** The figures `npm run bench` can measure, selectable with `--only`. */
export const FIGURES = {
  full: 'full synth of all regions through the CLI (packs, own rules, proofs, CloudFormation validation)',
  bare: 'the same synth with packs, proofs and CloudFormation validation off',
  ratio: 'full / bare, per pair of runs (runs both)',
  warm: "the full synth again, validation reports of unchanged templates reused (a developer's next synth; once; only with --only)",
  region: 'full synth of one region (london)',
  memory: 'peak memory of the full synth: proportional set size summed over its process tree (runs the full synth)',
  cells: 'synth of 10 production cells in each region (scripts/synth-cells.ts)',
  test: 'npm test (jest --silent)',
  compliance: 'the compliance report (npm run compliance) of a full synth',
  stacks: 'per-stack resources and template bytes of a full synth, and the largest share of CloudFormation limits',
} as const;

export type Figure = keyof typeof FIGURES;

/** Measured unless --only says otherwise: all but the warm synth, which needs one synth more to fill the cache. */
export const DEFAULT_FIGURES = (Object.keys(FIGURES) as Figure[]).filter((f) => f !== 'warm');

export const RUNS = { min: 1, max: 20, default: 2 } as const;
export const CELLS = { min: 1, max: 30, default: 10 } as const;

export interface BenchOptions {
  /** Runs of each CLI synth (full, bare, one region); the 70-cell synth, the tests and the reports run once. */
  readonly runs: number;
  /** The figures to measure, in {@link FIGURES} order. */
  readonly figures: readonly Figure[];
  /** Also time the cfn-guard report (`npm run compliance -- --guard`). */
  readonly guard: boolean;
}

export type Parsed<T> = { readonly kind: 'run'; readonly options: T } | { readonly kind: 'help' } | { readonly kind: 'error'; readonly message: string };

export const BENCH_USAGE = [
  `usage: npm run bench [-- [--runs N] [--only figure,...] [--guard] [--help]]`,
  `  --runs N     runs of each CLI synth (full, bare, one region), ${RUNS.min} to ${RUNS.max}; default ${RUNS.default}`,
  `               (the 70-cell synth, npm test and the compliance report run once)`,
  `  --only a,b   measure only these figures (repeatable):`,
  ...Object.entries(FIGURES).map(([name, what]) => `                 ${name.padEnd(11)} ${what}`),
  `  --guard      also time the cfn-guard report (npm run compliance -- --guard), once`,
].join('\n');

export const SYNTH_CELLS_USAGE = `usage: node -r sucrase/register/ts scripts/synth-cells.ts [--cells N]  (production cells per region, ${CELLS.min} to ${CELLS.max}; default ${CELLS.default})`;

/** A whole number within [min, max] written in plain decimal digits, or the one-line error that names it. */
export function parseCount(option: string, value: string, range: { readonly min: number; readonly max: number }): number | { error: string } {
  const n = /^\d{1,6}$/.test(value) ? Number(value) : NaN;
  if (Number.isInteger(n) && n >= range.min && n <= range.max) return n;
  return { error: `${option} is ${JSON.stringify(value)}; allowed: a whole number from ${range.min} to ${range.max}` };
}

/** `npm run bench`'s arguments (after `--`). */
export function parseBenchArgs(argv: readonly string[]): Parsed<BenchOptions> {
  const parsed = strictParse(
    argv,
    {
      runs: { type: 'string' },
      only: { type: 'string', multiple: true },
      guard: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    `--runs N (${RUNS.min} to ${RUNS.max}), --only figure,..., --guard, --help`,
  );
  if ('error' in parsed) return { kind: 'error', message: parsed.error };
  const { values } = parsed;
  if (values.help) return { kind: 'help' };
  let runs: number = RUNS.default;
  if (values.runs !== undefined) {
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- declared a string option; strictParse types its values loosely
    const n = parseCount('--runs', String(values.runs), RUNS);
    if (typeof n !== 'number') return { kind: 'error', message: n.error };
    runs = n;
  }
  let figures: Figure[] = [...DEFAULT_FIGURES];
  if (values.only !== undefined) {
    const names = (values.only as string[]).flatMap((v) => v.split(',')).map((v) => v.trim());
    const unknown = names.filter((name) => !(name in FIGURES));
    if (unknown.length > 0 || names.length === 0) {
      return {
        kind: 'error',
        message: `--only names ${unknown.map((n) => JSON.stringify(n)).join(', ') || 'no figure'}; allowed: a comma-separated list of ${Object.keys(FIGURES).join(', ')}`,
      };
    }
    figures = (Object.keys(FIGURES) as Figure[]).filter((f) => names.includes(f));
  }
  return { kind: 'run', options: { runs, figures, guard: values.guard === true } };
}

/** `scripts/synth-cells.ts`'s arguments. */
export function parseSynthCellsArgs(argv: readonly string[]): Parsed<{ readonly cells: number }> {
  const parsed = strictParse(argv, { cells: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, `--cells N (${CELLS.min} to ${CELLS.max}), --help`);
  if ('error' in parsed) return { kind: 'error', message: parsed.error };
  if (parsed.values.help) return { kind: 'help' };
  if (parsed.values.cells === undefined) return { kind: 'run', options: { cells: CELLS.default } };
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- declared a string option; strictParse types its values loosely
  const cells = parseCount('--cells', String(parsed.values.cells), CELLS);
  return typeof cells === 'number' ? { kind: 'run', options: { cells } } : { kind: 'error', message: cells.error };
}

type OptionSpec = Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }>;

/** util.parseArgs in strict mode, its errors turned into one line that names the argument and what is allowed. */
function strictParse(argv: readonly string[], options: OptionSpec, allowed: string): { values: Record<string, unknown> } | { error: string } {
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: false });
  } catch (error) {
    const code = (error as { code?: string }).code;
    const message = error instanceof Error ? error.message : String(error);
    const named = /'(-[^' ]+)/.exec(message)?.[1] ?? '';
    switch (code) {
      case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
        return { error: `unknown option ${named}; allowed: ${allowed}` };
      case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
        return { error: `unexpected argument ${JSON.stringify(/'([^']*)'/.exec(message)?.[1] ?? '')}; allowed: ${allowed}` };
      case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
        const next = argv[argv.indexOf(named) + 1];
        if (options[named.replace(/^--/, '')]?.type === 'boolean') return { error: `${named} takes no value; allowed: ${allowed}` };
        if (/ambiguous/.test(message) && next !== undefined) return { error: `${named} is ${JSON.stringify(next)}; allowed: ${allowed}` };
        return { error: `${named} needs a value; allowed: ${allowed}` };
      }
      default:
        return { error: `${message.split('\n')[0]}; allowed: ${allowed}` };
    }
  }
}
