import { App } from 'aws-cdk-lib';
import { synthWarnings, unacknowledgedFindings } from '../lib/compliance';
import { writeEvidence } from '../lib/compliance/evidence';
import { ConfigError } from '../lib/config';
import { failedProofs, ProofResult, PROOFS_FILE, runPermissionProofs } from '../lib/proofs/run';
import { writeFileSync } from 'fs';
import { join } from 'path';
import { buildHaloApp, complianceEvidenceOf, CONTEXT, HaloApp } from './halo-app';

/** Options of {@link synthesizeHalo}. */
export interface SynthesizeOptions {
  /** The instant proofs evaluate requests at (aws:CurrentTime). @default now */
  readonly now?: Date;
  /** Called with the built app before it synthesizes (tests add a construct or a proof here). */
  readonly afterBuild?: (halo: HaloApp) => void;
}

/**
 * What `bin/halo.ts` does: builds and synthesizes the app, proves the declared permissions against the synthesized
 * templates, writes the evidence, and returns the exit code: 1 on a configuration error, an unacknowledged finding
 * or a failed proof. The CLI checks findings only for the stacks it selected (none at the top level), so the app does.
 */
export async function synthesizeHalo(app: App, options: SynthesizeOptions = {}): Promise<number> {
  const now = options.now ?? new Date();
  let halo: HaloApp;
  try {
    halo = buildHaloApp(app);
    options.afterBuild?.(halo);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    return 1;
  }
  const proofsOn = app.node.tryGetContext(CONTEXT.proofs) !== 'off';
  let proofs: ProofResult[] = [];
  try {
    app.synth();
    if (proofsOn) proofs = await runPermissionProofs(app, now);
  } finally {
    // Written even when the gate fails the synth, so `npm run compliance` can report what failed.
    writeFileSync(join(app.outdir, PROOFS_FILE), JSON.stringify(proofs, null, 1));
    writeEvidence(app.outdir, app, { ...complianceEvidenceOf(halo), proofsRan: proofsOn, proofs });
  }
  synthWarnings(app.outdir).forEach((warning) => console.error(`Warning: ${warning}`));
  const findings = unacknowledgedFindings(app.outdir);
  const failed = failedProofs(proofs);
  if (findings.length > 0) {
    console.error(`Compliance gate: ${findings.length} finding(s) neither fixed nor acknowledged:\n${findings.map((f) => `- ${f}`).join('\n')}`);
  }
  if (failed.length > 0) {
    console.error(`Permission proofs: ${failed.length} of ${proofs.length} did not hold:\n${failed.map((f) => `- ${f}`).join('\n')}`);
  }
  return findings.length > 0 || failed.length > 0 ? 1 : 0;
}
