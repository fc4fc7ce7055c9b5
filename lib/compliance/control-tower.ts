import { existsSync, readdirSync, readFileSync } from 'fs';
import { dirname, join, parse } from 'path';

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

interface Metadata {
  Id: string;
  DisplayName: string;
  Severity?: string;
  Objectives?: { Id: string }[];
  EvaluatedResourceTypes?: string[];
}

let catalogue: ControlTowerControl[] | undefined;

/** The controls the cfn-guard plugin runs, read from the rule and metadata files it ships (offline). */
export function controlTowerCatalogue(): readonly ControlTowerControl[] {
  if (catalogue) return catalogue;
  const root = join(dirname(require.resolve('@cdklabs/cdk-validator-cfnguard/package.json')), 'rules', 'control-tower');
  catalogue = readdirSync(join(root, 'cfn-guard'))
    .flatMap((service) =>
      readdirSync(join(root, 'cfn-guard', service)).map((file): ControlTowerControl | undefined => {
        const name = parse(file).name;
        const metadataFile = join(root, 'metadata', service, `${name}.metadata.json`);
        const guardRule = /^rule (\w+) when is_cfn_template/m.exec(readFileSync(join(root, 'cfn-guard', service, file), 'utf8'))?.[1];
        if (!guardRule || !existsSync(metadataFile)) return undefined;
        const metadata = JSON.parse(readFileSync(metadataFile, 'utf8')) as Metadata;
        return {
          id: metadata.Id,
          file: name,
          guardRule,
          title: metadata.DisplayName,
          severity: (metadata.Severity ?? 'unknown').toLowerCase(),
          objectives: (metadata.Objectives ?? []).map((o) => o.Id),
          resourceTypes: metadata.EvaluatedResourceTypes ?? [],
        };
      }),
    )
    .filter((c): c is ControlTowerControl => c !== undefined);
  return catalogue;
}

/** Rule files of the controls that evaluate none of the given resource types: skipping them keeps cfn-guard fast. */
export function controlsNotApplicable(resourceTypes: ReadonlySet<string>): string[] {
  return controlTowerCatalogue()
    .filter((c) => !c.resourceTypes.some((t) => resourceTypes.has(t)))
    .map((c) => c.file);
}
