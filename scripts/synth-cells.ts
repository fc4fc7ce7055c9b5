/**
 * `node -r sucrase/register/ts scripts/synth-cells.ts [--cells N]`: synthesizes the shipped configuration grown to N
 * production cells in every region (default 10: 70 in all) with the packs, the permission proofs and CloudFormation
 * validation on, as `npx cdk synth` would but without the CLI, into a temporary folder it removes afterwards. Prints
 * each CloudFormation limit's closest stack and the wall time; exits with synthesizeHalo's code (2 on bad arguments).
 * `npm run bench` times it: whether a region can grow by cells, and how fast it then synthesizes (issue 15).
 */
import { createHash } from 'crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { performance } from 'perf_hooks';
import { App } from 'aws-cdk-lib';
import * as cxapi from 'aws-cdk-lib/cx-api';
import type { CellInput, HaloConfigInput, RegionInput } from '../lib/config';
import { productionCell } from '../regions/cells';
import { shippedConfiguration } from '../stacks/halo-app';
import { synthesizeHalo } from '../stacks/synthesize';
import { formatShares, largestShares, stackStats } from './assembly-stats';
import { parseSynthCellsArgs, SYNTH_CELLS_USAGE } from './bench-args';

const root = join(__dirname, '..');

/** A certificate id that looks like ACM's (a UUID), the same for the same region and cell on every run. */
function certificateId(region: string, cell: string): string {
  const hex = createHash('sha256').update(`${region}/${cell}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The region with production cells added, copies of its first production cell (same zone, channel, instance families
 * and backup copy region), until it has `count` of them: ids prod-1, prod-2, ... not yet taken, each with its own
 * domain name (next to the copied cell's) and certificate in the region and the region's account.
 */
export function withProductionCells(region: RegionInput, account: string, count: number): RegionInput {
  const cells: CellInput[] = [...region.cells];
  const model = cells.find((c) => c.environment === 'production');
  const parent = (model ?? cells[0]).app.domainName.split('.').slice(1).join('.');
  for (let n = 1; cells.filter((c) => c.environment === 'production').length < count; n++) {
    const id = `prod-${n}`;
    if (cells.some((c) => c.id === id)) continue;
    const endpoint = {
      domainName: `${id}.${parent}`,
      certificateArn: `arn:aws:acm:${region.code}:${region.account ?? account}:certificate/${certificateId(region.code, id)}`,
    };
    // Without a production cell to copy, a declared one takes the first cell's colours (its release state).
    const declared = productionCell(id, 'stable', cells[0].zone, endpoint);
    cells.push(
      model
        ? { ...structuredClone(model), id, app: { ...structuredClone(model.app), ...endpoint } }
        : { ...declared, app: { ...declared.app, blue: { ...cells[0].app.blue }, green: { ...cells[0].app.green } } },
    );
  }
  return { ...region, cells };
}

/** Whether aws-cdk-lib's built-in CloudFormation validation ran (it is skipped without a word in some setups). */
function validationRan(outdir: string): boolean {
  const file = join(outdir, 'validation-report.json');
  if (!existsSync(file)) return false;
  const report = JSON.parse(readFileSync(file, 'utf8')) as { pluginReports?: { pluginName: string }[] };
  return report.pluginReports?.some((p) => p.pluginName === 'CloudFormation Validate') ?? false;
}

/**
 * cdk.json's context plus what `cdk synth` adds to it, so the templates carry the same metadata (and so weigh the same
 * against CloudFormation's limits) and validation findings are reported as the CLI has them reported. cdk.json's
 * "versionReporting": false becomes analyticsReporting false: with it on, aws-cdk-lib skips its CloudFormation validation.
 */
function cliContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(root, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  return {
    ...cdkJson.context,
    [cxapi.PATH_METADATA_ENABLE_CONTEXT]: true,
    [cxapi.ASSET_RESOURCE_METADATA_ENABLED_CONTEXT]: true,
    [cxapi.BUNDLING_STACKS]: ['**'],
    [cxapi.FAIL_SYNTH_ON_VALIDATION_ERRORS_CONTEXT]: false,
    'aws:cdk:disable-version-reporting': true,
  };
}

async function main(argv: string[]): Promise<number> {
  const parsed = parseSynthCellsArgs(argv);
  if (parsed.kind === 'help') {
    console.log(SYNTH_CELLS_USAGE);
    return 0;
  }
  if (parsed.kind === 'error') {
    console.error(`synth-cells: ${parsed.message}`);
    return 2;
  }
  const { cells } = parsed.options;
  const outdir = mkdtempSync(join(tmpdir(), 'halo-synth-cells-'));
  try {
    const app = new App({ outdir, context: cliContext(), analyticsReporting: false });
    const shipped = shippedConfiguration(app);
    const input: HaloConfigInput = { ...shipped, regions: shipped.regions.map((r) => withProductionCells(r, shipped.account, cells)) };
    const total = input.regions.reduce((sum, r) => sum + r.cells.length, 0);
    const production = input.regions.reduce((sum, r) => sum + r.cells.filter((c) => c.environment === 'production').length, 0);
    console.log(
      `synth-cells: ${input.regions.length} regions, ${production} production cells (at least ${cells} in each region) and ${total - production} others; packs, proofs and CloudFormation validation on`,
    );

    const start = performance.now();
    const code = await synthesizeHalo(app, { input });
    const synthSeconds = (performance.now() - start) / 1000;

    if (code === 0 && !validationRan(outdir)) {
      console.error('synth-cells: the CloudFormation validation did not run, so this was not a full synth');
      return 1;
    }
    if (existsSync(join(outdir, 'manifest.json'))) {
      const stacks = stackStats(outdir);
      console.log(`synth-cells: ${stacks.length} stacks; the stack closest to each CloudFormation limit:`);
      formatShares(largestShares(stacks)).forEach((line) => console.log(line));
    }
    console.log(`synth-cells: synth ${synthSeconds.toFixed(2)} s, process ${(performance.now() / 1000).toFixed(2)} s, exit ${code}`);
    return code;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      process.exitCode = 1;
    },
  );
}
