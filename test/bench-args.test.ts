import { DEFAULT_FIGURES, parseBenchArgs, parseSynthCellsArgs, RUNS } from '../scripts/bench-args';

describe('npm run bench arguments', () => {
  test('by default: every figure but the warm synth, the default number of runs', () => {
    const parsed = parseBenchArgs([]);
    expect(parsed).toEqual({ kind: 'run', options: { runs: RUNS.default, figures: DEFAULT_FIGURES, guard: false } });
    expect(DEFAULT_FIGURES).not.toContain('warm');
    expect(DEFAULT_FIGURES).toEqual(expect.arrayContaining(['full', 'bare', 'ratio', 'region', 'memory', 'cells', 'test']));
  });

  test.each(['foo', '0', '21', '1.5', '-1', ''])('--runs %j is refused with the value and what is allowed', (value) => {
    const parsed = parseBenchArgs(['--runs', value]);
    expect(parsed.kind).toBe('error');
    // util.parseArgs itself refuses "-1" (it reads as an option): the message still names the value and the range.
    const allowed = ['a whole number from 1 to 20', '--runs N (1 to 20), --only figure,..., --guard, --help'];
    expect(allowed.map((a) => `--runs is ${JSON.stringify(value)}; allowed: ${a}`)).toContain(parsed.kind === 'error' && parsed.message);
  });

  test('--only selects figures, the warm synth included; an unknown name is refused', () => {
    expect(parseBenchArgs(['--only', 'warm,full', '--runs', '3'])).toEqual({ kind: 'run', options: { runs: 3, figures: ['full', 'warm'], guard: false } });
    const unknown = parseBenchArgs(['--only', 'fulll']);
    expect(unknown.kind === 'error' && unknown.message).toMatch(/^--only names "fulll"; allowed: .*full, bare/);
  });

  test('--help, and an unknown option is an error, not a stack trace', () => {
    expect(parseBenchArgs(['--help'])).toEqual({ kind: 'help' });
    expect(parseBenchArgs(['--fast']).kind).toBe('error');
    expect(parseSynthCellsArgs(['--cells', '0']).kind).toBe('error');
  });
});
