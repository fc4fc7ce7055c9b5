import { readFileSync } from 'fs';
import { join } from 'path';
import { CfnResource, IResolvable, Reference, Stack, Stage, Token, Tokenization } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import type { ResolvedProof } from './evaluate';
import { declaredProofs, DeclaredProof, ProofActor } from './proof';
import { SynthesizedTemplates } from './synthesized-templates';

/** Where one synthesized template is, and the stack's environment. */
export interface TemplateFile {
  readonly stackName: string;
  readonly account: string;
  readonly region: string;
  readonly path: string;
}

/** The template files of every stack under a root, after `app.synth()`. */
function templateFiles(root: IConstruct): TemplateFile[] {
  return root.node
    .findAll()
    .filter(Stack.isStack)
    .map((stack) => ({
      stackName: stack.stackName,
      account: stack.account,
      region: stack.region,
      path: join(Stage.of(stack)!.outdir, stack.templateFile),
    }));
}

export function loadTemplates(files: readonly TemplateFile[]): SynthesizedTemplates {
  return new SynthesizedTemplates(files.map(({ path, ...env }) => ({ ...env, template: JSON.parse(readFileSync(path, 'utf8')) })));
}

/** Reads every synthesized template of the app from its cloud assembly. */
export function synthesizedTemplates(root: IConstruct): SynthesizedTemplates {
  return loadTemplates(templateFiles(root));
}

const resolvedStrings = new WeakMap<SynthesizedTemplates, Map<string, string>>();

/** Resolves a string that may hold tokens of several stacks: each token in the stack that produces it. */
function resolveString(value: string, declaring: Stack, templates: SynthesizedTemplates): string {
  if (!Token.isUnresolved(value)) return value;
  const cache = resolvedStrings.get(templates) ?? new Map<string, string>();
  resolvedStrings.set(templates, cache);
  // Only tokens that are no reference (pseudo parameters) depend on the declaring stack.
  const key = `${declaring.node.path}\u0000${value}`;
  const known = cache.get(key);
  if (known !== undefined) return known;
  const resolved = resolveFragments(value, declaring, templates);
  cache.set(key, resolved);
  return resolved;
}

function resolveFragments(value: string, declaring: Stack, templates: SynthesizedTemplates): string {
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
  if ('service' in actor)
    return { ...actor, sourceArn: actor.sourceArn && resolve(actor.sourceArn), sourceAccount: actor.sourceAccount && resolve(actor.sourceAccount) };
  if ('serviceLinkedRole' in actor) return { ...actor, account: resolve(actor.account) };
  return { ...actor, externalPrincipalArn: resolve(actor.externalPrincipalArn) };
}

/** Construct paths of the app's roles, by `<stack name>/<logical id>`, to name an actor as the code does. */
function rolePaths(root: IConstruct): Map<string, string> {
  return new Map(
    root.node
      .findAll()
      .filter((c): c is CfnResource => CfnResource.isCfnResource(c) && c.cfnResourceType === 'AWS::IAM::Role')
      .map((r) => [`${Stack.of(r).stackName}/${Stack.of(r).resolve(r.logicalId)}`, r.node.path.replace(/\/Resource$/, '')]),
  );
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

/** A proof with its tokens resolved and where it was declared: plain data, so another thread can evaluate it. */
export interface PreparedProof {
  readonly resolved: ResolvedProof;
  readonly rule: string;
  readonly stage: string;
  readonly region: string;
  readonly stack: string;
  readonly path: string;
  readonly why: string;
}

/** Everything the evaluation of an app's proofs needs, without the construct tree. */
export interface PreparedProofs {
  readonly templates: readonly TemplateFile[];
  /** Construct paths of the app's roles by `<stack name>/<logical id>`. */
  readonly rolePaths: readonly (readonly [string, string])[];
  readonly proofs: readonly PreparedProof[];
}

/**
 * Resolves every proof declared under a root against its synthesized templates (call after `app.synth()`). The same
 * call declared by several constructs (e.g. every fleet of a cell on one key) is kept once.
 */
export function prepareProofs(root: IConstruct, now: Date = new Date()): PreparedProofs {
  const files = templateFiles(root);
  const declared = declaredProofs(root);
  if (declared.length === 0) return { templates: files, rolePaths: [], proofs: [] };
  const templates = loadTemplates(files);
  const distinct = new Map<string, PreparedProof>();
  for (const proof of declared) {
    const resolved = resolveProof(proof, templates, now);
    const key = JSON.stringify([resolved.actor, resolved.action, resolved.resource, resolved.expect, resolved.context, resolved.absent]);
    if (distinct.has(key)) continue;
    const stack = Stack.of(proof.scope);
    distinct.set(key, {
      resolved,
      rule: `Proof-${proof.id}`,
      stage: Stage.of(proof.scope)?.stageName ?? '',
      region: stack.region,
      stack: stack.stackName,
      path: proof.scope.node.path,
      why: proof.why,
    });
  }
  return { templates: files, rolePaths: [...rolePaths(root)], proofs: [...distinct.values()] };
}
