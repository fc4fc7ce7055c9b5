/**
 * `npm run release -- plan --channel beta|stable --version X.Y.Z [--start DATE] [--patch] [--out DIR]`: plans a
 * rollout from the configuration, the calendars and the release files, prints it as a table and writes plan.json,
 * plan.md and plan.ics. `npm run release -- apply --plan FILE [--wave N] [--dry-run] [--patch]` applies a wave of it
 * (lib/release/execute.ts). `--help` says more, exit codes included (lib/release/cli.ts, lib/release/execute-args.ts).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'fs';
import { join, relative, resolve } from 'path';
import { ConfigError, type HaloConfig, validateConfig } from '../lib/config';
import { readChannels } from '../lib/release/channels';
import { HELP, type PlanArgs, parseReleaseArgs, type ReleaseArgs, USAGE, UsageError } from '../lib/release/cli';
import { stateCellsOf, withReleaseState } from '../lib/release/declared-regions';
import { APPLY_HELP, APPLY_USAGE } from '../lib/release/execute-args';
import { type ApplyEnvironment, runApply } from '../lib/release/execute-cli';
import { type ReleaseFiles, readPlanInputs } from '../lib/release/inputs';
import { formatJson } from '../lib/release/json-file';
import { planRelease, PlanRefusal } from '../lib/release/plan';
import { renderIcs } from '../lib/release/render-ics';
import { renderMarkdown } from '../lib/release/render-markdown';
import { renderTable } from '../lib/release/render-table';
import { REGIONS, residencyZonesOf } from '../regions';
import { shippedInput } from '../stacks/halo-app';
import { RELEASE_CALENDARS } from '../regions/release-calendars';

/** Where the command reads and writes, and its clock: the repository and the real time, or a test's. */
export interface ReleaseIo {
  /** The repository root: releases/ is read from and written under it. */
  readonly root: string;
  readonly now: Date;
  readonly log: (text: string) => void;
  readonly error: (text: string) => void;
  /** apply's deployer, watcher and clock; by default the Toolkit Library, AWS and the real clock. */
  readonly executor?: ApplyEnvironment['services'];
}

/** Runs the command line; resolves to the exit code. */
export async function runRelease(argv: readonly string[], io: ReleaseIo): Promise<number> {
  let args: ReleaseArgs;
  try {
    args = parseReleaseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    // Without a known command, both commands' usage; within `plan`, plan's.
    io.error(`release: ${error.message}\n${argv[0] === 'plan' ? USAGE : `${USAGE}\n${APPLY_USAGE}`}`);
    return 2;
  }
  if (args.command === 'help') {
    io.log(`${HELP}\n\n${APPLY_HELP}`);
    return 0;
  }
  if (args.command === 'apply') {
    const configuration = (files: ReleaseFiles, now: Date) => shippedConfiguration(io.root, files, now);
    return runApply(args.args, { root: io.root, log: io.log, error: io.error, configuration, stateCells: stateCellsOf(REGIONS), services: io.executor });
  }
  return Promise.resolve(plan(args, io));
}

function plan(args: PlanArgs, io: ReleaseIo): number {
  const read = (file: string): unknown => {
    try {
      return JSON.parse(readFileSync(join(io.root, file), 'utf8'));
    } catch (error) {
      return { unreadable: `${file}: ${(error as Error).message.split('\n')[0]}` };
    }
  };
  const files = { channels: read('releases/channels.json'), cells: read('releases/cells.json') };
  const unreadable = [files.channels, files.cells].flatMap((f) => (f && typeof f === 'object' && 'unreadable' in f ? [String(f.unreadable)] : []));
  if (unreadable.length > 0) {
    io.error(`release: cannot read the release files:\n- ${unreadable.join('\n- ')}`);
    return 2;
  }
  const { inputs, problems } = readPlanInputs(REGIONS, residencyZonesOf, RELEASE_CALENDARS, files, io.now);
  if (!inputs) {
    io.error(`release: invalid release files (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n- ${problems.join('\n- ')}`);
    return 2;
  }
  let made;
  try {
    made = planRelease(inputs, { channel: args.channel, version: args.version, start: args.start, patch: args.patch, now: io.now });
  } catch (error) {
    if (!(error instanceof PlanRefusal)) throw error;
    io.error(`release: refused: ${error.message}`);
    return 1;
  }
  const out = args.out ? resolve(io.root, args.out) : join(io.root, 'releases', 'plans', `${made.channel}-${made.version}`);
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'plan.json'), formatJson(made));
  writeFileSync(join(out, 'plan.md'), renderMarkdown(made));
  writeFileSync(join(out, 'plan.ics'), renderIcs(made));
  io.log(renderTable(made));
  io.log(`Wrote ${['plan.json', 'plan.md', 'plan.ics'].map((f) => relative(io.root, join(out, f)) || f).join(', ')}.`);
  return 0;
}

/**
 * The shipped configuration as the app resolves it (stacks/halo-app.ts: regions/ with each cell's colours from the
 * release files, the account from cdk.json), validated: the executor takes each cell's names from it.
 */
function shippedConfiguration(
  root: string,
  files: ReleaseFiles,
  now: Date,
): { config?: HaloConfig; channels?: ReturnType<typeof readChannels>['channels']; problems: readonly string[] } {
  const { regions, problems } = withReleaseState(REGIONS, files, now);
  if (!regions) return { problems };
  const account = (JSON.parse(readFileSync(join(root, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> }).context['halo:account'];
  try {
    const config = validateConfig(shippedInput(account as string, regions));
    return { config, channels: readChannels(files.channels).channels, problems: [] };
  } catch (error) {
    if (error instanceof ConfigError) return { problems: error.problems };
    throw error;
  }
}

if (require.main === module) {
  runRelease(process.argv.slice(2), { root: join(__dirname, '..'), now: new Date(), log: console.log, error: console.error }).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
