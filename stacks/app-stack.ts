import { CfnOutput } from 'aws-cdk-lib';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { CellApplication } from '../lib/app/cell-application';
import type { RegionConfig, ResolvedCell } from '../lib/config';
import { SUBNET_GROUPS } from '../lib/network/region-network';
import { HaloStack } from './halo-stack';
import type { CellDataOutputs, RegionKeyRing, RegionNetworkOutputs } from './interfaces';

/** Properties of {@link AppStack}. */
export interface AppStackProps {
  readonly region: RegionConfig;
  readonly cell: ResolvedCell;
  readonly network: Pick<RegionNetworkOutputs, 'vpc' | 'cidr'>;
  readonly keys: Pick<RegionKeyRing, 'data' | 'logs'>;
  /** The region's bucket of load-balancer access logs. */
  readonly accessLogsBucket: s3.IBucket;
  /** The cell's releases, fleet role, database client access and SQL CA (its Data stack). */
  readonly data: CellDataOutputs;
}

/**
 * A cell's application layer, the stack that changes most (releases, blue/green flips); it holds no
 * data, so deploying it never touches the Data stack.
 */
export class AppStack extends HaloStack {
  public readonly application: CellApplication;

  constructor(scope: Construct, id: string, props: AppStackProps) {
    const { cell, region } = props;
    super(scope, id, {
      region,
      layer: cell.names.layers.app,
      description: `Halo ${region.name} ${cell.id}: load balancers, WAF, blue/green web fleets, chat and automations`,
      terminationProtection: false,
    });
    this.application = new CellApplication(this, 'Application', {
      cellId: cell.id,
      name: cell.names.application,
      app: cell.app,
      sizing: cell.sizing,
      vpc: props.network.vpc,
      vpcCidr: props.network.cidr,
      publicSubnets: { subnetGroupName: SUBNET_GROUPS.public },
      appSubnets: { subnetGroupName: SUBNET_GROUPS.app },
      accessLogsBucket: props.accessLogsBucket,
      artifactsBucket: props.data.releasesBucket,
      fleetRole: props.data.fleetRole,
      databaseClients: props.data.databaseClients,
      sqlCertificateAuthorityArn: props.data.sqlCertificateAuthorityArn,
      dataKey: props.keys.data,
      logsKey: props.keys.logs,
    });
    new CfnOutput(this, 'WebLoadBalancerDns', {
      description: `Point ${cell.app.domainName} here (alias record)`,
      value: this.application.web.loadBalancerDnsName,
    });
    new CfnOutput(this, 'ChatLoadBalancerDns', { value: this.application.chat.loadBalancerDnsName });
  }
}
