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
  /** CloudFormation type of the resource, e.g. `AWS::S3::Bucket` ('' when the finding is not on one resource). */
  readonly resourceType: string;
  /** Logical ID of the resource in its template ('' when the finding is not on one resource). */
  readonly logicalId: string;
  /** The rule's one-line title (its doc sentence, or the plugin's rule description). */
  readonly ruleTitle: string;
  /** What the rule found on this resource, apart from the rule id (empty for compliant rows). */
  readonly detail: string;
  /** The framework controls this row evidences, as `<framework> <control>`. */
  readonly controls: readonly string[];
}

/** Fields the report derives itself: a row of the live verifier (live-posture.json) may leave them out. */
type DerivedField = 'resourceType' | 'logicalId' | 'ruleTitle' | 'detail' | 'controls';

/** A row as the live verifier writes it: the report completes what it leaves out. */
export type LiveFindingRow = Omit<FindingRow, DerivedField> & Partial<Pick<FindingRow, DerivedField>>;

/** What ties a report to the code, tools, configuration and templates it describes. */
export interface ReportProvenance {
  /** Id of the synth attempt the evidence comes from (also in every CSV row and SARIF run). */
  readonly runId: string;
  /** When that synth started (ISO 8601). */
  readonly synthStartedAt: string;
  /** `git rev-parse HEAD` at synth time, or 'unknown' outside a git work tree. */
  readonly commit: string;
  /** Whether the work tree had uncommitted changes at synth time. */
  readonly dirty: boolean;
  /** The repository: its `origin` remote, else the work tree as a file URI ('unknown' outside git). */
  readonly repository: string;
  readonly versions: {
    readonly awsCdkLib: string;
    readonly cdkCli: string;
    readonly cdkNag: string;
    readonly guardValidator: string;
    readonly node: string;
  };
  /** SHA-256 of the resolved configuration the app was built from. */
  readonly configSha256: string;
  /** SHA-256 of every template the report describes, by path relative to the cloud assembly, with its stack's name. */
  readonly templates: readonly { readonly path: string; readonly stack: string; readonly sha256: string }[];
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
  /** Which commit, tools, configuration and templates the evidence comes from. */
  readonly provenance: ReportProvenance;
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
  /** One line per finding neither fixed nor acknowledged. */
  readonly unresolved: readonly string[];
  /** One line per live check that could not run: neither compliant nor non-compliant, evidence of nothing. */
  readonly notChecked: readonly string[];
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
