import { join } from 'path';
import { Worker } from 'worker_threads';
import { projectThread } from '../threads/project-thread';
import { IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { PreparedProofs, prepareProofs } from './prepare';
import type { ProofResult } from './results';

/** A worker thread that evaluates one set of prepared proofs; started early, so it loads the simulator meanwhile. */
export class ProofWorker {
  private readonly worker: Worker;
  private readonly results: Promise<ProofResult[]>;

  constructor() {
    this.worker = projectThread(join(__dirname, 'proof-worker'));
    this.results = new Promise((resolve, reject) => {
      this.worker.once('message', (message: { results?: ProofResult[]; error?: string }) => {
        if (message.results) resolve(message.results);
        else reject(new Error(`the proof worker failed: ${message.error}`));
      });
      this.worker.once('error', (error) => reject(new Error(`the proof worker failed: ${error.stack ?? error}`)));
      this.worker.once('exit', (code) => reject(new Error(`the proof worker exited (code ${code}) without results`)));
    });
    // Awaited only once the proofs are sent; until then a crash is not an unhandled rejection.
    this.results.catch(() => undefined);
  }

  /** Sends the proofs and returns their results; rejects with the worker's error, never hangs on a crash. */
  public prove(prepared: PreparedProofs): Promise<ProofResult[]> {
    this.worker.postMessage(prepared);
    return this.results;
  }

  /** Stops the thread (an idle worker keeps the process alive). */
  public async stop(): Promise<void> {
    await this.worker.terminate();
  }
}

/** Evaluates prepared proofs on a new worker thread. */
export async function proveInWorker(prepared: PreparedProofs): Promise<ProofResult[]> {
  const worker = new ProofWorker();
  try {
    return await worker.prove(prepared);
  } finally {
    await worker.stop();
  }
}

const launched = new WeakMap<IConstruct, Promise<ProofResult[]>>();

/**
 * A validation plugin that does no validation: once the templates are written, it resolves the app's proofs and sends
 * them to the worker, so that their evaluation overlaps the compliance packs that run after it on the main thread.
 * Register it before the packs; {@link launchedProofs} returns the evaluation after `app.synth()`.
 */
export class PermissionProofsLauncher implements IPolicyValidationPlugin {
  public readonly name = 'halo-permission-proofs-launcher';
  public readonly ruleIds: string[] = [];

  /**
   * @param worker the thread that evaluates the proofs
   * @param now the instant proofs evaluate requests at (aws:CurrentTime)
   */
  constructor(
    private readonly worker: ProofWorker,
    private readonly now: Date,
  ) {}

  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const root = context.appConstruct.node.root;
    if (!launched.has(root)) {
      let evaluation: Promise<ProofResult[]>;
      try {
        evaluation = this.worker.prove(prepareProofs(root, this.now));
      } catch (error) {
        evaluation = Promise.reject(error);
      }
      // The synth awaits it after the packs; until then a rejection is not unhandled.
      evaluation.catch(() => undefined);
      launched.set(root, evaluation);
    }
    return { success: true, violations: [] };
  }
}

/** The evaluation the launcher started for this app's synth, if it ran. */
export function launchedProofs(root: IConstruct): Promise<ProofResult[]> | undefined {
  return launched.get(root.node.root);
}
