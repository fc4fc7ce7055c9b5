import { spawn } from 'child_process';
import { existsSync, readdirSync, statSync } from 'fs';
import { join } from 'path';
import { VALIDATION_REPORT_FILE } from '../validation-report';

/** Context keys the guard synth sets (the app's CONTEXT names, repeated here: lib/ does not import the app). */
const GUARD_CONTEXT = 'halo:guard';
const REGIONS_CONTEXT = 'regions';
const HEARTBEAT_MS = 15_000;

/** Stage assemblies written since a time, by Stage name. */
function stagesWrittenSince(assembly: string, since: number): string[] {
  if (!existsSync(assembly)) return [];
  return readdirSync(assembly)
    .filter((d) => d.startsWith('assembly-'))
    .filter((d) => existsSync(join(assembly, d, 'manifest.json')) && statSync(join(assembly, d, 'manifest.json')).mtimeMs >= since)
    .map((d) => d.slice('assembly-'.length));
}

/**
 * Synthesizes again with the AWS Control Tower controls (cfn-guard) on, printing a line per phase with the time elapsed:
 * each region as its templates are written, a heartbeat while the plugins run, and the end. Resolves with the synth's exit
 * code; a synth that fails on findings still leaves evidence, which the report then names.
 */
/** The `npx` arguments of the guard synth: the reported synth's own context again (its account, proofs, ...), cfn-guard on. */
export function guardSynthArgs(assembly: string, regions?: readonly string[], context: Readonly<Record<string, string>> = {}): string[] {
  const replayed = Object.entries(context)
    .filter(([key]) => key !== GUARD_CONTEXT && key !== REGIONS_CONTEXT)
    .flatMap(([key, value]) => ['-c', `${key}=${value}`]);
  return [
    'cdk',
    'synth',
    '--quiet',
    '-o',
    assembly,
    ...replayed,
    '-c',
    `${GUARD_CONTEXT}=on`,
    ...(regions?.length ? ['-c', `${REGIONS_CONTEXT}=${regions.join(',')}`] : []),
  ];
}

export function guardSynth(
  assembly: string,
  regions?: readonly string[],
  log: (line: string) => void = (l) => console.error(l),
  context: Readonly<Record<string, string>> = {},
): Promise<number> {
  const args = guardSynthArgs(assembly, regions, context);
  const started = Date.now();
  const elapsed = () => `[${Math.round((Date.now() - started) / 1000)} s]`;
  log(`${elapsed()} npx ${args.join(' ')}  (cfn-guard: about 20 s per region${regions?.length ? `, ${regions.length} region(s)` : ''})`);
  const announced = new Set<string>();
  let lastLine = Date.now();
  const say = (line: string) => {
    lastLine = Date.now();
    log(`${elapsed()} ${line}`);
  };
  const poll = setInterval(() => {
    for (const stage of stagesWrittenSince(assembly, started)) {
      if (!announced.has(stage)) {
        announced.add(stage);
        say(`${stage}: templates written (${announced.size}${regions?.length ? ` of ${regions.length}` : ''} region(s))`);
      }
    }
    if (Date.now() - lastLine >= HEARTBEAT_MS) {
      const validated = existsSync(join(assembly, VALIDATION_REPORT_FILE)) && statSync(join(assembly, VALIDATION_REPORT_FILE)).mtimeMs >= started;
      say(
        validated
          ? 'validation report written; permission proofs and evidence being finished'
          : 'still synthesizing: packs, cfn-guard and CloudFormation validation run after the last region',
      );
    }
  }, 1_000);
  return new Promise((resolve) => {
    const child = spawn('npx', args, { stdio: ['ignore', 'inherit', 'inherit'] });
    const finish = (code: number) => {
      clearInterval(poll);
      say(`synth ended with exit code ${code}${code === 1 ? ' (findings, if any, are listed by the report below)' : ''}`);
      resolve(code);
    };
    child.on('error', (error) => {
      log(`could not start npx: ${error.message}`);
      finish(127);
    });
    child.on('exit', (code, signal) => finish(code ?? (signal ? 128 : 1)));
  });
}
