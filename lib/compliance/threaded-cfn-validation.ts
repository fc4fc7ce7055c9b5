import { dirname, join } from 'path';
import { MessageChannel, MessagePort, receiveMessageOnPort, Worker } from 'worker_threads';
import {
  App,
  CfnResource,
  CloudFormationValidatePlugin,
  IPolicyValidationContext,
  PolicyValidationPluginReport,
  PolicyValidationStack,
  PolicyViolation,
} from 'aws-cdk-lib';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { projectThread } from '../threads/project-thread';

/** What the main thread asks of the validation thread. */
export type ValidationThreadRequest =
  { readonly kind: 'start'; readonly resourceTypes: string[] } | { readonly kind: 'validate'; readonly templates: PolicyValidationStack[] };

/** What the validation thread answers, one message per request or template. */
export type ValidationThreadAnswer =
  | { readonly kind: 'version'; readonly version: string }
  | { readonly kind: 'report'; readonly templatePath: string; readonly violations: PolicyViolation[] }
  | { readonly kind: 'error'; readonly error: string };

/**
 * Where the reports of validated templates are kept, beside npm's other caches (`npm ci` clears it): a template whose
 * bytes, stack, account and region, engine, rules and aws-cdk-lib are unchanged is not validated again.
 */
export const VALIDATION_CACHE_DIR = join(dirname(dirname(require.resolve('aws-cdk-lib/package.json'))), '.cache', 'halo-cfn-validate');

/** Whether the app runs aws-cdk-lib's built-in CloudFormation validation (`CDK_VALIDATION=false` or the App option turn it off). */
export function builtinValidationOn(app: App): boolean {
  return process.env.CDK_VALIDATION !== 'false' && Reflect.get(app, '_builtinCloudFormationValidation') !== false;
}

/** The resource types of every CloudFormation resource in the app, which decide the validation engine's rules. */
export function resourceTypesOf(app: App): string[] {
  return [
    ...new Set(
      app.node
        .findAll()
        .filter(CfnResource.isCfnResource)
        .map((r) => r.cfnResourceType),
    ),
  ].sort();
}

/** The stacks of a synthesized Stage as the validation plugins see them. */
export function stackTemplatesOf(assembly: CloudAssembly): PolicyValidationStack[] {
  return assembly.stacksRecursively.map((stack) => ({
    stackConstructPath: stack.hierarchicalId,
    templatePath: stack.templateFullPath,
    accountId: stack.environment.account !== 'unknown-account' ? stack.environment.account : undefined,
    region: stack.environment.region !== 'unknown-region' ? stack.environment.region : undefined,
  }));
}

/**
 * A thread running aws-cdk-lib's CloudFormation validation plugin beside the synth: it validates each region's
 * templates as soon as they are written (reusing the cached report of a template validated before), so the validation overlaps
 * the synthesis of the other regions and the packs. Start it before building the app; stop it after the synth.
 */
export class CloudFormationValidationThread {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  /** [0]: answers posted so far; [1]: 1 once the thread has exited (set by the thread itself). */
  private readonly answered = new Int32Array(new SharedArrayBuffer(8));
  private read = 0;
  private readonly reports = new Map<string, PolicyViolation[]>();
  private readonly sent = new Set<string>();
  private engineVersion?: string;
  private failure?: string;

