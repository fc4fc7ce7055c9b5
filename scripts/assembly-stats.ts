/**
 * Per-stack sizes of a synthesized cloud assembly (one nested assembly per region Stage) against CloudFormation's
 * limits: what `npm run bench` and `scripts/synth-cells.ts` report. Reads files only: no aws-cdk-lib.
 */
import { existsSync, readFileSync, statSync } from 'fs';
import { join } from 'path';

/** CloudFormation's per-template quotas (a template uploaded through S3: 1 MB = 1,048,576 bytes). */
export const CFN_LIMITS = { resources: 500, bytes: 1_048_576, outputs: 200, parameters: 200 } as const;
export type Measure = keyof typeof CFN_LIMITS;
export const MEASURES: readonly Measure[] = ['resources', 'bytes', 'outputs', 'parameters'];

export interface StackStats {
  /** Stage (region) display name, e.g. London. */
  readonly stage: string;
  readonly stackName: string;
  readonly resources: number;
  /** Size of the template file, which is what the CLI uploads. */
  readonly bytes: number;
  readonly outputs: number;
  readonly parameters: number;
}

interface Manifest {
  readonly artifacts?: Record<
    string,
    { type: string; displayName?: string; properties?: { directoryName?: string; templateFile?: string; stackName?: string } }
  >;
}

function manifestOf(dir: string): Manifest {
  const file = join(dir, 'manifest.json');
  if (!existsSync(file)) throw new Error(`${dir} holds no cloud assembly (no manifest.json)`);
  return JSON.parse(readFileSync(file, 'utf8')) as Manifest;
}

/** Every stack of the assembly in `outdir`, in the order of its manifests (region by region). */
export function stackStats(outdir: string): StackStats[] {
  const rows: StackStats[] = [];
  const visit = (dir: string, stage: string): void => {
    for (const artifact of Object.values(manifestOf(dir).artifacts ?? {})) {
      if (artifact.type === 'cdk:cloud-assembly' && artifact.properties?.directoryName) {
        visit(join(dir, artifact.properties.directoryName), artifact.properties.directoryName.replace(/^assembly-/, ''));
      } else if (artifact.type === 'aws:cloudformation:stack' && artifact.properties?.templateFile) {
        const path = join(dir, artifact.properties.templateFile);
        const template = JSON.parse(readFileSync(path, 'utf8')) as Record<string, Record<string, unknown> | undefined>;
        const count = (section: string) => Object.keys(template[section] ?? {}).length;
        rows.push({
          stage,
          stackName: artifact.properties.stackName ?? artifact.displayName ?? path,
          resources: count('Resources'),
          bytes: statSync(path).size,
          outputs: count('Outputs'),
          parameters: count('Parameters'),
        });
      }
    }
  };
  visit(outdir, '');
  return rows;
}

export interface LimitShare {
  readonly measure: Measure;
  readonly limit: number;
  /** The stack closest to this limit. */
  readonly stack: StackStats;
  readonly value: number;
  readonly share: number;
}

/** For each limit, the stack that comes closest to it. */
export function largestShares(stacks: readonly StackStats[]): LimitShare[] {
  if (stacks.length === 0) return [];
  return MEASURES.map((measure) => {
    const stack = stacks.reduce((a, b) => (b[measure] > a[measure] ? b : a));
    return { measure, limit: CFN_LIMITS[measure], stack, value: stack[measure], share: stack[measure] / CFN_LIMITS[measure] };
  });
}

const UNIT: Record<Measure, string> = { resources: 'resources', bytes: 'template bytes', outputs: 'outputs', parameters: 'parameters' };

/** One line per limit: `template bytes  412,345 of 1,048,576 (39.3 %)  halo-london-security (London)`. */
export function formatShares(shares: readonly LimitShare[], indent = '  '): string[] {
  return shares.map(
    (s) =>
      `${indent}${UNIT[s.measure].padEnd(15)} ${s.value.toLocaleString('en-US').padStart(9)} of ${s.limit.toLocaleString('en-US').padStart(9)}  ` +
      `${`(${(100 * s.share).toFixed(1)} %)`.padStart(9)}  ${s.stack.stackName}${s.stack.stage ? ` (${s.stack.stage})` : ''}`,
  );
}
