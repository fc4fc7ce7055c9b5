import { readFileSync } from 'fs';
import { join } from 'path';
import { CfnResource, IResolvable, Reference, Stack, Stage, Token, Tokenization } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { evaluateProof, ResolvedProof } from './evaluate';
import { PolicyIndex } from './policy-index';
import { declaredProofs, DeclaredProof, ProofActor } from './proof';
import { SynthesizedStack, SynthesizedTemplates } from './synthesized-templates';

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

/** Reads every synthesized template of the app from its cloud assembly. */
export function synthesizedTemplates(root: IConstruct): SynthesizedTemplates {
  const stacks: SynthesizedStack[] = root.node.findAll().filter(Stack.isStack).map((stack) => ({
    stackName: stack.stackName,
    account: stack.account,
    region: stack.region,
    template: JSON.parse(readFileSync(join(Stage.of(stack)!.outdir, stack.templateFile), 'utf8')),
  }));
  return new SynthesizedTemplates(stacks);
}

/** Resolves a string that may hold tokens of several stacks: each token in the stack that produces it. */
function resolveString(value: string, declaring: Stack, templates: SynthesizedTemplates): string {
  if (!Token.isUnresolved(value)) return value;
  const synthesized = (stack: Stack) => templates.stack(stack.stackName, stack.region)!;
  const resolveToken = (token: IResolvable) => {
    const producer = Reference.isReference(token) ? Stack.of(token.target) : declaring;
    return String(templates.resolve(synthesized(producer), producer.resolve(token)));
  };
  return Tokenization.reverseString(value)
    .mapTokens({ mapToken: (token) => resolveToken(token) })
    .join({ join: (left: unknown, right: unknown) => `${String(left ?? '')}${String(right ?? '')}` });
}

function resolveActor(actor: ProofActor, resolve: (s: string) => string): ProofActor {
  if ('roleArn' in actor) return { ...actor, roleArn: resolve(actor.roleArn) };
  if ('service' in actor) return { ...actor, sourceArn: actor.sourceArn && resolve(actor.sourceArn), sourceAccount: actor.sourceAccount && resolve(actor.sourceAccount) };
  if ('serviceLinkedRole' in actor) return { ...actor, account: resolve(actor.account) };
  return { ...actor, externalPrincipalArn: resolve(actor.externalPrincipalArn) };
}

/** Construct paths of the app's roles, by `<stack name>/<logical id>`, to name an actor as the code does. */
function rolePaths(root: IConstruct): Map<string, string> {
  return new Map(root.node.findAll().filter((c): c is CfnResource => CfnResource.isCfnResource(c) && c.cfnResourceType === 'AWS::IAM::Role')
    .map((r) => [`${Stack.of(r).stackName}/${Stack.of(r).resolve(r.logicalId)}`, r.node.path.replace(/\/Resource$/, '')]));
}

function actorName(actor: ProofActor, index: PolicyIndex, paths: Map<string, string>): string {
  if ('service' in actor) return actor.service;
  if ('serviceLinkedRole' in actor) return `service-linked role ${actor.serviceLinkedRole.split('/')[1]}`;
  if ('externalPrincipalArn' in actor) return actor.description;
  const role = index.role(actor.roleArn);
  return (role && paths.get(`${role.stack.stackName}/${role.logicalId}`)) ?? actor.description;
}

function resolveProof(proof: DeclaredProof, templates: SynthesizedTemplates, now: Date): ResolvedProof {
  const resolve = (s: string) => resolveString(s, Stack.of(proof.scope), templates);
  return {
    actor: resolveActor(proof.actor, resolve),
    action: proof.action,
    resource: resolve(proof.resource),
    policyResource: proof.policyResource && resolve(proof.policyResource),
    context: Object.fromEntries(Object.entries(proof.context ?? {}).map(([k, v]) => [k, Array.isArray(v) ? v.map(resolve) : resolve(v as string)])),
    absent: proof.absent ?? [],
    expect: proof.expect,
    resourceOutsideTemplates: proof.resourceOutsideTemplates ?? false,
    now,
  };
}

async function runOne(proof: DeclaredProof, resolved: ResolvedProof, index: PolicyIndex, paths: Map<string, string>): Promise<ProofResult> {
  const stack = Stack.of(proof.scope);
  const { actor, resource, context } = resolved;
  const verdict = await evaluateProof(resolved, index);
  return {
    rule: `Proof-${proof.id}`,
    stage: Stage.of(proof.scope)?.stageName ?? '',
    region: stack.region,
    stack: stack.stackName,
    path: proof.scope.node.path,
    actor: actorName(actor, index, paths),
    principal: verdict.principal,
    action: proof.action,
    resource,
    context,
    expected: proof.expect,
    result: verdict.result,
    passed: verdict.result === proof.expect,
    detail: verdict.detail,
    why: proof.why,
  };
}

/**
 * Evaluates every permission proof declared in the app against its synthesized templates (call after
 * `app.synth()`): allowed proofs must be allowed, refused ones refused, and nothing inconclusive.
 */
export async function runPermissionProofs(root: IConstruct, now: Date = new Date()): Promise<ProofResult[]> {
  const proofs = declaredProofs(root);
  if (proofs.length === 0) return [];
  const templates = synthesizedTemplates(root);
  const index = new PolicyIndex(templates);
  const paths = rolePaths(root);
  // The same call declared by several constructs (e.g. every fleet of a cell on one key) is proven once.
  const results = new Map<string, ProofResult>();
  for (const proof of proofs) {
    const resolved = resolveProof(proof, templates, now);
    const key = JSON.stringify([resolved.actor, resolved.action, resolved.resource, resolved.expect, resolved.context, resolved.absent]);
    if (!results.has(key)) results.set(key, await runOne(proof, resolved, index, paths));
  }
  return [...results.values()];
}

/** One line per proof that did not hold: `<rule> at <path>: expected ..., got ... (detail)`. */
export function failedProofs(results: readonly ProofResult[]): string[] {
  return results.filter((r) => !r.passed).map((r) => `${r.rule} at ${r.path}: ${r.actor} ${r.action} on ${r.resource} should be ${r.expected}, is ${r.result}: ${r.detail}`);
}
