import { controlTowerRuleFiles } from './cfn-guard-adapter';

/** One AWS Control Tower proactive control as @cdklabs/cdk-validator-cfnguard ships it. */
export interface ControlTowerControl {
  /** Control id, e.g. `CT.S3.PR.1`. */
  readonly id: string;
  /** Rule file name, e.g. `ct-s3-pr-1`: what the plugin's `disabledRules` takes. */
  readonly file: string;
  /** The guard rule name findings are reported under, e.g. `s3_bucket_level_public_access_prohibited_check`. */
  readonly guardRule: string;
  readonly title: string;
  readonly severity: string;
  /** Control Tower objective ids, e.g. `CO.2`. */
  readonly objectives: readonly string[];
  /** CloudFormation resource types the control evaluates. */
  readonly resourceTypes: readonly string[];
}

let catalogue: ControlTowerControl[] | undefined;

/** The controls the cfn-guard plugin runs, read from the rule and metadata files it ships (offline). */
export function controlTowerCatalogue(): readonly ControlTowerControl[] {
  return (catalogue ??= controlTowerRuleFiles().map(({ file, guardRule, metadata }) => ({
    id: metadata.Id,
    file,
    guardRule,
    title: metadata.DisplayName,
    severity: (metadata.Severity ?? 'unknown').toLowerCase(),
    objectives: (metadata.Objectives ?? []).map((o) => o.Id),
    resourceTypes: metadata.EvaluatedResourceTypes ?? [],
  })));
}

/** Rule files of the controls that evaluate none of the given resource types: skipping them keeps cfn-guard fast. */
export function controlsNotApplicable(resourceTypes: ReadonlySet<string>): string[] {
  return controlTowerCatalogue()
    .filter((c) => !c.resourceTypes.some((t) => resourceTypes.has(t)))
    .map((c) => c.file);
}
