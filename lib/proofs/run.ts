import { evaluateProof } from './evaluate';
import { PolicyIndex } from './policy-index';
import { loadTemplates, PreparedProof, PreparedProofs, prepareProofs } from './prepare';
import type { IConstruct } from 'constructs';
import type { ProofActor } from './proof';
import type { ProofResult } from './results';

export * from './results';
export { synthesizedTemplates } from './prepare';

function actorName(actor: ProofActor, index: PolicyIndex, paths: Map<string, string>): string {
  if ('service' in actor) return actor.service;
  if ('serviceLinkedRole' in actor) return `service-linked role ${actor.serviceLinkedRole.split('/')[1]}`;
  if ('externalPrincipalArn' in actor) return actor.description;
  const role = index.role(actor.roleArn);
  return (role && paths.get(`${role.stack.stackName}/${role.logicalId}`)) ?? actor.description;
}

async function evaluateOne(proof: PreparedProof, index: PolicyIndex, paths: Map<string, string>): Promise<ProofResult> {
  const { actor, action, resource, context, expect } = proof.resolved;
  const verdict = await evaluateProof(proof.resolved, index);
  return {
    rule: proof.rule,
    stage: proof.stage,
    region: proof.region,
    stack: proof.stack,
    path: proof.path,
    actor: actorName(actor, index, paths),
    principal: verdict.principal,
    action,
    resource,
    context,
    expected: expect,
    result: verdict.result,
    passed: verdict.result === expect,
    detail: verdict.detail,
    why: proof.why,
  };
}

/** Evaluates prepared proofs against the templates they name; never needs the construct tree (runs in a worker too). */
export async function evaluatePreparedProofs(prepared: PreparedProofs): Promise<ProofResult[]> {
  if (prepared.proofs.length === 0) return [];
  const index = new PolicyIndex(loadTemplates(prepared.templates));
  const paths = new Map(prepared.rolePaths);
  // The simulator is asynchronous (it reads its AWS data as it goes): proofs run together, results in declaration order.
  // eslint-disable-next-line @cdklabs/promiseall-no-unbounded-parallelism -- the proofs the constructs declare, simulated offline (no network call)
  return Promise.all(prepared.proofs.map((proof) => evaluateOne(proof, index, paths)));
}

/**
 * Evaluates every permission proof declared in the app against its synthesized templates (call after
 * `app.synth()`): allowed proofs must be allowed, refused ones refused, and nothing inconclusive.
 */
export async function runPermissionProofs(root: IConstruct, now: Date = new Date()): Promise<ProofResult[]> {
  return evaluatePreparedProofs(prepareProofs(root, now));
}
