import { App, Stack, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { readValidationReport } from '../../lib/compliance';
import { controlTowerRuleFiles, installedGuardValidatorVersion, VERIFIED_GUARD_VALIDATOR_VERSION } from '../../lib/compliance/cfn-guard-adapter';
import { controlTowerCatalogue } from '../../lib/compliance/control-tower';
import { GUARD_PLUGIN } from '../../lib/compliance/gate';
import { scratchDir } from '../fixtures/assembly';

// What lib/compliance/cfn-guard-adapter.ts relies on in @cdklabs/cdk-validator-cfnguard. Each failure names what an upgrade changed.

/** Fails with a message that names the validator's version and what no longer holds. */
function holds(condition: boolean, what: string): void {
  if (!condition) {
    throw new Error(`@cdklabs/cdk-validator-cfnguard ${installedGuardValidatorVersion()}: ${what} (lib/compliance/cfn-guard-adapter.ts relies on it)`);
  }
}

describe('the cfn-guard validator package', () => {
  test('is the version the adapter was verified against', () => {
    holds(
      installedGuardValidatorVersion() === VERIFIED_GUARD_VALIDATOR_VERSION,
      `is installed, but the adapter was verified against ${VERIFIED_GUARD_VALIDATOR_VERSION}: check each test of this file, then update VERIFIED_GUARD_VALIDATOR_VERSION`,
    );
  });

  test('ships one rule file with a guard rule and one metadata file per control', () => {
    let files: ReturnType<typeof controlTowerRuleFiles> = [];
    expect(() => (files = controlTowerRuleFiles())).not.toThrow();
    holds(files.length > 100, `ships ${files.length} Control Tower rule files where rules/control-tower/cfn-guard/<service>/ held 237`);
    const controls = controlTowerCatalogue();
    const malformed = controls.filter((c) => !/^CT\.[A-Z0-9-]+\.PR\.\d+$/.test(c.id) || !c.title || c.resourceTypes.length === 0 || c.severity === 'unknown');
    holds(
      malformed.length === 0,
      `metadata no longer gives Id, DisplayName, Severity and EvaluatedResourceTypes for ${malformed.map((c) => c.file).join(', ')}`,
    );
    holds(new Set(controls.map((c) => c.guardRule)).size === controls.length, 'two rule files now report under the same guard rule name');
    const s3 = controls.find((c) => c.id === 'CT.S3.PR.1');
    holds(
      s3?.file === 'ct-s3-pr-1' && s3.guardRule === 's3_bucket_level_public_access_prohibited_check' && s3.resourceTypes.includes('AWS::S3::Bucket'),
      `CT.S3.PR.1 reads as ${JSON.stringify(s3)}`,
    );
  });

  test('runs exactly the controls the catalogue lists, and disabledRules takes their file names', () => {
    const files = controlTowerCatalogue().map((c) => c.file);
    const all = new CfnGuardValidator().ruleIds ?? [];
    holds(all.length === files.length, `the plugin runs ${all.length} Control Tower rules by default; the catalogue reads ${files.length}`);
    const none = new CfnGuardValidator({ disabledRules: files }).ruleIds ?? [];
    holds(none.length === 0, `disabledRules no longer takes the rule file names: ${none.length} rules still run with every file disabled`);
  });

  test('reports a finding under the guard rule name the catalogue reads from the rule file', () => {
    const app = new App({ outdir: scratchDir('halo-guard-adapter-'), builtinCloudFormationValidation: false });
    new s3.CfnBucket(new Stack(app, 'Guarded'), 'NoPublicAccessBlock');
    const control = controlTowerCatalogue().find((c) => c.id === 'CT.S3.PR.1')!;
    const others = controlTowerCatalogue()
      .filter((c) => c !== control)
      .map((c) => c.file);
    Validations.of(app).addPlugins(new CfnGuardValidator({ disabledRules: others }));
    expect(() => app.synth()).toThrow();
    const guard = readValidationReport(app.outdir).pluginReports.find((p) => p.pluginName === GUARD_PLUGIN);
    const rules = (guard?.violations ?? []).map((v) => v.ruleName);
    holds(
      JSON.stringify(rules) === JSON.stringify([control.guardRule]),
      `a bucket without a public access block is reported as ${JSON.stringify(rules)}, not ${control.guardRule}`,
    );
  });
});
