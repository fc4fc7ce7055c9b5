import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import type { RegionConfig } from '../lib/config';
import { RegionNetwork } from '../lib/network/region-network';
import { HaloStack } from './halo-stack';

/** Properties of {@link NetworkStack}. */
export interface NetworkStackProps {
  readonly region: RegionConfig;
  /** The region's logs key, for the flow-log group. */
  readonly logsKey: kms.IKey;
}

/** The region's VPC, NAT gateways, flow logs and endpoints. */
export class NetworkStack extends HaloStack {
  public readonly network: RegionNetwork;

  constructor(scope: Construct, id: string, props: NetworkStackProps) {
    super(scope, id, { region: props.region, layer: 'network', description: `Halo ${props.region.name}: VPC over three AZs, NAT, flow logs, endpoints` });
    this.network = new RegionNetwork(this, 'Network', {
      cidr: props.region.network.cidr,
      logsKey: props.logsKey,
      flowLogRetention: props.region.network.flowLogRetentionDays,
    });
    // Exported whether or not a stack imports them: no cell change removes an export that another stack still imports.
    const vpc = this.network.vpc;
    for (const value of [vpc.vpcId, ...[...vpc.publicSubnets, ...vpc.privateSubnets, ...vpc.isolatedSubnets].map((s) => s.subnetId)]) this.exportValue(value);
  }
}
