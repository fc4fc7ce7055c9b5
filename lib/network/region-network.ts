import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledge, acknowledgeAll } from '../compliance/acknowledge';
import { acknowledgeCrossStackReference, guardRule } from '../compliance/standard-acknowledgements';
import { proveAllowed, proveLogsCanUseKey } from '../proofs';

/** Subnet group names; later layers select subnets by these. */
export const SUBNET_GROUPS = { public: 'Public', app: 'App', data: 'Data' } as const;

/** Services reached through interface endpoints, so private and isolated subnets need no internet for them. */
export const INTERFACE_ENDPOINT_SERVICES: Readonly<Record<string, ec2.InterfaceVpcEndpointAwsService>> = {
  Ssm: ec2.InterfaceVpcEndpointAwsService.SSM,
  SsmMessages: ec2.InterfaceVpcEndpointAwsService.SSM_MESSAGES,
  Ec2Messages: ec2.InterfaceVpcEndpointAwsService.EC2_MESSAGES,
  Kms: ec2.InterfaceVpcEndpointAwsService.KMS,
  Logs: ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
  SecretsManager: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
  Sts: ec2.InterfaceVpcEndpointAwsService.STS,
  Monitoring: ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_MONITORING,
  // The SQL nodes' VSS agent snapshots their volumes itself (AWS Backup's application-consistent backups).
  Ec2: ec2.InterfaceVpcEndpointAwsService.EC2,
  // The SQL nodes request their TLS certificates from the region's private CA.
  PrivateCa: ec2.InterfaceVpcEndpointAwsService.PRIVATE_CERTIFICATE_AUTHORITY,
  // The SSM agent joins the SQL nodes to the directory through the Directory Service API (ds:CreateComputer).
  DirectoryService: ec2.InterfaceVpcEndpointAwsService.DIRECTORY_SERVICE,
};

/** Properties of {@link RegionNetwork}. */
export interface RegionNetworkProps {
  /** IPv4 block of the VPC, e.g. `10.10.0.0/16`. */
  readonly cidr: string;

  /** Key that encrypts the flow-log group (the region's logs key). */
  readonly logsKey: kms.IKey;

  /** Days flow logs are kept. */
  readonly flowLogRetention: logs.RetentionDays;

  /**
   * Prefix mask of the public subnets (NAT gateways and load balancers only).
   * @default 24
   */
  readonly publicSubnetMask?: number;

  /**
   * Prefix mask of the private app subnets.
   * @default 20
   */
  readonly appSubnetMask?: number;

  /**
   * Prefix mask of the isolated data subnets.
   * @default 24
   */
  readonly dataSubnetMask?: number;
}

/**
 * The region's VPC over the stack's three availability zones: public subnets for NAT gateways
 * and load balancers (no public IPs on launch), private app subnets that egress through one NAT
 * gateway per AZ, isolated data subnets, flow logs of all traffic, an S3 gateway endpoint and
 * private-DNS interface endpoints for the services instances need without the internet.
 */
export class RegionNetwork extends Construct {
  /** The VPC. */
  public readonly vpc: ec2.Vpc;
  /** The encrypted log group that receives the VPC's flow logs. */
  public readonly flowLogGroup: logs.LogGroup;
  private readonly logsKey: kms.IKey;
  /** Security group of the interface endpoints: HTTPS from inside the VPC only. */
  public readonly endpointSecurityGroup: ec2.SecurityGroup;
  /** The VPC's CIDR as a literal, for security-group rules in other stacks. */
  public readonly cidr: string;
  /** Isolated data subnets, one per AZ, in the stack's AZ order. */
  public readonly dataSubnets: ec2.ISubnet[];
  /** Netmask of the data subnets, e.g. `255.255.255.0`. */
  public readonly dataSubnetMask: string;

