/**
 * `npm run bench [-- --runs N] [-- --guard]`: medians of full synths (packs and permission proofs on and off), of the compliance
 * report (and once, with --guard, of the cfn-guard run), of the test suite, and
 * per-stack resource counts and template sizes. Timing lives here, never in tests: machines are shared.
 */
import { spawnSync } from 'child_process';
import { readdirSync, readFileSync, statSync } from 'fs';
import { join } from 'path';

const root = join(__dirname, '..');
const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;
const cdk = join(root, 'node_modules', '.bin', 'cdk');
const jest = join(root, 'node_modules', '.bin', 'jest');
const tsNode = join(root, 'node_modules', '.bin', 'ts-node');

function timed(label: string, command: string, args: string[], times: number): number {
  const seconds: number[] = [];
  for (let i = 0; i < times; i++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
    if (result.status !== 0) {
      console.error(result.stdout, result.stderr);
      throw new Error(`${label} failed (exit ${result.status})`);
    }
    seconds.push(Number(process.hrtime.bigint() - start) / 1e9);
  }
  const median = [...seconds].sort((a, b) => a - b)[Math.floor(seconds.length / 2)];
  console.log(`${label.padEnd(64)} median ${median.toFixed(2)} s  (runs: ${seconds.map((s) => s.toFixed(2)).join(', ')})`);
  return median;
}

function stackTable(outdir: string): void {
  const rows: [string, number, number][] = [];
  for (const assembly of readdirSync(outdir).filter((d) => d.startsWith('assembly-'))) {
    const manifest = JSON.parse(readFileSync(join(outdir, assembly, 'manifest.json'), 'utf8'));
    for (const artifact of Object.values<{ type: string; displayName?: string; properties?: { templateFile: string; stackName?: string } }>(manifest.artifacts)) {
      if (artifact.type !== 'aws:cloudformation:stack' || !artifact.properties) continue;
      const path = join(outdir, assembly, artifact.properties.templateFile);
      const resources = Object.keys(JSON.parse(readFileSync(path, 'utf8')).Resources ?? {}).length;
      rows.push([`${artifact.properties.stackName} (${artifact.displayName})`, resources, statSync(path).size]);
    }
  }
  console.log(`\n${'stack'.padEnd(64)} ${'resources'.padStart(9)} ${'bytes'.padStart(9)}`);
  rows.forEach(([name, count, bytes]) => console.log(`${name.padEnd(64)} ${String(count).padStart(9)} ${String(bytes).padStart(9)}`));
  const [count, bytes] = rows.reduce(([c, b], [, rc, rb]) => [c + rc, b + rb], [0, 0]);
  console.log(`${`total (${rows.length} stacks)`.padEnd(64)} ${String(count).padStart(9)} ${String(bytes).padStart(9)}`);
}

console.log(`Halo bench: ${runs} runs each, medians (node ${process.version}, ${require('os').cpus().length} cores)\n`);
timed('full synth, 7 regions, packs and proofs off, CFN validation on', cdk, ['synth', '--quiet', '-c', 'halo:compliance=off', '-c', 'halo:proofs=off'], runs);
timed('full synth, 7 regions, packs on, proofs off, CFN validation on', cdk, ['synth', '--quiet', '-c', 'halo:proofs=off'], runs);
timed('full synth, 7 regions, packs and proofs on, CFN validation on', cdk, ['synth', '--quiet'], runs);
timed('compliance report of that synth (npm run compliance)', tsNode, ['--transpile-only', 'scripts/compliance.ts'], runs);
if (process.argv.includes('--guard')) {
  // Leaves cdk.out with the guard results: the stack table below reads the same templates either way.
  timed('full synth + cfn-guard Control Tower rules + report (--guard)', tsNode, ['--transpile-only', 'scripts/compliance.ts', '--guard'], 1);
}
timed('test suite (npm test)', jest, ['--silent'], Math.max(1, Math.min(runs, 3)));
// The last full synth left every template in cdk.out: tests write elsewhere.
stackTable(join(root, 'cdk.out'));
