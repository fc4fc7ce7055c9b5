import { createValidatedPolicy, validateIdentityPolicy, validateResourcePolicy } from '@cloud-copilot/iam-policy';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { settleEncryptionContext, withoutEncryptionContext } from './encryption-context';
import type { NamedPolicy, PolicyIndex } from './policy-index';
import type { ProofActor } from './proof';
import { holdsUnresolved } from './synthesized-templates';

/** A proof with every token resolved against the synthesized templates. */
export interface ResolvedProof {
  readonly actor: ProofActor;
  readonly action: string;
  readonly resource: string;
  readonly policyResource?: string;
  readonly context: Readonly<Record<string, string | readonly string[]>>;
  readonly absent: readonly string[];
  readonly expect: 'allowed' | 'refused';
  readonly resourceOutsideTemplates: boolean;
  /** The instant the request is made (aws:CurrentTime), unless the proof's context says otherwise. */
  readonly now: Date;
}

/** What the simulator decided, and why. */
export interface ProofVerdict {
  /** `inconclusive`: the proof could not be judged (a missing policy, an undeclared condition key ...). */
  readonly result: 'allowed' | 'refused' | 'inconclusive';
  /** The principal ARN (or service) the simulator evaluated. */
  readonly principal: string;
  /** Which statements decided it, or why it could not be judged. */
  readonly detail: string;
}

interface Principal {
  readonly arn: string;
  readonly account?: string;
  readonly identityPolicies: NamedPolicy[];
  readonly boundary: NamedPolicy[];
  readonly context: Record<string, string>;
}

/** Stands for what another account grants its own principal: the proof judges only this account's side. */
const EXTERNAL_ACCOUNT_GRANTS: NamedPolicy = {
  name: "the other account's own grant (assumed)",
  policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
};

const accountOf = (arn: string) => arn.split(':')[4];

function principalOf(actor: ProofActor, index: PolicyIndex): Principal | string {
  if ('service' in actor) {
    return {
      arn: actor.service,
      identityPolicies: [],
      boundary: [],
      context: {
        'aws:PrincipalIsAWSService': 'true',
        'aws:PrincipalServiceName': actor.service,
        ...(actor.sourceAccount ? { 'aws:SourceAccount': actor.sourceAccount } : {}),
        ...(actor.sourceArn ? { 'aws:SourceArn': actor.sourceArn } : {}),
      },
    };
  }
  const arn =
    'serviceLinkedRole' in actor
      ? `arn:aws:iam::${actor.account}:role/aws-service-role/${actor.serviceLinkedRole}`
      : 'roleArn' in actor
        ? actor.roleArn
        : actor.externalPrincipalArn;
  const account = accountOf(arn);
  const iamContext = {
    'aws:PrincipalArn': arn,
    'aws:PrincipalAccount': account,
    'aws:PrincipalIsAWSService': 'false',
    'aws:PrincipalType': arn.endsWith(':root') ? 'Account' : 'AssumedRole',
  };
  if ('externalPrincipalArn' in actor) {
    if (index.isOwnAccount(account)) return `${arn} is in an account the templates deploy to: declare it as a role`;
    return { arn, account, identityPolicies: [EXTERNAL_ACCOUNT_GRANTS], boundary: [], context: iamContext };
  }
  const policies = index.identityPolicies(arn) ?? ('roleArn' in actor && actor.managedPolicies ? index.awsManagedPolicies(actor.managedPolicies) : undefined);
  if (!policies) {
    // A role of an account outside the templates (e.g. an IAM Identity Center role of the identity account).
    if (!index.isOwnAccount(account)) return { arn, account, identityPolicies: [EXTERNAL_ACCOUNT_GRANTS], boundary: [], context: iamContext };
    return `no role ${arn} in the synthesized templates, and no service-linked role the proofs model`;
  }
  return { arn, account, identityPolicies: policies, boundary: index.permissionsBoundary(arn), context: iamContext };
}

type Condition = { conditionKeyValue: string; matches: boolean; failedBecauseMissing?: boolean; matchedBecauseMissing?: boolean };
type Statement = {
  policyId: string;
  explain: { identifier: string; effect: string; actionMatch: boolean; resourceMatch: boolean; principalMatch: string; conditions?: Condition[] };
};
type Analysis = { allowStatements?: Statement[]; denyStatements?: Statement[]; unmatchedStatements?: Statement[] };

/**
 * Condition keys whose absence from the request decided the outcome: a statement that would otherwise apply failed
 * (or matched) only because a key was missing, and had it gone the other way the outcome could differ. Such a key
 * must be supplied or declared absent by the proof; absence that cannot change the outcome is not reported.
 */
