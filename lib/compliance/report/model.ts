import type { AcknowledgementRecord } from '../acknowledge';
import type { CellPosture } from '../cell-posture';
import type { EvaluationStatus } from '../evaluation-ledger';
import type { Gap } from '../gaps';
import type { DeclaredDrill, RegionSecurityServices, SynthesizedRegion } from '../evidence';
import type { ProofResult } from '../../proofs/run';

/** One rule on one resource: a row of findings.csv. */
export interface FindingRow {
  readonly region: string;
  readonly stage: string;
  readonly stack: string;
  readonly path: string;
  readonly pack: string;
  /** Rule id as the plugin reports it. */
  readonly rule: string;
  /** The mapping key: a cdk-nag or Halo check name, a Control Tower control id, or a plugin name. */
  readonly check: string;
  readonly level: string;
  /** `not-checked`: the live verifier could not run the check; it counts as open, never as evidence. */
  readonly status: EvaluationStatus | 'not-checked';
  readonly reason: string;
  readonly compensatingControl: string;
  readonly acknowledgedAt: string;
}

/** Counts of one region and pack, or of a whole pack. */
export interface PackSummary {
  readonly region: string;
  readonly pack: string;
  readonly rulesEvaluated: number;
  readonly resourcesChecked: number;
  readonly compliant: number;
  readonly nonCompliant: number;
  readonly acknowledged: number;
}

/** An acknowledgement of the register, with the findings it covered in this synth. */
export interface AcknowledgementEntry extends AcknowledgementRecord {
  readonly findingsCovered: number;
}

/** One of the project's own rules and its results. */
export interface OwnRuleResult {
  readonly rule: string;
  readonly topic: string;
  readonly description: string;
  readonly resourcesChecked: number;
  readonly compliant: number;
  readonly nonCompliant: number;
  readonly acknowledged: number;
}

/** A framework control and the rules that evidence it. */
export interface ControlEvidence {
  readonly control: string;
  readonly objectives: readonly string[];
  readonly rules: readonly string[];
  readonly compliant: number;
  readonly nonCompliant: number;
  readonly acknowledged: number;
}

export interface FrameworkEvidence {
  readonly framework: string;
  readonly controls: readonly ControlEvidence[];
}

/** The auditor report: report.json, and what report.md and report.html render. */
export interface ComplianceReport {
  readonly title: string;
  readonly generatedAt: string;
  readonly regions: readonly SynthesizedRegion[];
  /** The plugins whose results the report holds, e.g. the cdk-nag packs and cfn-guard. */
  readonly packs: readonly string[];
  readonly guard: boolean;
  /** When `npm run verify -- --json` produced the live-posture rows included, if any. */
  readonly liveGeneratedAt?: string;
  readonly totals: Omit<PackSummary, 'region' | 'pack'>;
  /** Per pack over all regions, then per region and pack. */
  readonly packTotals: readonly PackSummary[];
  readonly summary: readonly PackSummary[];
  /** One line per finding neither fixed nor acknowledged, and per live check that could not run. */
  readonly unresolved: readonly string[];
  /** Disagreements between the evaluations and validation-report.json; none in a sound synth. */
  readonly consistencyProblems: readonly string[];
  readonly ownPack: readonly OwnRuleResult[];
  /** Whether the synth ran the permission proofs, and each proof's result (rule set "Permission proofs"). */
  readonly proofsRan: boolean;
  readonly proofs: readonly ProofResult[];
  readonly cells: readonly CellPosture[];
  /** Who runs GuardDuty, Security Hub, AWS Config and Security Lake in each region. */
  readonly securityServices: readonly RegionSecurityServices[];
  /** Each cell's drills, with the last run the live verifier found (when it ran). */
  readonly sqlDrills: readonly (DeclaredDrill & { readonly lastRun: string })[];
  readonly acknowledgements: readonly AcknowledgementEntry[];
  readonly gaps: readonly (Gap & { path: string })[];
  readonly frameworks: readonly FrameworkEvidence[];
  /** Rules with results that the mapping table does not map; a test keeps this empty. */
  readonly unmappedRules: readonly string[];
  readonly findings: readonly FindingRow[];
}
