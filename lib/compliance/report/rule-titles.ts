import { rulesOf } from '../cdk-nag-adapter';
import { controlTowerCatalogue } from '../control-tower';
import { compliancePacks } from '../gate';

let titles: Map<string, string> | undefined;

/**
 * Each rule's one-line title by rule id (`AwsSolutions-S10`, `Halo-EbsEncryptedWithCmk`, a cfn-guard rule name): the
 * `info` each cdk-nag pack gives its rules, and the Control Tower titles.
 */
export function ruleTitles(): ReadonlyMap<string, string> {
  if (titles) return titles;
  const found = new Map<string, string>();
  compliancePacks().forEach((pack) => rulesOf(pack).forEach((rule) => found.set(rule.id, rule.info)));
  controlTowerCatalogue().forEach((control) => found.set(control.guardRule, `${control.id}: ${control.title}`));
  titles = found;
  return titles;
}
