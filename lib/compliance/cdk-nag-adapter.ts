/**
 * The one module that reaches past cdk-nag's public API. cdk-nag 3 reports only the findings left unacknowledged (it has
 * no logger and no record of compliant evaluations), so the evaluation ledger replaces the check behind each rule a pack
 * applies (NagPack's protected `applyRule`) and decides acknowledgements as the synth does (NagPack's private
 * `isAcknowledged`, and aws-cdk-lib's suppression of plugin-qualified ids). test/compliance/cdk-nag-adapter.test.ts fails,
 * naming what changed, when an upgrade moves anything this relies on.
 */
import { readFileSync } from 'fs';
import { CfnResource, Stack, Validations } from 'aws-cdk-lib';
import type { IApplyRule, NagMessageLevel, NagPack, NagRuleResult } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { nearestMetadata } from './nearest-metadata';

/** The cdk-nag version this adapter was checked against; package.json pins exactly this one. */
export const VERIFIED_CDK_NAG_VERSION = '3.0.2';

/** The installed cdk-nag's version. */
export function installedCdkNagVersion(): string {
  return (JSON.parse(readFileSync(require.resolve('cdk-nag/package.json'), 'utf8')) as { version: string }).version;
}

/** What cdk-nag calls with each resource for one rule. */
export type NagCheck = (node: CfnResource) => NagRuleResult;

/** One rule as a pack applies it. */
export interface NagRule {
  /** Rule id as reported, e.g. `AwsSolutions-EC26`. */
  readonly id: string;
  /** The check behind the id, shared by every pack that runs it; its name is the check's, e.g. `EC2EBSVolumeEncrypted`. */
  readonly check: NagCheck;
  /** Why the rule fires. */
  readonly info: string;
  readonly level: NagMessageLevel;
}

/** NagPack's protected members, as this adapter uses them. */
interface PackInternals {
  applyRule(params: IApplyRule): void;
  checkResource(node: CfnResource): void;
}
const internals = (pack: NagPack) => pack as unknown as PackInternals;
const ruleOf = (pack: NagPack, params: IApplyRule): NagRule => ({
  id: `${pack.readPackName}-${params.ruleSuffixOverride || params.rule.name}`,
  // eslint-disable-next-line @typescript-eslint/unbound-method -- cdk-nag's checks are plain functions (IApplyRule types them as methods), called unbound as cdk-nag calls them
  check: params.rule,
  info: params.info,
  level: params.level,
});

/**
 * Makes the pack run, for each of its rules, the check `substitute` returns instead of the rule's own; what the pack then
 * does with the result (findings, rule ids, acknowledgements) is cdk-nag's. `substitute` is called once per rule, not per resource.
 */
export function substituteChecks<P extends NagPack>(pack: P, substitute: (rule: NagRule) => NagCheck): P {
  const applyRule = internals(pack).applyRule.bind(pack);
  // A pack applies each of its rules to every resource, with params built afresh: substitute once per check and id.
  const substituted = new Map<NagCheck, Map<string, NagCheck>>();
  internals(pack).applyRule = (params: IApplyRule) => {
    const suffix = params.ruleSuffixOverride || params.rule.name;
    // eslint-disable-next-line @typescript-eslint/unbound-method -- cdk-nag's checks are plain functions (IApplyRule types them as methods): here a map key
    const own = params.rule;
    let bySuffix = substituted.get(own);
    if (!bySuffix) substituted.set(own, (bySuffix = new Map()));
    let check = bySuffix.get(suffix);
    if (!check) bySuffix.set(suffix, (check = substitute(ruleOf(pack, params))));
    params.ruleSuffixOverride = suffix;
    params.rule = check;
    applyRule(params);
  };
  return pack;
}

/** Every rule of a pack, without running one: a pack applies all its rules to every resource, each deciding whether it applies. */
export function rulesOf(pack: NagPack): NagRule[] {
  const found: NagRule[] = [];
  const node = new CfnResource(new Stack(), 'AnyResource', { type: 'AWS::CloudFormation::WaitConditionHandle' });
  const own = Object.getOwnPropertyDescriptor(pack, 'applyRule');
  internals(pack).applyRule = (params: IApplyRule) => found.push(ruleOf(pack, params));
  try {
    internals(pack).checkResource(node);
  } finally {
    if (own) Object.defineProperty(pack, 'applyRule', own);
    else delete (pack as unknown as Partial<PackInternals>).applyRule;
  }
  return found;
}

/** An acknowledgement that silences a finding in a synth: where it was made, and its reason as recorded. */
export interface NagAcknowledgement {
  readonly scope: IConstruct;
  readonly reason: string;
}

/**
 * The nearest acknowledgement that silences `ruleId` of the plugin `pluginName` on `resource` in a synth, if any. cdk-nag
 * silences an id recorded plain (`Validations.acknowledge` keeps it as `Annotation::<id>`); aws-cdk-lib moves the finding
 * to the report's suppressed violations when the id is qualified by the plugin's name (`<plugin>::<id>`, spaces as `-`).
 * Neither matches a rule id's base to its findings (`AwsSolutions-IAM5` does not cover `AwsSolutions-IAM5[Action::s3:*]`).
 */
export function acknowledgementOf(resource: IConstruct, ruleId: string, pluginName: string): NagAcknowledgement | undefined {
  const qualified = `${pluginName.replace(/ /g, '-')}::${ruleId.replace(/ /g, '-')}`;
  const covering = (ids: Record<string, string> | undefined) =>
    Object.entries(ids ?? {}).find(([id]) => id === qualified || id.replace(/^annotation::/i, '') === ruleId);
  const found = nearestMetadata<Record<string, string>>(resource, Validations.ACKNOWLEDGED_RULES_METADATA_KEY, {
    matches: (ids) => covering(ids) !== undefined,
  });
  return found && { scope: found.scope, reason: covering(found.data)![1] };
}
