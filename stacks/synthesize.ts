import { App, Validations } from 'aws-cdk-lib';
import { synthWarnings, unacknowledgedFindings } from '../lib/compliance';
import { failedPlugins } from '../lib/compliance/validation-report';
import { writeEvidence } from '../lib/compliance/evidence';
import { ConfigError, HaloConfigInput } from '../lib/config';
import { launchedProofs, PermissionProofsLauncher, ProofWorker } from '../lib/proofs/launcher';
import { failedProofs, ProofResult, PROOFS_FILE } from '../lib/proofs/results';
import { writeFileSync } from 'fs';
import {
  builtinValidationOn,
  CloudFormationValidationThread,
  resourceTypesOf,
  stackTemplatesOf,
  ThreadedCloudFormationValidate,
  VALIDATION_CACHE_DIR,
} from '../lib/compliance/threaded-cfn-validation';
import { join } from 'path';
import { buildHaloApp, complianceEvidenceOf, CONTEXT, HaloApp, shippedConfiguration } from './halo-app';
import { synthProvenance } from '../lib/compliance/report/provenance';
import { finishSynthAttempt, startSynthAttempt, SynthAttempt } from '../lib/compliance/report/synth-attempt';

/** The launcher's evaluation, or (when no stage ran plugins) one in this thread; a crashed evaluation is reported, not thrown. */
async function provenAfterSynth(app: App, now: Date): Promise<ProofResult[] | Error> {
  const evaluation = launchedProofs(app) ?? import('../lib/proofs/run').then((run) => run.runPermissionProofs(app, now));
  return evaluation.catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
}

/** Options of {@link synthesizeHalo}. */
export interface SynthesizeOptions {
  /** The instant proofs evaluate requests at (aws:CurrentTime). @default now */
  readonly now?: Date;
  /** The configuration to build. @default the shipped one (regions/) */
  readonly input?: HaloConfigInput;
  /** The attempt record `bin/halo.ts` started before the app's modules loaded. @default one started here */
  readonly attempt?: SynthAttempt;
  /** Called with the built app before it synthesizes (tests add a construct or a proof here). */
  readonly afterBuild?: (halo: HaloApp) => void;
}

/**
 * What `bin/halo.ts` does: builds and synthesizes the app, proves the declared permissions against the synthesized
 * templates, writes the evidence, and returns the exit code: 1 on a configuration error, an unacknowledged finding
 * or a failed proof. The CLI checks findings only for the stacks it selected (none at the top level), so the app does.
 */
export async function synthesizeHalo(app: App, options: SynthesizeOptions = {}): Promise<number> {
  // First of all: from here on, no evidence of an earlier synth passes for this one's (npm run compliance checks).
  const attempt = options.attempt ?? startSynthAttempt(app.outdir, new Date(), app.node.getAllContext());
  const now = options.now ?? new Date();
  const proofsOn = app.node.tryGetContext(CONTEXT.proofs) !== 'off';
  // Started first: the threads load the simulator and the validation engine while this thread builds the app.
  const worker = proofsOn ? new ProofWorker() : undefined;
  // `HALO_VALIDATION_CACHE=off` validates every template afresh (CI, the bench's cold figures).
  const cache = process.env.HALO_VALIDATION_CACHE === 'off' ? undefined : VALIDATION_CACHE_DIR;
  const validation = builtinValidationOn(app) ? new CloudFormationValidationThread(cache) : undefined;
  try {
    return await synthesizeWith(app, now, { worker, validation }, options, attempt);
  } catch (error) {
    finishSynthAttempt(app.outdir, attempt, 'crashed', error instanceof Error ? error.message : String(error));
    throw error;
  } finally {
    // eslint-disable-next-line @cdklabs/promiseall-no-unbounded-parallelism -- two worker threads stop
    await Promise.all([worker?.stop(), validation?.stop()]);
  }
}

/** The threads that work beside the synth. */
interface SynthThreads {
  readonly worker?: ProofWorker;
  readonly validation?: CloudFormationValidationThread;
}

async function synthesizeWith(app: App, now: Date, { worker, validation }: SynthThreads, options: SynthesizeOptions, attempt: SynthAttempt): Promise<number> {
  let halo: HaloApp;
  try {
    halo = buildHaloApp(app, options.input ?? shippedConfiguration(app, now));
    options.afterBuild?.(halo);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    const more = error.problems.length > 1 ? ` (and ${error.problems.length - 1} more)` : '';
    finishSynthAttempt(app.outdir, attempt, 'config-error', `${error.problems[0] ?? error.message}${more}`);
    return 1;
  }
  const proofsOn = worker !== undefined;
  let proofs: ProofResult[] = [];
  let proofsCrashed: Error | undefined;
  if (worker) {
    // Region stages' plugins run before the app's packs: the proofs are evaluated on the worker meanwhile.
    const launcher = new PermissionProofsLauncher(worker, now);
    halo.stages.forEach((stage) => Validations.of(stage).addPlugins(launcher));
  }
  if (validation) {
    // Each region is validated as soon as it is written; the plugin, after the packs, collects the reports.
    validation.start(resourceTypesOf(app));
    halo.stages.forEach((stage) => stage.onSynthesized((assembly) => validation.validate(stackTemplatesOf(assembly))));
    Validations.of(app).addPlugins(new ThreadedCloudFormationValidate(validation));
  }
  try {
    app.synth();
    if (proofsOn) {
      const outcome = await provenAfterSynth(app, now);
      if (outcome instanceof Error) proofsCrashed = outcome;
      else proofs = outcome;
    }
  } finally {
    // Written even when the gate fails the synth, so `npm run compliance` can report what failed.
    writeFileSync(join(app.outdir, PROOFS_FILE), JSON.stringify(proofs, null, 1));
    writeEvidence(app.outdir, app, {
      runId: attempt.runId,
      synthStartedAt: attempt.startedAt,
      // The CLI announces its version to the app it runs; scripts and tests run the app without one.
      provenance: synthProvenance({ outdir: app.outdir, config: halo.config, cliVersion: process.env.CDK_CLI_VERSION }),
      ...complianceEvidenceOf(halo),
      proofsRan: proofsOn && !proofsCrashed,
      proofs,
    });
  }
  synthWarnings(app.outdir).forEach((warning) => console.error(`Warning: ${warning}`));
  const findings = unacknowledgedFindings(app.outdir);
  const crashed = failedPlugins(app.outdir);
  crashed.forEach((line) => console.error(`Compliance gate: ${line}`));
  const failed = failedProofs(proofs);
  if (findings.length > 0) {
    console.error(`Compliance gate: ${findings.length} finding(s) neither fixed nor acknowledged:\n${findings.map((f) => `- ${f}`).join('\n')}`);
  }
  if (failed.length > 0) {
    console.error(`Permission proofs: ${failed.length} of ${proofs.length} did not hold:\n${failed.map((f) => `- ${f}`).join('\n')}`);
  }
  if (proofsCrashed) console.error(`Permission proofs could not be evaluated, so nothing is proven: ${proofsCrashed.message}`);
  const gateFailed = findings.length > 0 || crashed.length > 0 || failed.length > 0 || proofsCrashed !== undefined;
  // A gate failure still leaves complete evidence: the report names what failed.
  finishSynthAttempt(app.outdir, attempt, gateFailed ? 'failed' : 'succeeded');
  return gateFailed ? 1 : 0;
}