function keysJudgedAbsent(analyses: (Analysis | undefined)[], allowed: boolean): string[] {
  const keys = new Set<string>();
  for (const analysis of analyses) {
    for (const s of [...(analysis?.allowStatements ?? []), ...(analysis?.denyStatements ?? []), ...(analysis?.unmatchedStatements ?? [])]) {
      const e = s.explain;
      if (!e.actionMatch || !e.resourceMatch || e.principalMatch === 'NoMatch') continue;
      const conditions = e.conditions ?? [];
      const isAllow = e.effect === 'Allow';
      for (const c of conditions) {
        const othersHold = conditions.every((o) => o === c || o.matches);
        // Failed for want of a key: matters if the statement, otherwise applying, would have flipped the outcome.
        if (c.failedBecauseMissing && othersHold && (isAllow ? !allowed : allowed)) keys.add(c.conditionKeyValue.toLowerCase());
        // Matched for want of a key: matters if the outcome rests on that statement's effect.
        if (c.matchedBecauseMissing && othersHold && (isAllow ? allowed : !allowed)) keys.add(c.conditionKeyValue.toLowerCase());
      }
    }
  }
  return [...keys];
}

const statementsOf = (analysis: Analysis | undefined, kind: 'allowStatements' | 'denyStatements', policyName?: string) =>
  (analysis?.[kind] ?? []).map((s) => `${policyName ?? s.policyId} statement ${s.explain.identifier}`);

const policyFacts = new WeakMap<object, { unresolved: boolean; encryptionContext: boolean }>();
const validated = { identity: new WeakMap<object, unknown>(), resource: new WeakMap<object, unknown>() };

/** The policy validated once for the simulator, which otherwise validates it again on every call. */
function validatedPolicy(kind: 'identity' | 'resource', policy: Record<string, unknown>): unknown {
  let result = validated[kind].get(policy);
  if (!result) {
    result = createValidatedPolicy(policy, kind === 'identity' ? validateIdentityPolicy : validateResourcePolicy);
    validated[kind].set(policy, result);
  }
  return result;
}

type PolicyDocument = Record<string, unknown> & { Statement?: unknown };
const narrowed = new WeakMap<object, Map<string, PolicyDocument>>();
const settled = new WeakMap<object, Map<string, PolicyDocument>>();
const actionPattern = new Map<string, RegExp>();

function actionMatches(patterns: unknown, action: string): boolean {
  return (Array.isArray(patterns) ? patterns : [patterns]).some((p) => {
    const text = String(p);
    let re = actionPattern.get(text);
    if (!re) {
      re = new RegExp(
        `^${text
          .split('')
          .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
          .join('')}$`,
        'i',
      );
      actionPattern.set(text, re);
    }
    return re.test(action);
  });
}

/**
 * The policy with only the statements whose Action (or NotAction) can match the action: the others cannot apply to
 * the request, and skipping them is most of the simulator's work. Unnamed statements keep their place as their Sid,
 * so the report names the statement of the policy as synthesized.
 */
function narrowToAction(policy: PolicyDocument, action: string): PolicyDocument {
  const byAction = narrowed.get(policy) ?? new Map<string, PolicyDocument>();
  narrowed.set(policy, byAction);
  let result = byAction.get(action);
  if (!result) {
    const statements = (Array.isArray(policy.Statement) ? policy.Statement : policy.Statement === undefined ? [] : [policy.Statement]) as Record<
      string,
      unknown
    >[];
    const kept = statements
      .map((statement, i) => (statement.Sid ? statement : { Sid: String(i + 1), ...statement }))
      .filter((statement) =>
        'NotAction' in statement ? !actionMatches(statement.NotAction, action) : !('Action' in statement) || actionMatches(statement.Action, action),
      );
    result = { ...policy, Statement: kept };
    byAction.set(action, result);
  }
  return result;
}

/** The narrowed policy with its encryption-context conditions decided, once per distinct context. */
function settledPolicy(policy: PolicyDocument, context: Record<string, string | string[]>): PolicyDocument {
  if (!facts(policy).encryptionContext) return policy;
  const signature = JSON.stringify(Object.entries(context).filter(([k]) => /^kms:encryptioncontext:/i.test(k)));
  const byContext = settled.get(policy) ?? new Map<string, PolicyDocument>();
  settled.set(policy, byContext);
  let result = byContext.get(signature);
  if (!result) {
    result = settleEncryptionContext(policy as Parameters<typeof settleEncryptionContext>[0], context);
    byContext.set(signature, result);
  }
  return result;
}

/** What a policy holds that changes how it is evaluated, read once per policy document. */
function facts(policy: Record<string, unknown>): { unresolved: boolean; encryptionContext: boolean } {
  let known = policyFacts.get(policy);
  if (!known) {
    const text = JSON.stringify(policy);
    known = { unresolved: holdsUnresolved(text), encryptionContext: /kms:encryptioncontext:/i.test(text) };
    policyFacts.set(policy, known);
  }
  return known;
}

/** Evaluates one proof with the IAM policy simulator against the synthesized policies; never throws. */
export async function evaluateProof(proof: ResolvedProof, index: PolicyIndex): Promise<ProofVerdict> {
  try {
    return await evaluate(proof, index);
  } catch (error) {
    return { result: 'inconclusive', principal: '', detail: (error as Error).message };
  }
}

