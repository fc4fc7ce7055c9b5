import { CfnOutput } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { CellApplication } from '../lib/app/cell-application';
import type { RegionConfig, ResolvedCell } from '../lib/config';
import { SUBNET_GROUPS, type RegionNetwork } from '../lib/network/region-network';
import type { RegionKeys } from '../lib/security/region-keys';
import type { SecurityStack } from './security-stack';
import type { DataStack } from './data-stack';
import { HaloStack } from './halo-stack';

/** Properties of {@link AppStack}. */
export interface AppStackProps {
  readonly region: RegionConfig;
  readonly cell: ResolvedCell;
  readonly network: RegionNetwork;
  readonly keys: RegionKeys;
  readonly security: SecurityStack;
  readonly data: DataStack;
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
      accessLogsBucket: props.security.accessLogs.bucket,
      artifactsBucketName: props.data.releases.bucket.bucketName,
      fleetRole: props.data.fleetAccess.role,
      databaseClientGroup: props.data.sqlServer.securityGroups.application,
      sqlCertificateAuthorityArn: props.data.certificateAuthorityArn,
      dataKey: props.keys.data,
      logsKey: props.keys.logs,
    });
    new CfnOutput(this, 'WebLoadBalancerDns', {
      description: `Point ${cell.app.domainName} here (alias record)`,
      value: this.application.web.loadBalancer.loadBalancerDnsName,
    });
    new CfnOutput(this, 'ChatLoadBalancerDns', { value: this.application.chat.loadBalancer.loadBalancerDnsName });
  }
}
