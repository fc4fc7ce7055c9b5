import { CfnResource, Stack } from 'aws-cdk-lib';
import type { IApplyRule } from 'cdk-nag';
import { controlTowerCatalogue } from '../control-tower';
import { compliancePacks } from '../gate';

let titles: Map<string, string> | undefined;

/**
 * Each rule's one-line title by rule id (`AwsSolutions-S10`, `Halo-KmsKeyRotationEnabled`, a cfn-guard rule name): the
 * `info` each cdk-nag pack gives its rules, read by letting every pack name its rules on one resource without running them
 * (a pack names every rule on every resource; the rule itself decides whether it applies), and the Control Tower titles.
 */
export function ruleTitles(): ReadonlyMap<string, string> {
  if (titles) return titles;
  const found = new Map<string, string>();
  const node = new CfnResource(new Stack(), 'AnyResource', { type: 'AWS::CloudFormation::WaitConditionHandle' });
  for (const pack of compliancePacks()) {
    const naming = pack as unknown as { applyRule(params: IApplyRule): void; checkResource(node: CfnResource): void };
    naming.applyRule = (params) => found.set(`${pack.readPackName}-${params.ruleSuffixOverride || params.rule.name}`, params.info);
    naming.checkResource(node);
  }
  controlTowerCatalogue().forEach((control) => found.set(control.guardRule, `${control.id}: ${control.title}`));
  titles = found;
  return titles;
}
