import { Construct } from 'constructs';
import type { RegionConfig } from '../lib/config';
import { ManagedDirectory } from '../lib/database/managed-directory';
import { SqlCertificateAuthority } from '../lib/security/sql-certificate-authority';
import { HaloStack } from './halo-stack';
import type { RegionKeyRing, RegionNetworkOutputs } from './interfaces';

/** Properties of {@link DirectoryStack}. */
export interface DirectoryStackProps {
  readonly region: RegionConfig;
  /** Domain controllers go in the first two data subnets. */
  readonly network: Pick<RegionNetworkOutputs, 'vpc' | 'dataSubnets'>;
  /** The data key encrypts the directory's admin secret. */
  readonly keys: Pick<RegionKeyRing, 'data'>;
}

/** The region's identity layer: AWS Managed Microsoft AD and the private CA of the SQL Server certificates, shared by every cell. */
export class DirectoryStack extends HaloStack {
  public readonly directory: ManagedDirectory;
  public readonly certificateAuthority: SqlCertificateAuthority;

  constructor(scope: Construct, id: string, props: DirectoryStackProps) {
    super(scope, id, {
      region: props.region,
      layer: 'directory',
      description: `Halo ${props.region.name}: AWS Managed Microsoft AD and the private CA for the SQL Server nodes`,
    });
    this.directory = new ManagedDirectory(this, 'Directory', {
      vpc: props.network.vpc,
      // Domain controllers in AZ 1 and AZ 2, beside the SQL nodes.
      subnets: props.network.dataSubnets.slice(0, 2),
      domainName: props.region.names.directory.domainName,
      netbiosName: props.region.names.directory.netbiosName,
      edition: props.region.directory.edition,
      secretKey: props.keys.data,
    });
    this.certificateAuthority = new SqlCertificateAuthority(this, 'SqlCertificateAuthority', { commonName: `Halo ${props.region.name} SQL Server CA` });
  }
}
