import { CfnResource, Stage, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, NagPack, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { controlsNotApplicable } from './control-tower';
import { EvaluationLedger } from './evaluation-ledger';
import { HaloChecks } from './halo-checks';
import { ParallelCfnGuardValidator } from './parallel-cfn-guard';

/** Name under which the cfn-guard plugin reports, and the namespace of its acknowledgements. */
export const GUARD_PLUGIN = 'cdk-validator-cfnguard';

/** The packs every synth runs: four cdk-nag packs and the project's own. */
export function compliancePacks(): NagPack[] {
  const props = { verbose: true };
  return [
    new AwsSolutionsChecks(undefined, props),
    new HIPAASecurityChecks(undefined, props),
    new PCIDSS321Checks(undefined, props),
    new NIST80053R5Checks(undefined, props),
    new HaloChecks(props),
  ];
}

/** Options of {@link addComplianceGate}. */
export interface ComplianceGateOptions {
  /** Names of the packs to register (tests). @default all of them */
  readonly only?: readonly string[];
  /**
   * Also run the AWS Control Tower proactive controls through cfn-guard (offline, slower), after the
   * app's constructs are all built: only controls for resource types the app has are run.
   * @default false
   */
  readonly guard?: boolean;
}

/**
 * Registers the packs as validation plugins on the app, so any finding not acknowledged fails the
 * synth, and returns the ledger in which they record every evaluation for the auditor report.
 */
export function addComplianceGate(scope: Stage, options: ComplianceGateOptions = {}): EvaluationLedger {
  const ledger = new EvaluationLedger();
  const packs = compliancePacks().filter((pack) => !options.only || options.only.includes(pack.name));
  Validations.of(scope).addPlugins(...packs.map((pack) => ledger.watch(pack)));
  if (options.guard) {
    // Controls for resource types the app does not have cannot fire; skipping them halves cfn-guard's time.
    const types = new Set(
      scope.node
        .findAll()
        .filter(CfnResource.isCfnResource)
        .map((r) => r.cfnResourceType),
    );
    // On every core (one cfn-guard per run of templates); its JSON output for large templates exceeds Node's 1 MB default buffer.
    Validations.of(scope).addPlugins(
      ledger.noteCompletion(new ParallelCfnGuardValidator({ disabledRules: controlsNotApplicable(types), maxBuffer: 512 * 1024 * 1024 })),
    );
  }
  return ledger;
}
