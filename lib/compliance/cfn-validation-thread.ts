// Entry of the thread that runs aws-cdk-lib's CloudFormation validation while the main thread synthesizes the other
// regions and runs the packs: it validates each template it is sent, one at a time, and answers through the port the
// main thread reads synchronously. A template validated before (same bytes, stack, account, region, engine and
// aws-cdk-lib) takes its report from the cache; the engine starts only for the first template that is not cached.
import { createHash } from 'crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'fs';
import { join } from 'path';
import { MessagePort, workerData } from 'worker_threads';
import { CloudFormationValidatePlugin, PolicyValidationStack, PolicyViolation } from 'aws-cdk-lib';
import type { ValidationThreadAnswer, ValidationThreadRequest } from './threaded-cfn-validation';

const { port, answered, cacheDir } = workerData as { port: MessagePort; answered: SharedArrayBuffer; cacheDir?: string };
const count = new Int32Array(answered);
const plugin = new CloudFormationValidatePlugin();
const cdkVersion: string = require('aws-cdk-lib/package.json').version;
let resourceTypes: string[] = [];
let engineStarted = false;

function answer(message: ValidationThreadAnswer): void {
  port.postMessage(message);
  Atomics.add(count, 0, 1);
  Atomics.notify(count, 0);
}

function cacheFile(template: PolicyValidationStack, bytes: Buffer, version: string): string {
  const hash = createHash('sha256');
  for (const part of [cdkVersion, version, template.stackConstructPath, template.accountId ?? '', template.region ?? '']) hash.update(`${part}\0`);
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
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(`${file}.${process.pid}`, JSON.stringify(violations));
    renameSync(`${file}.${process.pid}`, file);
    return violations;
  }
}

port.on('message', (request: ValidationThreadRequest) => {
  try {
    if (request.kind === 'start') {
      resourceTypes = request.resourceTypes;
      answer({ kind: 'version', version: plugin.version ?? '' });
      return;
    }
    const version = plugin.version ?? '';
    for (const template of request.templates) answer({ kind: 'report', templatePath: template.templatePath, violations: reportOf(template, version) });
  } catch (error) {
    answer({ kind: 'error', error: (error as Error)?.stack ?? String(error) });
  }
});
