/**
 * `npm run lint:templates`: cfn-lint (AWS's template linter) over every synthesized template of cdk.out, each with
 * its stack's region. Findings accepted in lint/cfn-lint.json (each with its reason) are counted; any other fails.
 * Run after `npx cdk synth`. Exit 0 clean, 1 on unaccepted findings, 2 when cfn-lint or the synth is missing.
 */
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { parseArgs } from 'util';
import { acceptedBy, assemblyTemplates, byRegion, cfnLintVersion, LintConfiguration, lintRegion } from '../lib/compliance/template-lint';

const USAGE = 'usage: npm run lint:templates [-- --assembly <cloud assembly dir, default cdk.out>]';

async function main(argv: string[]): Promise<number> {
  let outdir: string;
  try {
    const { values } = parseArgs({
      args: argv,
      options: { assembly: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    outdir = values.assembly ?? 'cdk.out';
  } catch (error) {
    console.error(`lint:templates: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const config = JSON.parse(readFileSync(join(__dirname, '..', 'lint', 'cfn-lint.json'), 'utf8')) as LintConfiguration;
  if (!existsSync(join(outdir, 'manifest.json'))) {
    console.error(`${outdir}/manifest.json is missing: run \`npx cdk synth\` first`);
    return 2;
  }
  const version = await cfnLintVersion();
  if (!version) {
    console.error('cfn-lint is not installed (pip install cfn-lint==' + config.cfnLintVersion + '); it is on the development and CI machines');
    return 2;
  }
  if (version !== config.cfnLintVersion) console.error(`Warning: cfn-lint ${version}, while lint/cfn-lint.json was reviewed with ${config.cfnLintVersion}`);
  const regions = [...byRegion(assemblyTemplates(outdir))];
  // A synth that stopped on a configuration error leaves an empty manifest: linting nothing is not a pass.
  if (regions.length === 0) {
    console.error(`${outdir}/manifest.json lists no template: the last synth wrote none (see its output), run \`npx cdk synth\` again`);
    return 2;
  }
  const templates = new Map<string, { Resources?: Record<string, { Type: string }> }>();
  const template = (file: string) => () => {
    if (!templates.has(file)) templates.set(file, JSON.parse(readFileSync(file, 'utf8')));
    return templates.get(file)!;
  };
  let open = 0;
  // Two regions at a time: cfn-lint is single-threaded and these machines have two cores.
  const queue = [...regions];
  const lines: string[] = [];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const [region, files] = next;
      const matches = await lintRegion(region, files);
      const counts = new Map<string, number>();
      for (const match of matches) {
        const accepted = acceptedBy(match, config, template(match.Filename));
        const key = `${match.Rule.Id}${accepted ? ' (accepted)' : ''}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
        if (!accepted) {
          open++;
          lines.push(`OPEN ${region} ${match.Rule.Id} ${match.Filename.split('/').pop()} ${(match.Location.Path ?? []).join('/')}: ${match.Message}`);
        }
      }
      lines.push(
        `${region}: ${files.length} templates, ${matches.length} findings${matches.length ? `: ${[...counts].map(([k, n]) => `${k} ${n}`).join(', ')}` : ''}`,
      );
      process.stderr.write(`cfn-lint: ${region} done\n`);
    }
  };
  // eslint-disable-next-line @cdklabs/promiseall-no-unbounded-parallelism -- two workers
  await Promise.all([worker(), worker()]);
  lines.sort((a, b) => Number(a.startsWith('OPEN')) - Number(b.startsWith('OPEN'))).forEach((l) => console.log(l));
  console.log(open === 0 ? 'cfn-lint: no finding outside lint/cfn-lint.json' : `cfn-lint: ${open} finding(s) neither fixed nor accepted in lint/cfn-lint.json`);
  return open === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: Error) => {
    console.error(error.message);
    process.exitCode = 2;
  },
);
