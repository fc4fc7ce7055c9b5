import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';

/** TCP and UDP ports the nodes of a Windows failover cluster with an Always On AG use between them. */
export const CLUSTER_PORTS = {
  tcp: [135, 137, 445, 1433, 1434, 3343, 5022, 5985, [49152, 65535]] as (number | [number, number])[],
  udp: [137, 1434, 3343, [49152, 65535]] as (number | [number, number])[],
};

/** Properties of {@link SqlSecurityGroups}. */
export interface SqlSecurityGroupsProps {
  readonly vpc: ec2.IVpc;
  /** The VPC's CIDR (literal), for egress to in-VPC services. */
  readonly vpcCidr: string;
  /** Nodes of a failover cluster also reach each other on the cluster's ports. */
  readonly clustered: boolean;
}

/**
 * The security groups of a cell's SQL Server: the nodes' group (cluster traffic between the nodes of a cluster,
 * 1433 from the application and reporting groups) and the two client groups that the fleets and gateways carry.
 */
export class SqlSecurityGroups extends Construct {
  /** The nodes' group. */
  public readonly nodes: ec2.SecurityGroup;
  /** Give this group to the cell's application fleets: it reaches SQL Server on 1433. */
  public readonly application: ec2.SecurityGroup;
  /** Give this group to the Power BI gateways: it reaches the read-only replica (or the node) on 1433. */
  public readonly reporting: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: SqlSecurityGroupsProps) {
    super(scope, id);
    const group = (groupId: string, description: string) => new ec2.SecurityGroup(this, groupId, { vpc: props.vpc, description, allowAllOutbound: false });
    this.nodes = group(
      'Nodes',
      props.clustered
        ? 'SQL Server nodes: cluster and AG traffic between them, 1433 from the app and reporting groups'
        : 'SQL Server node: 1433 from the app and reporting groups',
    );
    this.application = group('Application', 'Cell application fleets: may reach the SQL listener on 1433');
    this.reporting = group('Reporting', 'Power BI gateways: may reach the read-only SQL replicas on 1433');
    const port = (protocol: 'tcp' | 'udp', p: number | [number, number]) =>
      Array.isArray(p)
        ? protocol === 'tcp'
          ? ec2.Port.tcpRange(p[0], p[1])
          : ec2.Port.udpRange(p[0], p[1])
        : protocol === 'tcp'
          ? ec2.Port.tcp(p)
          : ec2.Port.udp(p);
    if (props.clustered) {
      for (const protocol of ['tcp', 'udp'] as const) {
        for (const p of CLUSTER_PORTS[protocol]) {
          this.nodes.addIngressRule(this.nodes, port(protocol, p), `Cluster peers ${protocol.toUpperCase()} ${Array.isArray(p) ? p.join('-') : p}`);
        }
      }
    }
    this.nodes.addIngressRule(this.application, ec2.Port.tcp(1433), 'SQL from the cell application fleets');
    this.nodes.addIngressRule(this.reporting, ec2.Port.tcp(1433), 'SQL from the Power BI gateways (read-only routing)');
    this.nodes.addEgressRule(ec2.Peer.ipv4(props.vpcCidr), ec2.Port.allTcp(), 'Peers, witness, directory and endpoints in the VPC');
    this.nodes.addEgressRule(ec2.Peer.ipv4(props.vpcCidr), ec2.Port.allUdp(), 'Cluster heartbeat, DNS, Kerberos and NTP in the VPC');
    // Data subnets have no internet route: 443 out reaches only the S3 gateway endpoint.
    this.nodes.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'S3 through the gateway endpoint');
    this.application.addEgressRule(this.nodes, ec2.Port.tcp(1433), 'SQL listener');
    this.reporting.addEgressRule(this.nodes, ec2.Port.tcp(1433), 'SQL read-only replicas');
  }
}
