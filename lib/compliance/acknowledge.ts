import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** Metadata type under which each acknowledgement is kept on its construct, for the register. */
export const ACKNOWLEDGEMENT_METADATA = 'halo:acknowledgement';

/** Why a finding is accepted, and what control covers the risk instead. */
export interface AcknowledgementReason {
  /** Why the finding does not apply or cannot be fixed here (at least 20 characters). */
  readonly reason: string;
  /** The control that covers the risk the rule is about (at least 20 characters). */
  readonly compensatingControl: string;
}

/** One row of the acknowledgement register. */
export interface AcknowledgementRecord extends AcknowledgementReason {
  /** Rule id, e.g. `AwsSolutions-IAM4`, `AwsSolutions-IAM4[Policy::arn:...]`, `CloudFormation-Validate::W3010` or `cdk-validator-cfnguard::<guard rule>`. */
  readonly rule: string;
  /** Construct path the acknowledgement applies to (and everything beneath it). */
  readonly path: string;
}

const NAG_RULE_ID = /^(AwsSolutions|HIPAA\.Security|PCI\.DSS\.321|NIST\.800\.53\.R5|Halo)-[A-Za-z0-9]+(\[.+\])?$/;
// aws-cdk-lib's built-in CloudFormation validation names its rules by cfn-lint id, e.g. W3010.
const CFN_VALIDATE_RULE_ID = /^CloudFormation-Validate::[EWI]\d{4}$/;
// The AWS Control Tower proactive controls run through cfn-guard report their guard rule names.
const GUARD_RULE_ID = /^cdk-validator-cfnguard::[a-z0-9_]+$/;
/**
 * A rule id without its plugin namespace: the first `::` outside brackets separates them, as aws-cdk-lib
 * parses acknowledgement ids (`AwsSolutions-IAM4[Policy::arn:...]` has none).
 */
export function withoutNamespace(id: string): string {
  let depth = 0;
  for (let i = 0; i < id.length - 1; i++) {
    if (id[i] === '[') depth++;
    else if (id[i] === ']') depth--;
    else if (depth === 0 && id[i] === ':' && id[i + 1] === ':') return id.slice(i + 2);
  }
  return id;
}

/**
 * Acknowledges a compliance finding on a construct and everything beneath it. The only way this
 * project accepts a finding: it demands the compensating control and records both in the register.
 */
export function acknowledge(scope: IConstruct, rule: string, why: AcknowledgementReason): void {
  if (![NAG_RULE_ID, CFN_VALIDATE_RULE_ID, GUARD_RULE_ID].some((form) => form.test(rule))) {
    throw new Error(
      `acknowledge(${scope.node.path}): rule "${rule}" is not a rule id of AwsSolutions, HIPAA.Security, PCI.DSS.321, NIST.800.53.R5, Halo, CloudFormation-Validate or cdk-validator-cfnguard`,
    );
  }
  for (const [field, text] of [
    ['reason', why.reason],
    ['compensatingControl', why.compensatingControl],
  ]) {
    if (typeof text !== 'string' || text.trim().length < 20) {
      throw new Error(`acknowledge(${scope.node.path}, ${rule}): ${field} must say it in at least 20 characters`);
    }
  }
  // The pack-qualified id makes the synth's validation report list the finding as suppressed, with this reason.
  const id = withoutNamespace(rule) !== rule ? rule : `${rule.slice(0, rule.indexOf('-'))}::${rule}`;
  Validations.of(scope).acknowledge({ id, reason: `${why.reason} Compensating control: ${why.compensatingControl}` });
  scope.node.addMetadata(ACKNOWLEDGEMENT_METADATA, { rule, reason: why.reason, compensatingControl: why.compensatingControl });
}

/** Acknowledges several rules on one construct for the same reason. */
export function acknowledgeAll(scope: IConstruct, rules: readonly string[], why: AcknowledgementReason): void {
  rules.forEach((rule) => acknowledge(scope, rule, why));
}

/** Every acknowledgement under a construct (usually the App), in tree order. */
export function acknowledgementRegister(root: IConstruct): AcknowledgementRecord[] {
  return root.node
    .findAll()
    .flatMap((c) =>
      c.node.metadata
        .filter((m) => m.type === ACKNOWLEDGEMENT_METADATA)
        .map((m) => ({ ...(m.data as AcknowledgementReason & { rule: string }), path: c.node.path })),
    );
}
