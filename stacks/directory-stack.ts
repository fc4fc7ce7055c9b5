import { Construct } from 'constructs';
import type { RegionConfig } from '../lib/config';
import { ManagedDirectory } from '../lib/database/managed-directory';
import type { RegionNetwork } from '../lib/network/region-network';
import type { RegionKeys } from '../lib/security/region-keys';
import { HaloStack } from './halo-stack';

/** Properties of {@link DirectoryStack}. */
export interface DirectoryStackProps {
  readonly region: RegionConfig;
  readonly network: RegionNetwork;
  readonly keys: RegionKeys;
}

/** The region's AWS Managed Microsoft AD, shared by every cell's cluster and witness. */
export class DirectoryStack extends HaloStack {
  public readonly directory: ManagedDirectory;

  constructor(scope: Construct, id: string, props: DirectoryStackProps) {
    super(scope, id, { region: props.region, layer: 'directory', description: `Halo ${props.region.name}: AWS Managed Microsoft AD for the SQL Server clusters` });
    const hasProduction = props.region.cells.some((c) => c.environment === 'production');
    this.directory = new ManagedDirectory(this, 'Directory', {
      vpc: props.network.vpc,
      // Domain controllers in AZ 1 and AZ 2, beside the SQL nodes.
      subnets: props.network.dataSubnets.slice(0, 2),
      domainName: `${props.region.slug}.halo.internal`,
      netbiosName: `HALO${props.region.stageName.toUpperCase()}`.slice(0, 15),
      edition: hasProduction ? 'Enterprise' : 'Standard',
      secretKey: props.keys.data,
    });
  }
}
