import { parseArgs } from 'util';
import { type Channel, CHANNELS } from './channels';
import { parseVersion, VERSION_WORDS } from './version';
import { isIsoDate } from './zoned-time';

/** The one-line usage, printed with every usage error. */
export const USAGE =
  'usage: npm run release -- plan --channel beta|stable --version X.Y.Z [--start YYYY-MM-DD | --start YYYY-MM-DDTHH:MMZ] [--patch] [--out DIR] [--help]';

/** What `--help` prints. */
export const HELP = `${USAGE}

Plans the rollout of a version to the cells of a channel that do not run it yet, from the configuration (regions/),
the working calendars (regions/release-calendars.ts), the release history (releases/channels.json) and the release
state (releases/cells.json). Prints the plan as a table and writes plan.json, plan.md and plan.ics.

  --channel beta|stable   the channel to release to
  --version X.Y.Z         the version (major.minor.patch)
  --start DATE            the earliest start: YYYY-MM-DD (00:00 UTC) or an ISO time with its zone (2026-12-01T18:00Z);
                          default: beta and patches the next day at 00:00 UTC, a stable upgrade the earliest day whose
                          schedule communication (two weeks before) is not past, and not before its candidate is stable
  --patch                 a patch that may run in working hours (refused for an upgrade)
  --out DIR               where to write the plan (default releases/plans/<channel>-<version>/)
  -h, --help              this text

Exit status: 0 plan written; 1 the rules refuse the plan (one line says why); 2 usage error, or the release files or
calendars are invalid (one line per problem).`;

/** A bad command line: one line saying what is wrong (the caller prints it with {@link USAGE} and exits 2). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** What to plan, as the command line says it. */
export interface PlanArgs {
  readonly command: 'plan';
  readonly channel: Channel;
  readonly version: string;
  readonly start?: Date;
  readonly patch: boolean;
  readonly out?: string;
}

/** `apply` and its arguments, passed on as given (the executor reads them). */
export interface ApplyArgs {
  readonly command: 'apply';
  readonly args: readonly string[];
}

export type ReleaseArgs = { readonly command: 'help' } | PlanArgs | ApplyArgs;

/** Parses the command line with Node's `util.parseArgs`. Throws {@link UsageError}. */
export function parseReleaseArgs(argv: readonly string[]): ReleaseArgs {
  const [command, ...rest] = argv;
  if (command === undefined) throw new UsageError('say what to do: plan (or apply)');
  if (command === '--help' || command === '-h') return { command: 'help' };
  if (command === 'apply') return { command: 'apply', args: rest };
  if (command !== 'plan') throw new UsageError(`unknown command "${command}"; allowed: plan, apply`);
  let values;
  try {
    ({ values } = parseArgs({
      args: rest,
      strict: true,
      allowPositionals: false,
      options: {
        channel: { type: 'string' },
        version: { type: 'string' },
        start: { type: 'string' },
        patch: { type: 'boolean' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]);
  }
  if (values.help) return { command: 'help' };
  const channel = values.channel;
  if (channel === undefined) throw new UsageError('--channel is required: beta or stable');
  if (!(CHANNELS as readonly string[]).includes(channel)) throw new UsageError(`--channel "${channel}" is not a channel; allowed: ${CHANNELS.join(', ')}`);
  if (values.version === undefined) throw new UsageError('--version is required, e.g. --version 2.133.2');
  if (!parseVersion(values.version)) throw new UsageError(`--version "${values.version}" is not ${VERSION_WORDS}`);
  if (values.out !== undefined && values.out.trim() === '') throw new UsageError('--out needs a directory');
  return {
    command: 'plan',
    channel: channel as Channel,
    version: values.version,
    ...(values.start === undefined ? {} : { start: parseStart(values.start) }),
    patch: values.patch === true,
    ...(values.out === undefined ? {} : { out: values.out }),
  };
}

/** `YYYY-MM-DD` (00:00 UTC) or an ISO 8601 time with its zone, to the minute or second. */
function parseStart(text: string): Date {
  const words = 'YYYY-MM-DD (00:00 UTC) or YYYY-MM-DDTHH:MM with Z or an offset, e.g. 2026-12-01T18:00Z';
  const match = /^(\d{4}-\d{2}-\d{2})(T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d))?$/.exec(text);
  if (!match || !isIsoDate(match[1])) throw new UsageError(`--start "${text}" is not a date; allowed: ${words}`);
  return new Date(match[2] ? text : `${text}T00:00:00Z`);
}
