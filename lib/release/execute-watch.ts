import type { ExecutorServices, ReleaseCell, ReleaseStep, ReleaseTimings, TargetCounts } from './execute-types';
import type { Colour } from './state';

const MINUTE = 60_000;

/**
 * What a step waits for after its deployment, or why it halts: the stage waits until the new colour's targets are all
 * healthy (at least `capacity`), the canary and the flip bake while nothing goes wrong, the retire waits for nothing.
 * Throughout, the cell's composite alarm in ALARM halts; so does, while baking, any unhealthy target of the new colour or
 * none healthy; so does a watcher that cannot read (the SDK has retried): a release is never continued unwatched.
 */
export async function watchStep(
  step: ReleaseStep,
  cell: ReleaseCell,
  colour: Colour,
  capacity: number,
  timings: ReleaseTimings,
  services: Pick<ExecutorServices, 'watcher' | 'clock'>,
  say: (text: string) => void,
): Promise<string | undefined> {
  if (step === 'retire') return undefined;
  if (step === 'stage') return waitHealthy(cell, colour, capacity, timings, services, say);
  return bake(step, cell, colour, step === 'canary' ? timings.bakeMinutes : timings.flipBakeMinutes, timings, services, say);
}

async function waitHealthy(
  cell: ReleaseCell,
  colour: Colour,
  capacity: number,
  timings: ReleaseTimings,
  { watcher, clock }: Pick<ExecutorServices, 'watcher' | 'clock'>,
  say: (text: string) => void,
): Promise<string | undefined> {
  const deadline = clock.now().getTime() + timings.healthTimeoutMinutes * MINUTE;
  say(`waiting up to ${timings.healthTimeoutMinutes} min for ${capacity} healthy ${colour} targets`);
  for (;;) {
    const seen = await look(cell, colour, { watcher });
    if (typeof seen === 'string') return seen;
    if (seen.targets.healthy >= capacity && seen.targets.unhealthy === 0) {
      say(`${colour} is healthy: ${counts(seen.targets)}`);
      return undefined;
    }
    const left = deadline - clock.now().getTime();
    if (left <= 0) return `the ${colour} targets were not healthy within ${timings.healthTimeoutMinutes} min (${counts(seen.targets)}; ${capacity} wanted)`;
    await clock.sleep(Math.min(timings.pollSeconds * 1000, left));
  }
}

async function bake(
  step: ReleaseStep,
  cell: ReleaseCell,
  colour: Colour,
  minutes: number,
  timings: ReleaseTimings,
  { watcher, clock }: Pick<ExecutorServices, 'watcher' | 'clock'>,
  say: (text: string) => void,
): Promise<string | undefined> {
  const started = clock.now().getTime();
  say(`baking ${minutes} min, watching ${cell.alarmName} and the ${colour} targets`);
  for (;;) {
    const seen = await look(cell, colour, { watcher });
    const into = `${Math.floor((clock.now().getTime() - started) / MINUTE)} min into the ${step} bake`;
    if (typeof seen === 'string') return `${seen}, ${into}`;
    if (seen.targets.unhealthy > 0 || seen.targets.healthy === 0) return `the ${colour} targets turned unhealthy (${counts(seen.targets)}), ${into}`;
    const left = started + minutes * MINUTE - clock.now().getTime();
    if (left <= 0) {
      say(`baked ${minutes} min: ${cell.alarmName} ${seen.alarm}, ${colour} ${counts(seen.targets)}`);
      return undefined;
    }
    await clock.sleep(Math.min(timings.pollSeconds * 1000, left));
  }
}

/** The alarm and the colour's targets, or why the watch halts (the alarm in ALARM, or a read that failed). */
async function look(
  cell: ReleaseCell,
  colour: Colour,
  { watcher }: Pick<ExecutorServices, 'watcher'>,
): Promise<{ readonly alarm: string; readonly targets: TargetCounts } | string> {
  try {
    const alarm = await watcher.alarmState(cell);
    if (alarm === 'ALARM') return `alarm ${cell.alarmName} is in ALARM`;
    return { alarm, targets: await watcher.targetHealth(cell, colour) };
  } catch (error) {
    return `the watch could not read the cell (${(error instanceof Error ? error.message : String(error)).split('\n')[0]})`;
  }
}

function counts(t: TargetCounts): string {
  return `${t.healthy} healthy, ${t.unhealthy} unhealthy, ${t.other} other`;
}