  constructor(scope: Construct, id: string, props: RegionNetworkProps) {
    super(scope, id);
    const azCount = Stack.of(this).availabilityZones.length;
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(props.cidr),
      maxAzs: azCount,
      natGateways: azCount,
      restrictDefaultSecurityGroup: true,
      subnetConfiguration: [
        { name: SUBNET_GROUPS.public, subnetType: ec2.SubnetType.PUBLIC, cidrMask: props.publicSubnetMask ?? 24, mapPublicIpOnLaunch: false },
        { name: SUBNET_GROUPS.app, subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: props.appSubnetMask ?? 20 },
        { name: SUBNET_GROUPS.data, subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: props.dataSubnetMask ?? 24 },
      ],
      gatewayEndpoints: { S3: { service: ec2.GatewayVpcEndpointAwsService.S3 } },
    });

    this.cidr = props.cidr;
    this.dataSubnets = this.vpc.selectSubnets({ subnetGroupName: SUBNET_GROUPS.data }).subnets;
    this.dataSubnetMask = netmask(props.dataSubnetMask ?? 24);

    this.logsKey = props.logsKey;
    this.flowLogGroup = new logs.LogGroup(this, 'FlowLogGroup', {
      encryptionKey: props.logsKey,
      retention: props.flowLogRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledgeCrossStackReference(
      this.flowLogGroup,
      ['cloudwatch_log_group_encrypted_check'],
      "The log group's KMS key (the region's logs key)",
      "The packs' CloudWatchLogGroupEncrypted rules",
    );
    // aws-cdk-lib's singleton provider that strips the default security group's rules.
    const restrictDefaultSg = Stack.of(this).node.tryFindChild('Custom::VpcRestrictDefaultSGCustomResourceProvider');
    if (restrictDefaultSg) {
      acknowledge(restrictDefaultSg, guardRule('lambda_inside_vpc_check'), {
        reason:
          "aws-cdk-lib's provider runs once per deployment to remove the rules of the VPC's default security group; it calls only the EC2 API and handles no customer data.",
        compensatingControl:
          "Its role may change the rules of this VPC's default security group only (authorize and revoke on that one group); CloudTrail records each call, and VPCDefaultSecurityGroupClosed checks the outcome.",
      });
    }
    this.addFlowLog();
    acknowledge(this.vpc, 'CloudFormation-Validate::W3010', {
      reason:
        'Subnets name their availability zones on purpose: the SQL nodes, the witness and the NAT gateways are placed in known AZs of the region configuration.',
      compensatingControl:
        'Configuration validation accepts exactly three distinct AZs that the region offers, so a pinned AZ cannot be wrong or missing at deploy time.',
    });
    for (const subnet of this.vpc.publicSubnets) {
      acknowledgeAll(
        subnet,
        ['HIPAA.Security', 'PCI.DSS.321', 'NIST.800.53.R5'].map((pack) => `${pack}-VPCNoUnrestrictedRouteToIGW`),
        {
          reason: 'Public subnets exist only for NAT gateways and internet-facing load balancers, which need the default route to the internet gateway.',
          compensatingControl:
            'No subnet assigns public IPs on launch; only load balancer security groups may admit 0.0.0.0/0, and only on 443/80 (Halo-OpenIngressOnlyToLoadBalancers); app subnets egress through NAT, data subnets have no internet route; all traffic is in VPC flow logs.',
        },
      );
    }

    this.endpointSecurityGroup = new ec2.SecurityGroup(this, 'EndpointSecurityGroup', {
      vpc: this.vpc,
      description: 'Interface endpoints: HTTPS from inside the VPC',
      allowAllOutbound: false,
    });
    this.endpointSecurityGroup.addIngressRule(ec2.Peer.ipv4(props.cidr), ec2.Port.tcp(443), 'HTTPS from the VPC');
    for (const [name, service] of Object.entries(INTERFACE_ENDPOINT_SERVICES)) {
      this.vpc.addInterfaceEndpoint(name, {
        service,
        privateDnsEnabled: true,
        subnets: { subnetGroupName: SUBNET_GROUPS.app },
        securityGroups: [this.endpointSecurityGroup],
        open: false,
      });
    }
  }

  /** Flow logs of all traffic through a role whose permissions are a managed policy on this log group only. */
  private addFlowLog(): void {
    const stack = Stack.of(this);
    const role = new iam.Role(this, 'FlowLogRole', {
      description: "VPC flow logs delivery to the region's flow-log group",
      assumedBy: new iam.ServicePrincipal('vpc-flow-logs.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'ec2', resource: 'vpc-flow-log', resourceName: '*' }) },
        },
      }),
    });
    role.addManagedPolicy(
      new iam.ManagedPolicy(this, 'FlowLogDelivery', {
        description: 'Write VPC flow logs to the flow-log group',
        statements: [
          new iam.PolicyStatement({
            actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
            // The log group's ARN already ends in `:*`, covering its streams.
            resources: [this.flowLogGroup.logGroupArn],
          }),
        ],
      }),
    );
    const flowLog = new ec2.CfnFlowLog(this, 'FlowLog', {
      resourceId: this.vpc.vpcId,
      resourceType: 'VPC',
      trafficType: 'ALL',
      logDestinationType: 'cloud-watch-logs',
      logGroupName: this.flowLogGroup.logGroupName,
      deliverLogsPermissionArn: role.roleArn,
      maxAggregationInterval: 60,
    });
    const why = 'VPC flow logs deliver through this role into the encrypted group; a refused call loses the network record silently.';
    proveAllowed(this, {
      id: 'FlowLogsAssumeRole',
      actor: {
        service: 'vpc-flow-logs.amazonaws.com',
        sourceAccount: stack.account,
        sourceArn: stack.formatArn({ service: 'ec2', resource: 'vpc-flow-log', resourceName: flowLog.attrId }),
      },
      action: 'sts:AssumeRole',
      resource: role.roleArn,
      why,
    });
    proveAllowed(this, {
      id: 'FlowLogsWriteEvents',
      actor: { roleArn: role.roleArn, description: 'VPC flow logs delivery role' },
      action: 'logs:PutLogEvents',
      resource: stack.formatArn({
        service: 'logs',
        resource: 'log-group',
        resourceName: `${this.flowLogGroup.logGroupName}:log-stream:eni-0123456789abcdef0-all`,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      }),
      why,
    });
    proveLogsCanUseKey(this.flowLogGroup, this.logsKey);
  }
}

/** Dotted netmask of a prefix length, e.g. 24 gives `255.255.255.0`. */
export function netmask(prefix: number): string {
  const bits = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return [24, 16, 8, 0].map((shift) => (bits >>> shift) & 0xff).join('.');
}
