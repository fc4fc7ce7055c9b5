import { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagPack, NagPackProps } from 'cdk-nag';
import * as rules from './rules';

/** Name of the project's own pack; its rule ids read `Halo-<RuleName>`. */
export const HALO_PACK = 'Halo';

/**
 * The project's own rules for what the cdk-nag packs do not check: residency, retention of
 * stateful resources, key rotation, and exposure to the internet.
 */
export class HaloChecks extends NagPack {
  public readonly name = HALO_PACK;

  constructor(props?: NagPackProps) {
    super(undefined, props);
    this.packName = HALO_PACK;
  }

  protected checkResource(node: CfnResource): void {
    this.applyRule({
      info: 'A stateful resource is not retained on stack deletion or on replacement.',
      explanation: 'Keys, buckets, volumes, log groups, file systems, directories and backup vaults hold customer data or the means to read it; deleting a stack must never delete them.',
      level: NagMessageLevel.ERROR,
      rule: rules.StatefulResourceRetained,
      node,
    });
    this.applyRule({
      info: 'A symmetric KMS key does not rotate its key material.',
      explanation: 'Halo promises AES-256 at rest under customer-managed keys with rotation on (PCI DSS 3.6.4, NIST SC-12).',
      level: NagMessageLevel.ERROR,
      rule: rules.KmsKeyRotationEnabled,
      node,
    });
    this.applyRule({
      info: 'A security group admits 0.0.0.0/0 or ::/0 other than a load balancer on TCP 443 or 80.',
      explanation: 'Only load balancers face the internet; instances are reached through them or through Session Manager.',
      level: NagMessageLevel.ERROR,
      rule: rules.OpenIngressOnlyToLoadBalancers,
      node,
    });
  }
}
