/**
 * Explicit evaluation of `kms:EncryptionContext:<key>` conditions. The simulator (iam-simulate 0.1.173) drops
 * request keys of that form, so such a condition would always look absent: here each one is decided against the
 * proof's declared context before simulation, and the statement keeps its other conditions for the simulator.
 */

const CONTEXT_KEY = /^kms:encryptioncontext:(.+)$/i;

type Statement = Record<string, unknown> & { Condition?: Record<string, Record<string, unknown>> };
type PolicyDocument = { Statement?: Statement | Statement[] } & Record<string, unknown>;

/** A condition operator this module can decide, or an error naming what it cannot. */
function decide(operator: string, values: readonly string[], actual: string | undefined, key: string): boolean {
  const set = operator.match(/^(ForAnyValue|ForAllValues):(.+)$/);
  if (set) {
    // A single-valued context value is a set of one; an absent key is the empty set.
    if (actual === undefined) return set[1] === 'ForAllValues';
    return decide(set[2], values, actual, key);
  }
  const ifExists = operator.endsWith('IfExists');
  const base = ifExists ? operator.slice(0, -'IfExists'.length) : operator;
  if (base === 'Null') {
    if (values.length !== 1 || !['true', 'false'].includes(values[0].toLowerCase())) throw new Error(`Null condition on ${key} needs "true" or "false"`);
    return (actual === undefined) === (values[0].toLowerCase() === 'true');
  }
  const negated = /Not/.test(base);
  if (actual === undefined) return ifExists || negated;
  if (values.some((v) => v.includes('${'))) throw new Error(`condition on ${key} uses a policy variable, which this evaluator does not resolve`);
  const positive = base.replace('Not', '');
  let match: (pattern: string) => boolean;
  switch (positive) {
    case 'StringEquals':
      match = (p) => p === actual;
      break;
    case 'StringEqualsIgnoreCase':
      match = (p) => p.toLowerCase() === actual.toLowerCase();
      break;
    case 'StringLike':
      match = (p) => glob(p, actual);
      break;
    case 'ArnEquals':
    case 'ArnLike':
      match = (p) => arnLike(p, actual);
      break;
    default:
      throw new Error(`condition operator ${operator} on ${key} is not one this evaluator decides`);
  }
  const any = values.some(match);
  return negated ? !any : any;
}

function glob(pattern: string, value: string): boolean {
  const re = new RegExp(
    `^${pattern
      .split('')
      .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
      .join('')}$`,
    's',
  );
  return re.test(value);
}

/** ArnLike compares each of the six colon-separated parts on its own; the last part keeps its colons. */
function arnLike(pattern: string, value: string): boolean {
  const parts = (arn: string) => {
    const p = arn.split(':');
    return p.length < 6 ? undefined : [...p.slice(0, 5), p.slice(5).join(':')];
  };
  const [a, b] = [parts(pattern), parts(value)];
  if (!a || !b) return false;
  return a.every((segment, i) => glob(segment, b[i]));
}

const asList = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : [String(v)]);

/**
 * Returns the policy with every `kms:EncryptionContext:<key>` condition decided against the context: a statement
 * whose such condition fails is dropped (it cannot apply to this request), a condition that holds is removed.
 * Throws when a condition uses an operator or a variable it cannot decide, so nothing is silently treated as met.
 */
export function settleEncryptionContext(policy: PolicyDocument, context: Readonly<Record<string, string | readonly string[]>>): PolicyDocument {
  const supplied = new Map(
    Object.entries(context)
      .filter(([k]) => CONTEXT_KEY.test(k))
      .map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? String(v[0]) : String(v)]),
  );
  const statements = policy.Statement === undefined ? [] : Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement];
  const kept: Statement[] = [];
  for (const statement of statements) {
    if (!statement.Condition) {
      kept.push(statement);
      continue;
    }
    let applies = true;
    const condition: Record<string, Record<string, unknown>> = {};
    for (const [operator, entries] of Object.entries(statement.Condition)) {
      const rest: Record<string, unknown> = {};
      for (const [key, values] of Object.entries(entries)) {
        if (!CONTEXT_KEY.test(key)) {
          rest[key] = values;
          continue;
        }
        if (!decide(operator, asList(values), supplied.get(key.toLowerCase()), key)) applies = false;
      }
      if (Object.keys(rest).length > 0) condition[operator] = rest;
    }
    if (!applies) continue;
    const { Condition: _dropped, ...withoutCondition } = statement;
    kept.push(Object.keys(condition).length > 0 ? { ...withoutCondition, Condition: condition } : withoutCondition);
  }
  return { ...policy, Statement: kept };
}

/** The context without its `kms:EncryptionContext:<key>` entries, which {@link settleEncryptionContext} has decided. */
export function withoutEncryptionContext<T extends Readonly<Record<string, unknown>>>(context: T): Partial<T> {
  return Object.fromEntries(Object.entries(context).filter(([k]) => !CONTEXT_KEY.test(k))) as Partial<T>;
}
