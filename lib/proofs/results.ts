/** The outcome of one proof: a row of the auditor report's permission-proof rule set. */
export interface ProofResult {
  /** `Proof-<id>`, the rule id in the report. */
  readonly rule: string;
  readonly stage: string;
  readonly region: string;
  readonly stack: string;
  /** The construct that declared the proof. */
  readonly path: string;
  /** Who calls: a construct path, a service, or a named principal. */
  readonly actor: string;
  /** The principal the simulator evaluated (ARN or service principal). */
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  /** The request context the proof states (beyond what the actor implies). */
  readonly context: Readonly<Record<string, string | readonly string[]>>;
  readonly expected: 'allowed' | 'refused';
  readonly result: 'allowed' | 'refused' | 'inconclusive';
  readonly passed: boolean;
  readonly detail: string;
  readonly why: string;
}

/** The file in the cloud assembly that holds every proof's result. */
export const PROOFS_FILE = 'permission-proofs.json';

/** One line per proof that did not hold: `<rule> at <path>: expected ..., got ... (detail)`. */
export function failedProofs(results: readonly ProofResult[]): string[] {
  return results
    .filter((r) => !r.passed)
    .map((r) => `${r.rule} at ${r.path}: ${r.actor} ${r.action} on ${r.resource} should be ${r.expected}, is ${r.result}: ${r.detail}`);
}