async function evaluate(proof: ResolvedProof, index: PolicyIndex): Promise<ProofVerdict> {
  const principal = principalOf(proof.actor, index);
  if (typeof principal === 'string') return { result: 'inconclusive', principal: '', detail: principal };
  const inconclusive = (detail: string): ProofVerdict => ({ result: 'inconclusive', principal: principal.arn, detail });
  if (holdsUnresolved(proof.resource) || holdsUnresolved(principal.arn))
    return inconclusive(`the proof names a value the templates do not resolve: ${proof.resource}`);

  const found = proof.resource === '*' ? undefined : index.resourcePolicy(proof.policyResource ?? proof.resource);
  if (!found && !proof.resourceOutsideTemplates && proof.resource !== '*')
    return inconclusive(`${proof.resource} is not a resource of the synthesized templates`);
  const resourceAccount = found?.account ?? accountOf(proof.resource) ?? principal.account;
  if (!resourceAccount) return inconclusive(`the account of ${proof.resource} is not known`);

  // Facts of every request: AWS API endpoints and the services calling them use TLS 1.2 or later.
  const context: Record<string, string | string[]> = {
    'aws:SecureTransport': 'true',
    ...(proof.action.startsWith('s3:') ? { 's3:TlsVersion': '1.2' } : {}),
    'aws:CurrentTime': proof.now.toISOString(),
    ...principal.context,
    ...(proof.action.startsWith('kms:') && principal.account ? { 'kms:CallerAccount': principal.account } : {}),
    ...Object.fromEntries(Object.entries(proof.context).map(([k, v]) => [k, Array.isArray(v) ? [...v] : String(v)])),
  };
  const policies = [...principal.identityPolicies, ...principal.boundary, ...(found?.policy ? [found.policy] : [])];
  const unresolved = policies.find((p) => facts(p.policy).unresolved);
  if (unresolved) return inconclusive(`${unresolved.name} holds a value the templates do not resolve`);
  let settle: (p: NamedPolicy) => NamedPolicy;
  try {
    settle = (p) => ({ name: p.name, policy: settledPolicy(narrowToAction(p.policy, proof.action), context) });
    policies.forEach(settle);
  } catch (error) {
    return inconclusive((error as Error).message);
  }
  const hasStatements = (p: NamedPolicy) => (p.policy.Statement as unknown[]).length > 0;
  const identity = principal.identityPolicies.map(settle).filter(hasStatements);
  const boundary = principal.boundary.map(settle);
  const result = await runSimulation(
    {
      request: {
        principal: principal.arn,
        action: proof.action,
        resource: { resource: proof.resource, accountId: resourceAccount },
        contextVariables: withoutEncryptionContext(context) as Record<string, string | string[]>,
      },
      identityPolicies: identity.map((p) => ({ name: p.name, policy: validatedPolicy('identity', p.policy) })),
      // A boundary stays even when nothing in it matches: then it allows nothing.
      permissionBoundaryPolicies: boundary.length ? boundary.map((p) => ({ name: p.name, policy: validatedPolicy('identity', p.policy) })) : undefined,
      // A resource policy stays even when nothing in it matches: a key policy that says nothing refuses.
      resourcePolicy: found?.policy ? validatedPolicy('resource', settle(found.policy).policy) : undefined,
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    },
    {},
  );
  if (result.resultType === 'error') return inconclusive(`the simulator refused the request: ${JSON.stringify(result.errors)}`);
  if (result.resultType === 'wildcard' && proof.resource !== '*')
    return inconclusive(`the resource ${proof.resource} is a pattern; a proof names one resource (or * for an action without resource types)`);
  const single = result.resultType === 'single' ? result.result : result.results[0];
  const ignored = single.ignoredContextKeys ?? [];
  if (ignored.length > 0) return inconclusive(`the simulator does not know ${ignored.join(', ')} for ${proof.action}`);
  const analysis = single.analysis as unknown as { identityAnalysis?: Analysis; resourceAnalysis?: Analysis; permissionBoundaryAnalysis?: Analysis };
  const allowed = result.overallResult === 'Allowed';
  const undeclared = keysJudgedAbsent([analysis.identityAnalysis, analysis.resourceAnalysis, analysis.permissionBoundaryAnalysis], allowed).filter(
    (k) => !proof.absent.map((a) => a.toLowerCase()).includes(k),
  );
  if (undeclared.length > 0) return inconclusive(`the outcome depends on ${undeclared.join(', ')}, which the proof neither supplies nor declares absent`);

  const by = allowed
    ? [...statementsOf(analysis.identityAnalysis, 'allowStatements'), ...statementsOf(analysis.resourceAnalysis, 'allowStatements', found?.policy?.name)]
    : [...statementsOf(analysis.identityAnalysis, 'denyStatements'), ...statementsOf(analysis.resourceAnalysis, 'denyStatements', found?.policy?.name)];
  const detail = allowed
    ? `allowed by ${by.join(', ')}`
    : result.overallResult === 'ExplicitlyDenied'
      ? `explicitly denied by ${by.join(', ')}`
      : `implicitly denied (identity: ${analysis.identityAnalysis ? (analysis as { identityAnalysis: { result: string } }).identityAnalysis.result : 'none'}, resource: ${(analysis as { resourceAnalysis?: { result: string } }).resourceAnalysis?.result ?? 'none'})`;
  return { result: allowed ? 'allowed' : 'refused', principal: principal.arn, detail };
}
