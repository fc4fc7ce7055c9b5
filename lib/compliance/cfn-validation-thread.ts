// Entry of the thread that runs aws-cdk-lib's CloudFormation validation while the main thread synthesizes the other
// regions and runs the packs: it validates each template it is sent, one at a time, and answers through the port the
// main thread reads synchronously. A template validated before (same bytes, stack, account, region, engine and
// aws-cdk-lib) takes its report from the cache; with nothing cached the engine starts at once, otherwise only for the
// first template that is not cached.
import { createHash, randomUUID } from 'crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'fs';
import { dirname, join } from 'path';
import { MessagePort, threadId, workerData } from 'worker_threads';
import { CloudFormationValidatePlugin, PolicyValidationStack, PolicyViolation } from 'aws-cdk-lib';
import type { ValidationThreadAnswer, ValidationThreadRequest } from './threaded-cfn-validation';

const { port, answered, cacheDir } = workerData as { port: MessagePort; answered: SharedArrayBuffer; cacheDir?: string };
const count = new Int32Array(answered);
// Tells the main thread, which may be blocked waiting for an answer, that none will come (an uncaught error included).
process.on('exit', () => {
  Atomics.store(count, 1, 1);
  Atomics.notify(count, 0);
});
const plugin = new CloudFormationValidatePlugin();
/** The plugin's private engine start (seconds of work) and the types it started for: used only as described below. */
const engine = plugin as unknown as { initializeEngine?: (types: Set<string>) => unknown; engineResourceTypes?: Set<string> };
// eslint-disable-next-line @typescript-eslint/no-require-imports -- aws-cdk-lib's package.json is read for its version only (not a module import)
const cdkVersion: string = require('aws-cdk-lib/package.json').version;
let resourceTypes: string[] = [];
/** The built-in rules the app's types select: part of each cache key. */
let rulesKey = 'rules unknown';
let engineStarted = false;

/** The files of aws-cdk-lib's built-in rules that a set of resource types selects, as the plugin selects them; undefined if unreadable. */
function builtinRulesFor(types: ReadonlySet<string>): string | undefined {
  try {
    const index = join(dirname(require.resolve('aws-cdk-lib/package.json')), 'core', 'lib', 'validation', 'rules', 'index.generated.json');
    const { rules } = JSON.parse(readFileSync(index, 'utf8')) as { rules: { file: string; types: string[] | null }[] };
    return rules
      .filter((r) => r.types === null || r.types.some((t) => types.has(t)))
      .map((r) => r.file)
      .sort()
      .join('\n');
  } catch {
    return undefined;
  }
}

// With nothing cached, every template will need the engine: start it now, while the app is built, for no resource
// type; once the app's types are known it serves them only if they select the very same built-in rules.
const startedEarly = !cacheDir || !existsSync(cacheDir);
if (startedEarly && engine.initializeEngine) {
  try {
    engine.initializeEngine(new Set());
    engineStarted = true;
  } catch {
    // Started again for the first template, where a failure is answered to the main thread.
  }
}

/** Makes the engine the one the plugin would start for the app's types (the same rules: no restart). */
function engineFor(types: string[]): void {
  resourceTypes = types;
  rulesKey = builtinRulesFor(new Set(types)) ?? 'rules unknown';
  if (!engineStarted) return;
  const rules = builtinRulesFor(new Set(types));
  if (rules !== undefined && rules === builtinRulesFor(new Set()) && engine.engineResourceTypes?.size === 0) engine.engineResourceTypes = new Set(types);
  else engine.initializeEngine?.(new Set(types));
}

function answer(message: ValidationThreadAnswer): void {
  port.postMessage(message);
  Atomics.add(count, 0, 1);
  Atomics.notify(count, 0);
}

function cacheFile(template: PolicyValidationStack, bytes: Buffer, version: string): string {
  const hash = createHash('sha256');
  for (const part of [cdkVersion, version, rulesKey, template.stackConstructPath, template.accountId ?? '', template.region ?? '']) hash.update(`${part}\0`);
  return join(cacheDir!, `${hash.update(bytes).digest('hex')}.json`);
}

function validated(template: PolicyValidationStack): PolicyViolation[] {
  if (!engineStarted) {
    // Private in aws-cdk-lib: one engine with the rules for all the app's types serves every template, as in one call.
    (plugin as unknown as { initializeEngine?: (types: Set<string>) => unknown }).initializeEngine?.(new Set(resourceTypes));
    engineStarted = true;
  }
  return plugin.validate({ templatePaths: [template.templatePath], stackTemplates: [template] } as never).violations;
}

function reportOf(template: PolicyValidationStack, version: string): PolicyViolation[] {
  if (!cacheDir) return validated(template);
  const file = cacheFile(template, readFileSync(template.templatePath), version);
  try {
    const cached = JSON.parse(readFileSync(file, 'utf8')) as PolicyViolation[];
    return cached.map((v) => ({ ...v, violatingResources: v.violatingResources.map((r) => ({ ...r, templatePath: template.templatePath })) }));
  } catch {
    const violations = validated(template);
    // Best effort: a cache that cannot be written (read-only, full) only costs the next synth its time.
    const temporary = `${file}.${process.pid}.${threadId}.${randomUUID()}`;
    try {
      mkdirSync(cacheDir, { recursive: true });
      writeFileSync(temporary, JSON.stringify(violations));
      renameSync(temporary, file);
    } catch {
      rmSync(temporary, { force: true });
    }
    return violations;
  }
}

port.on('message', (request: ValidationThreadRequest) => {
  try {
    if (request.kind === 'start') {
      engineFor(request.resourceTypes);
      answer({ kind: 'version', version: plugin.version ?? '' });
      return;
    }
    const version = plugin.version ?? '';
    for (const template of request.templates) answer({ kind: 'report', templatePath: template.templatePath, violations: reportOf(template, version) });
  } catch (error) {
    answer({ kind: 'error', error: (error as Error)?.stack ?? String(error) });
  }
});
