import type { LogEntry, ReleaseStep } from './execute-types';
import { RELEASE_STEPS } from './execute-types';
import type { Position } from './execute-steps';

/**
 * What to do next with a cell, from where its release state stands and what the log says of it: the state says which
 * step was written last (each step writes it first), the log whether that step's deployment and its wait or bake
 * finished. A step is never run twice: a finished deployment is not repeated, only a wait or bake that was cut short.
 */
export type NextMove =
  /** Released already (new colour live on the version, old colour retired). */
  | { readonly move: 'skip' }
  /** Not begun (or rolled back): the whole release, in the cell's window. */
  | { readonly move: 'begin' }
  /** Resume at a step: `write` its state (the step before it finished), `deploy` its written state, or `watch` (its deployment finished). */
  | { readonly move: 'resume'; readonly step: ReleaseStep; readonly from: 'write' | 'deploy' | 'watch' }
  /** A step halted or failed and the rollback was not written yet: roll back now. */
  | { readonly move: 'roll back'; readonly step: ReleaseStep; readonly reason: string }
  /** The rollback was written (the state is idle after a halt or a failure) but its deployment did not finish: deploy it. */
  | { readonly move: 'finish rollback'; readonly reason: string }
  /** The state is none this release makes. */
  | { readonly move: 'refuse' };

/** The next move for a cell at `position`, given the plan's log entries for that cell, oldest first. */
export function nextMove(position: Position, entries: readonly LogEntry[]): NextMove {
  // A cell's refusals and skips change nothing: the last step entry says where its release stands.
  const last = lastStepEntry(entries);
  if (position.at === 'unknown') return { move: 'refuse' };
  if (position.at === 'idle') {
    if (last?.step === 'rollback' && last.outcome !== 'done') return { move: 'finish rollback', reason: haltReason(entries) };
    // Idle after a halt: the rollback was written, and an interruption came before it was logged (or deployed).
    if (last?.outcome === 'halted' || last?.outcome === 'failed') return { move: 'finish rollback', reason: haltReason(entries) };
    return { move: 'begin' };
  }
  const step = position.at;
  const ofStep = last?.step === step ? last : undefined;
  if (step === 'retire' && ofStep?.outcome !== 'started' && ofStep?.outcome !== 'failed') return { move: 'skip' };
  if (ofStep?.outcome === 'halted' || ofStep?.outcome === 'failed') return { move: 'roll back', step, reason: ofStep.detail ?? `${step} ${ofStep.outcome}` };
  if (ofStep?.outcome === 'done') {
    const next = RELEASE_STEPS[RELEASE_STEPS.indexOf(step) + 1];
    // After `done` of the last step the state is at retire, handled above; `next` exists here.
    return { move: 'resume', step: next, from: 'write' };
  }
  return { move: 'resume', step, from: ofStep?.outcome === 'deployed' ? 'watch' : 'deploy' };
}

/** The cell's last entry of a step or rollback (not of the cell as a whole: `skipped`, `refused`). */
export function lastStepEntry(entries: readonly LogEntry[]): LogEntry | undefined {
  return [...entries].reverse().find((e) => e.step !== 'cell');
}

/** Why the last halt happened, from the log. */
function haltReason(entries: readonly LogEntry[]): string {
  const halt = [...entries].reverse().find((e) => e.outcome === 'halted' || e.outcome === 'failed');
  return halt?.detail ?? 'a halt';
}
