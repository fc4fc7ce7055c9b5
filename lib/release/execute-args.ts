import { parseArgs } from 'util';
import { UsageError } from './cli';
import { DEFAULT_TIMINGS } from './execute-types';

/** The one-line usage of `apply`, printed with every usage error of it. */
export const APPLY_USAGE = 'usage: npm run release -- apply --plan FILE [--wave N] [--dry-run] [--patch] [--canary PERCENT] [--bake MINUTES] [--help]';

/** What `apply --help` prints. */
export const APPLY_HELP = `${APPLY_USAGE}

Applies one wave of a plan: for each cell, in its window, stage the version on the idle colour, shift a canary share
of the traffic to it and bake while watching the cell's composite alarm and the colour's targets, flip all traffic,
bake again, and retire the old colour. Each step writes releases/cells.json and releases/log/<plan id>.jsonl, then
deploys only the cell's App stack with the AWS CDK Toolkit Library. A halt (alarm, unhealthy targets, failed
deployment) rolls the cell back and stops the wave. Rerun the same command after an interruption: it resumes.

  --plan FILE         the plan's plan.json (npm run release -- plan)
  --wave N            the wave to apply (default: the first not yet released); earlier waves must be released
  --dry-run           print the deployments it would make (stack, step, colours) and change nothing
  --patch             start cells outside their windows (a patch plan only)
  --canary PERCENT    the new colour's share during the canary, 1 to 50 (default ${DEFAULT_TIMINGS.canaryPercent})
  --bake MINUTES      how long the canary bakes, 1 to 240 (default ${DEFAULT_TIMINGS.bakeMinutes}); the flip bakes ${DEFAULT_TIMINGS.flipBakeMinutes}
  -h, --help          this text

Exit status: 0 the wave is released (or the dry run printed); 1 a refusal or a halt (one line each says what happened
and what to do); 2 usage error, or the plan or the release files are invalid (one line per problem).`;

/** What to apply, as the command line says it. */
export interface ApplyArgs {
  readonly plan: string;
  readonly wave?: number;
  readonly dryRun: boolean;
  readonly patch: boolean;
  readonly canaryPercent: number;
  readonly bakeMinutes: number;
}

/** Parses `apply`'s arguments with Node's `util.parseArgs`: the arguments, `help`, or a {@link UsageError}. */
export function parseApplyArgs(argv: readonly string[]): ApplyArgs | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        plan: { type: 'string' },
        wave: { type: 'string' },
        'dry-run': { type: 'boolean' },
        patch: { type: 'boolean' },
        canary: { type: 'string' },
        bake: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]);
  }
  if (values.help) return 'help';
  if (values.plan === undefined || values.plan.trim() === '') throw new UsageError('--plan is required: the plan.json that `npm run release -- plan` wrote');
  return {
    plan: values.plan,
    ...(values.wave === undefined ? {} : { wave: wholeNumber('--wave', values.wave, 1, 99, 'a wave number, 1 or more') }),
    dryRun: values['dry-run'] === true,
    patch: values.patch === true,
    canaryPercent: values.canary === undefined ? DEFAULT_TIMINGS.canaryPercent : wholeNumber('--canary', values.canary, 1, 50, 'a whole percentage, 1 to 50'),
    bakeMinutes: values.bake === undefined ? DEFAULT_TIMINGS.bakeMinutes : wholeNumber('--bake', values.bake, 1, 240, 'whole minutes, 1 to 240'),
  };
}

function wholeNumber(option: string, text: string, min: number, max: number, allowed: string): number {
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(value >= min && value <= max)) throw new UsageError(`${option} "${text}" is not ${allowed}`);
  return value;
}
