import { Stage, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, NagPack, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { HaloChecks } from './halo-checks';

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

/**
 * Registers the packs as validation plugins on the app, so any finding not acknowledged fails the synth.
 * @param only names of the packs to register (tests); all of them by default
 */
export function addComplianceGate(scope: Stage, only?: readonly string[]): void {
  Validations.of(scope).addPlugins(...compliancePacks().filter((pack) => !only || only.includes(pack.name)));
}
