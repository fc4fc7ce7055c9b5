import { parseArgs } from 'util';
// The limits alone, not the modules that apply them: parsing and --help load no AWS SDK.
import { CALL_LIMITS, DEFAULT_CHECK_TIMEOUT_MS, DEFAULT_MAX_PAGES } from './limits';

/** The one-line usage, printed with every usage error. */
export const USAGE =
  'usage: npm run verify -- (--region <name or code> [--region ...] | --all) [--json <file> | --json -] [--check-timeout <seconds>] [--help]';

/** What `--help` prints. */
export const HELP = `${USAGE}

Checks the live AWS account of each region against what its configuration promises (the app is built in memory,
no synth, no cdk.out), with the default AWS credential chain (AWS_PROFILE, environment, SSO, instance role).

  --region <r>             a region by slug, Stage name or code (london, London, eu-west-2); repeat it or give a
                           comma-separated list; --region=london works too
  --all                    every region of the catalogue
  --json <file>            also write the results as JSON (what \`npm run compliance -- --live <file>\` reads);
                           --json - writes the JSON to standard output, and the human report to standard error
  --check-timeout <s>      seconds one check may take, its calls and the SDK's retries included (default ${DEFAULT_CHECK_TIMEOUT_MS / 1000});
                           a check past it is "not checked"
  -h, --help               this text

Each call has a connection timeout (${CALL_LIMITS.connectionTimeoutMs / 1000} s) and a request timeout (${CALL_LIMITS.requestTimeoutMs / 1000} s) and is retried only by the SDK (adaptive
mode, ${CALL_LIMITS.maxAttempts} attempts); list calls stop at ${DEFAULT_MAX_PAGES} pages or at a repeated continuation token. The identity (sts:GetCallerIdentity)
is checked once per account first; without usable credentials every check of that account is "not checked", and
the reason is printed once.

Exit status, the first that applies:
  2  usage error (nothing checked)
  1  a check read the account and found something not as expected, even if other checks could not be read
  2  nothing failed, but something could not be checked: credentials missing or expired, a call denied, a timeout,
     an empty answer ({} where a list or setting was due), a list not read to its end
  0  every check read the account and passed`;

/** The options of one run. */
export interface VerifyArgs {
  readonly help: boolean;
  /** Regions as the app's `regions` context takes them (comma-separated), or undefined for every region. */
  readonly regions?: string;
  /** Where to write the JSON: a file, `-` for standard output, or undefined for none. */
  readonly json?: string;
  readonly checkTimeoutMs: number;
}

/** A bad command line: one line saying what is wrong (the caller prints it with {@link USAGE} and exits 2). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Parses and validates the command line with Node's `util.parseArgs`. Throws {@link UsageError}. */
export function parseVerifyArgs(argv: readonly string[]): VerifyArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        region: { type: 'string', multiple: true },
        all: { type: 'boolean' },
        json: { type: 'string' },
        'check-timeout': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]);
  }
  if (values.help) return { help: true, checkTimeoutMs: DEFAULT_CHECK_TIMEOUT_MS };
  const regions = (values.region ?? []).flatMap((r) => r.split(',')).map((r) => r.trim());
  if (regions.some((r) => r === '')) throw new UsageError('--region needs a region name or code, e.g. --region london');
  if (values.all && regions.length) throw new UsageError('give either --all or --region, not both');
  if (!values.all && !regions.length) throw new UsageError('say which regions: --region <name or code> (repeatable) or --all');
  if (values.json !== undefined && values.json.trim() === '') throw new UsageError('--json needs a file name, or - for standard output');
  let checkTimeoutMs = DEFAULT_CHECK_TIMEOUT_MS;
  if (values['check-timeout'] !== undefined) {
    const seconds = Number(values['check-timeout']);
    if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 3600)
      throw new UsageError(`--check-timeout is ${values['check-timeout']}; allowed: seconds, more than 0 and at most 3600`);
    checkTimeoutMs = seconds * 1000;
  }
  return { help: false, regions: values.all ? undefined : regions.join(','), json: values.json, checkTimeoutMs };
}
