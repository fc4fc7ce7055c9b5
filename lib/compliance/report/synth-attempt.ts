import { randomUUID } from 'crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'fs';
import { join } from 'path';

/** File of the cloud assembly that records the latest synth attempt, whatever became of it. */
export const SYNTH_ATTEMPT_FILE = 'synth-attempt.json';

/**
 * How a synth attempt ended: `started` (still running, or killed), `config-error` (stopped before building anything),
 * `crashed` (an error before its evidence was complete), `failed` (complete evidence, but a finding, proof or plugin
 * failed the gate: the report exists to name them), `succeeded`.
 */
export type SynthOutcome = 'started' | 'config-error' | 'crashed' | 'failed' | 'succeeded';

/** The record of one synth attempt; the evidence of a complete attempt carries the same run id. */
export interface SynthAttempt {
  /** A random UUID per attempt. */
  readonly runId: string;
  /** When the attempt started (ISO 8601). */
  readonly startedAt: string;
  readonly outcome: SynthOutcome;
  /** When the outcome was recorded (ISO 8601), once it is known. */
  readonly finishedAt?: string;
  /** What stopped it, for `config-error` and `crashed`: its first line. */
  readonly message?: string;
  /** The app's own context (`halo:*`, `regions`) the attempt ran with, so a synth made again for it (cfn-guard) builds the same. */
  readonly context?: Readonly<Record<string, string>>;
}

/** The context keys a synth attempt records: the app's own settings, from cdk.json or `-c`. */
export const RECORDED_CONTEXT = /^(halo:.+|regions)$/;

/** Written whole or not at all: a reader never sees half a record. */
function publish(outdir: string, attempt: SynthAttempt): void {
  const file = join(outdir, SYNTH_ATTEMPT_FILE);
  writeFileSync(`${file}.partial`, JSON.stringify(attempt, null, 1));
  renameSync(`${file}.partial`, file);
}

/** Records a new attempt before anything else happens (before the configuration is read), so no older evidence passes for its result. */
export function startSynthAttempt(outdir: string, now = new Date(), context: Readonly<Record<string, unknown>> = {}): SynthAttempt {
  mkdirSync(outdir, { recursive: true });
  const recorded = Object.fromEntries(
    Object.entries(context)
      .filter(([key, value]) => RECORDED_CONTEXT.test(key) && value !== undefined)
      .map(([key, value]) => [key, String(value)]),
  );
  const attempt: SynthAttempt = { runId: randomUUID(), startedAt: now.toISOString(), outcome: 'started', context: recorded };
  publish(outdir, attempt);
  return attempt;
}

/** Records how the attempt ended. */
export function finishSynthAttempt(
  outdir: string,
  attempt: SynthAttempt,
  outcome: Exclude<SynthOutcome, 'started'>,
  message?: string,
  now = new Date(),
): SynthAttempt {
  const finished: SynthAttempt = { ...attempt, outcome, finishedAt: now.toISOString(), ...(message ? { message: message.split('\n')[0] } : {}) };
  publish(outdir, finished);
  return finished;
}

/** The latest attempt recorded in a cloud assembly, or undefined when none is (a synth older than the record, or no synth). */
export function readSynthAttempt(outdir: string): SynthAttempt | undefined {
  const file = join(outdir, SYNTH_ATTEMPT_FILE);
  if (!existsSync(file)) return undefined;
  try {
    const attempt = JSON.parse(readFileSync(file, 'utf8')) as SynthAttempt;
    return typeof attempt.runId === 'string' && typeof attempt.startedAt === 'string' ? attempt : undefined;
  } catch {
    return undefined;
  }
}