  /**
   * @param cacheDir where reports of validated templates are kept, by content; undefined: no cache
   * @param idleMs how long a wait goes on without any answer from the thread before it gives up (the largest
   *   template takes about 2 s)
   */
  constructor(
    cacheDir: string | undefined,
    private readonly idleMs = 120_000,
  ) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    const workerData = { port: port2, answered: this.answered.buffer, cacheDir };
    this.worker = projectThread(join(__dirname, 'cfn-validation-thread'), { workerData, transferList: [port2] });
    this.worker.unref();
  }

  /** Starts the engine with the rules for these resource types. */
  public start(resourceTypes: string[]): void {
    this.request({ kind: 'start', resourceTypes });
  }

  /** Queues the templates not yet sent. */
  public validate(templates: readonly PolicyValidationStack[]): void {
    const fresh = templates.filter((t) => !this.sent.has(t.templatePath));
    fresh.forEach((t) => this.sent.add(t.templatePath));
    if (fresh.length > 0) this.request({ kind: 'validate', templates: fresh });
  }

  /**
   * The plugin's report for these templates, as one call of the plugin over all of them gives it (a violation found
   * in several templates lists their resources in order): in the order the regions were synthesized, which is the
   * built-in plugin's order, then any other. Blocks until the thread has answered.
   */
  public collect(requested: readonly PolicyValidationStack[]): PolicyValidationPluginReport {
    this.validate(requested);
    const byPath = new Map(requested.map((t) => [t.templatePath, t]));
    const templates = [...this.sent].filter((path) => byPath.has(path)).map((path) => byPath.get(path)!);
    this.waitFor(() => templates.every((t) => this.reports.has(t.templatePath)));
    const violations: PolicyViolation[] = [];
    for (const template of templates) {
      for (const violation of this.reports.get(template.templatePath)!) {
        const same = violations.find((v) => v.ruleName === violation.ruleName && v.severity === violation.severity && v.description === violation.description);
        if (same) (same.violatingResources as unknown[]).push(...violation.violatingResources);
        else violations.push({ ...violation, violatingResources: [...violation.violatingResources] });
      }
    }
    return { success: violations.every((v) => v.severity !== 'error' && v.severity !== 'fatal'), violations };
  }

  /** The engine's version, once the thread has told it. */
  public version(): string {
    this.waitFor(() => this.engineVersion !== undefined);
    return this.engineVersion!;
  }

  public async stop(): Promise<void> {
    this.port.close();
    await this.worker.terminate();
  }

  /** Blocks until `done()`; throws when the thread fails, exits, or stays silent for `idleMs`: it never hangs. */
  private waitFor(done: () => boolean): void {
    let lastAnswer = Date.now();
    for (;;) {
      const before = this.read;
      this.drain();
      if (this.read > before) lastAnswer = Date.now();
      if (this.failure) throw new Error(`CloudFormation validation failed in its thread: ${this.failure}`);
      if (done()) return;
      if (Atomics.load(this.answered, 1) === 1) {
        // Its last answers were posted before it exited: read them, then it has nothing more to say.
        this.drain();
        if (this.failure) throw new Error(`CloudFormation validation failed in its thread: ${this.failure}`);
        if (done()) return;
        throw new Error('the CloudFormation validation thread exited');
      }
      if (Date.now() - lastAnswer > this.idleMs) throw new Error(`the CloudFormation validation thread has not answered for ${this.idleMs / 1000} s`);
      Atomics.wait(this.answered, 0, this.read, 1000);
    }
  }

  private request(message: ValidationThreadRequest): void {
    this.port.postMessage(message);
  }

  private drain(): void {
    for (let message = receiveMessageOnPort(this.port); message; message = receiveMessageOnPort(this.port)) {
      this.read++;
      const answer = message.message as ValidationThreadAnswer;
      if (answer.kind === 'version') this.engineVersion = answer.version;
      else if (answer.kind === 'report') this.reports.set(answer.templatePath, answer.violations);
      else this.failure = answer.error;
    }
  }
}

/**
 * aws-cdk-lib's CloudFormation validation, registered in place of the built-in one (which it therefore replaces),
 * whose work is done by a {@link CloudFormationValidationThread}: the same plugin, the same engine, the same report
 * (and, should the thread fail, the same plugin on the main thread).
 * Register it on the App after the packs, so the packs run while the thread finishes.
 */
export class ThreadedCloudFormationValidate extends CloudFormationValidatePlugin {
  constructor(private readonly thread: CloudFormationValidationThread) {
    super();
  }

  public override get version(): string {
    try {
      return this.thread.version();
    } catch {
      return super.version ?? '';
    }
  }

  public override get ruleIds(): string[] {
    return [this.version];
  }

  /** The thread's report; should the thread fail, the same plugin validates here instead, so validation always runs. */
  public override validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    try {
      return this.thread.collect(context.stackTemplates);
    } catch (error) {
      console.error(`Warning: ${(error as Error).message}; validating the templates on the main thread instead.`);
      return super.validate(context);
    }
  }
}
