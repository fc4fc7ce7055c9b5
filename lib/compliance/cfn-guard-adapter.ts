/**
 * The one module that reads @cdklabs/cdk-validator-cfnguard's own files: the AWS Control Tower proactive controls it ships,
 * one guard rule file and one metadata file per control, which its public API does not describe.
 * test/compliance/cfn-guard-adapter.test.ts fails, naming what changed, when an upgrade moves anything this relies on.
 */
import { existsSync, readdirSync, readFileSync } from 'fs';
import { dirname, join, parse } from 'path';

/** The validator version whose layout this adapter was checked against. */
export const VERIFIED_GUARD_VALIDATOR_VERSION = '0.0.62';

const PACKAGE = '@cdklabs/cdk-validator-cfnguard';

/** The installed validator's version. */
export function installedGuardValidatorVersion(): string {
  return (JSON.parse(readFileSync(require.resolve(`${PACKAGE}/package.json`), 'utf8')) as { version: string }).version;
}

/** The fields of a control's metadata file this project reads. */
export interface ControlMetadata {
  readonly Id: string;
  readonly DisplayName: string;
  readonly Severity?: string;
  readonly Objectives?: readonly { readonly Id: string }[];
  readonly EvaluatedResourceTypes?: readonly string[];
}

/** One Control Tower control as the validator ships it. */
export interface GuardRuleFile {
  /** The rule file's name without extension, e.g. `ct-s3-pr-1`: what the plugin's `disabledRules` takes. */
  readonly file: string;
  /** The guard rule its findings are reported under, e.g. `s3_bucket_level_public_access_prohibited_check`. */
  readonly guardRule: string;
  readonly metadata: ControlMetadata;
}

// rules/control-tower/cfn-guard/<service>/<file>.guard beside rules/control-tower/metadata/<service>/<file>.metadata.json
const root = () => join(dirname(require.resolve(`${PACKAGE}/package.json`)), 'rules', 'control-tower');
// The rule the file's findings carry: the first top-level rule guarded by the template check.
const GUARD_RULE = /^rule (\w+) when is_cfn_template/m;

/** Every control the validator runs by default; throws, naming the file, when one no longer reads as this expects. */
export function controlTowerRuleFiles(): GuardRuleFile[] {
  const rules = join(root(), 'cfn-guard');
  if (!existsSync(rules)) throw new Error(`${PACKAGE} ${installedGuardValidatorVersion()}: no Control Tower rules at ${rules}`);
  return readdirSync(rules).flatMap((service) =>
    readdirSync(join(rules, service)).map((name) => {
      const file = parse(name).name;
      const guardRule = GUARD_RULE.exec(readFileSync(join(rules, service, name), 'utf8'))?.[1];
      const metadataFile = join(root(), 'metadata', service, `${file}.metadata.json`);
      if (!guardRule || !existsSync(metadataFile)) {
        throw new Error(
          `${PACKAGE} ${installedGuardValidatorVersion()}: ${service}/${name} ${guardRule ? `has no metadata at ${metadataFile}` : 'has no `rule <name> when is_cfn_template`'}`,
        );
      }
      return { file, guardRule, metadata: JSON.parse(readFileSync(metadataFile, 'utf8')) as ControlMetadata };
    }),
  );
}
