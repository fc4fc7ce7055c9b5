import { existsSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { CfnResource, Stack, Stage } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { AcknowledgementRecord, acknowledgementRegister } from './acknowledge';
import type { CellPosture } from './cell-posture';
import type { Evaluation } from './evaluation-ledger';
import { Gap, gapRegister } from './gaps';
import type { ProofResult } from '../proofs/run';
import type { SynthProvenance } from './report/provenance';

/** A region the synth built. */
export interface SynthesizedRegion {
  readonly stage: string;
  readonly code: string;
  readonly name: string;
}

/** Who runs a region's threat detection and configuration recording, as the report states it. */
export interface RegionSecurityServices {
  readonly region: string;
  readonly name: string;
  readonly guardDuty: string;
  readonly securityHub: string;
  readonly config: string;
  readonly securityLake: string;
}

/** A cell's SQL Server drill as synthesized: its Automation document and when it runs. */
export interface DeclaredDrill {
  readonly region: string;
  readonly regionName: string;
  readonly cell: string;
  readonly kind: 'failover' | 'restore';
  readonly document: string;
  /** The EventBridge Scheduler expression and its time zone. */
  readonly schedule: string;
  readonly what: string;
}

/** A CloudFormation resource the synth produced. */
export interface SynthesizedResource {
  readonly stage: string;
  readonly region: string;
  readonly stack: string;
  readonly path: string;
  readonly type: string;
  /** The resource's logical ID in its stack's template. */
  readonly logicalId: string;
}

/** What a synth leaves in the cloud assembly for the auditor report (`npm run compliance`). */
export interface ComplianceEvidence {
  /** The synth attempt that wrote this evidence (its `synth-attempt.json`): the report refuses evidence of any other. */
  readonly runId: string;
  /** When that attempt started (ISO 8601). */
  readonly synthStartedAt: string;
  /** The commit, tool versions, configuration hash and template hashes of the synth. */
  readonly provenance: SynthProvenance;
  readonly regions: readonly SynthesizedRegion[];
  /** The cdk-nag packs (ours included) that ran; empty when the synth turned them off. */
  readonly packs: readonly string[];
  readonly resources: readonly SynthesizedResource[];
  /** Whether the synth was asked to run the Control Tower rules through cfn-guard. */
  readonly guardRequested?: boolean;
  /** Whether cfn-guard completed its validation in this synth: only then do its silences count as passes. */
  readonly guard: boolean;
  readonly evaluations: readonly Evaluation[];
  /** Whether the permission proofs ran in this synth, and their results (one per distinct proof). */
  readonly proofsRan?: boolean;
  readonly proofs?: readonly ProofResult[];
  readonly cells: readonly CellPosture[];
  /** Who runs GuardDuty, Security Hub, AWS Config and Security Lake in each region. */
  readonly securityServices?: readonly RegionSecurityServices[];
  /** Each cell's SQL Server drills (failover, restore) and their schedules. */
  readonly sqlDrills?: readonly DeclaredDrill[];
  readonly acknowledgements: readonly AcknowledgementRecord[];
  readonly gaps: readonly (Gap & { path: string })[];
}

/** Every CloudFormation resource under a construct, with where it deploys: the base the report counts from. */
export function resourceInventory(root: IConstruct): SynthesizedResource[] {
  return root.node
    .findAll()
    .filter(CfnResource.isCfnResource)
    .map((r) => ({
      stage: Stage.of(r)?.stageName ?? '',
      region: Stack.of(r).region,
      stack: Stack.of(r).stackName,
      path: r.node.path,
      type: r.cfnResourceType,
      logicalId: Stack.of(r).resolve(r.logicalId),
    }));
}

/** File names in the cloud assembly directory. */
export const EVIDENCE_FILES = {
  evidence: 'compliance-evidence.json',
  acknowledgements: 'acknowledgements.json',
  gaps: 'gaps.json',
  /** Written by `npm run verify -- --json`; the report includes it only when asked (`npm run compliance -- --live <file>`). */
  livePosture: 'live-posture.json',
} as const;

/** Writes the register of acknowledgements, the known gaps and the evaluations next to the templates. */
export function writeEvidence(dir: string, root: IConstruct, evidence: Omit<ComplianceEvidence, 'acknowledgements' | 'gaps'>): void {
  const acknowledgements = acknowledgementRegister(root);
  const gaps = gapRegister(root);
  writeFileSync(join(dir, EVIDENCE_FILES.acknowledgements), JSON.stringify(acknowledgements, null, 2));
  writeFileSync(join(dir, EVIDENCE_FILES.gaps), JSON.stringify(gaps, null, 2));
  writeFileSync(join(dir, EVIDENCE_FILES.evidence), JSON.stringify(evidence));
}

/** Reads what {@link writeEvidence} wrote; says which synth to run when it is missing. */
export function readEvidence(dir: string): ComplianceEvidence {
  const file = join(dir, EVIDENCE_FILES.evidence);
  if (!existsSync(file)) {
    throw new Error(`${file} is missing: run \`npx cdk synth\` (with the compliance packs on) before \`npm run compliance\``);
  }
  const read = (name: string) => JSON.parse(readFileSync(join(dir, name), 'utf8'));
  return { ...read(EVIDENCE_FILES.evidence), acknowledgements: read(EVIDENCE_FILES.acknowledgements), gaps: read(EVIDENCE_FILES.gaps) };
}
