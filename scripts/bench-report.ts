/**
 * What `npm run bench` prints at the end (scripts/bench.ts): min / median / max of each figure against its target, how
 * far the CPU the steps used lets the cores go, and the stacks of the last full synth against CloudFormation's limits.
 */
import { CFN_LIMITS, formatShares, largestShares, stackStats } from './assembly-stats';

export type Unit = 's' | 'MB' | 'ratio';

export interface Results {
  readonly rows: Row[];
  stackLines: string[];
}

export interface Row {
  /** The figure's name (scripts/bench-args.ts FIGURES, or `guard`). */
  readonly figure: string;
  readonly label: string;
  readonly unit: Unit;
  readonly target?: number;
  readonly samples: number[];
  /** CPU seconds of each run (user + system, every process), where measured: only for time figures. */
  readonly cpu: number[];
}

export function format(value: number, unit: Unit): string {
  if (unit === 's') return `${value.toFixed(2)} s`;
  if (unit === 'MB') return `${value.toFixed(0)} MB`;
  return value.toFixed(2);
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function resultsTable(rows: readonly Row[]): string[] {
  const measured = rows.filter((r) => r.samples.length > 0);
  if (measured.length === 0) return [];
  const width = Math.max(...measured.map((r) => r.label.length));
  const line = (cells: string[]) =>
    `${cells[0].padEnd(width)} ${cells
      .slice(1, 5)
      .map((c) => c.padStart(9))
      .join(' ')}  ${cells[5].padEnd(10)} ${cells[6]}`.trimEnd();
  return [
    '',
    'Results: min / median / max over the runs; a target is met when the median is within it.',
    line(['figure', 'runs', 'min', 'median', 'max', 'target', 'met']),
    ...measured.map((r) =>
      line([
        r.label,
        String(r.samples.length),
        format(Math.min(...r.samples), r.unit),
        format(median(r.samples), r.unit),
        format(Math.max(...r.samples), r.unit),
        r.target === undefined ? '' : `≤ ${r.target}${r.unit === 'ratio' ? '' : ` ${r.unit}`}`,
        r.target === undefined ? '' : median(r.samples) <= r.target ? 'yes' : 'NO',
      ]),
    ),
  ];
}

/**
 * How far the CPU of each timed step lets this machine's cores go: no scheduling finishes a step in less than its CPU
 * time over the cores, so a target below that is out of reach here without taking CPU out of the step.
 */
export function cpuTable(rows: readonly Row[], cores: number): string[] {
  const measured = rows.filter((r) => r.unit === 's' && r.cpu.length > 0);
  if (measured.length === 0) return [];
  const width = Math.max(...measured.map((r) => r.label.length));
  const line = (cells: string[]) =>
    `${cells[0].padEnd(width)} ${cells
      .slice(1, 4)
      .map((c) => c.padStart(12))
      .join(' ')}  ${cells[4]}`.trimEnd();
  const floor = (r: Row) => median(r.cpu) / cores;
  const lines = [
    '',
    `CPU: user + system time of all of a step's processes (median); on ${cores} cores no step ends in less than its CPU / ${cores}.`,
    line(['figure', 'CPU', `CPU / ${cores}`, 'target', 'target within reach of the cores']),
    ...measured.map((r) =>
      line([
        r.label,
        format(median(r.cpu), 's'),
        format(floor(r), 's'),
        r.target === undefined ? '' : `≤ ${r.target} s`,
        r.target === undefined ? '' : floor(r) <= r.target ? 'yes' : 'NO: the step needs less CPU or more cores',
      ]),
    ),
  ];
  const full = measured.find((r) => r.figure === 'full');
  const bare = rows.find((r) => r.figure === 'bare');
  if (full && bare && bare.samples.length > 0) {
    lines.push(
      `The full synth's CPU / ${cores} is ${format(floor(full) / median(bare.samples), 'ratio')} × the bare synth's median time: the least full / bare these cores allow.`,
    );
  }
  return lines;
}

export function stacksTable(outdir: string): string[] {
  const stacks = stackStats(outdir);
  const width = Math.max(5, ...stacks.map((s) => s.stackName.length));
  const line = (cells: string[]) =>
    `${cells[0].padEnd(width)} ${cells[1].padEnd(14)} ${cells
      .slice(2)
      .map((c) => c.padStart(10))
      .join(' ')}`;
  const sum = (pick: (s: (typeof stacks)[number]) => number) => stacks.reduce((total, s) => total + pick(s), 0);
  return [
    '',
    'Stacks of the last full synth:',
    line(['stack', 'region', 'resources', 'bytes', 'outputs', 'parameters']),
    ...stacks.map((s) => line([s.stackName, s.stage, String(s.resources), String(s.bytes), String(s.outputs), String(s.parameters)])),
    line([
      `total (${stacks.length} stacks)`,
      '',
      String(sum((s) => s.resources)),
      String(sum((s) => s.bytes)),
      String(sum((s) => s.outputs)),
      String(sum((s) => s.parameters)),
    ]),
    '',
    `The stack closest to each CloudFormation limit (${CFN_LIMITS.resources} resources, 1 MB = ${CFN_LIMITS.bytes} bytes, ${CFN_LIMITS.outputs} outputs, ${CFN_LIMITS.parameters} parameters):`,
    ...formatShares(largestShares(stacks)),
  ];
}
