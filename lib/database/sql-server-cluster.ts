import { Stack } from 'aws-cdk-lib';
import { tagAll } from '../tagging';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { SQL_CLUSTER_TAG } from '../compliance/rules';
import { ClusterFormation } from './cluster-formation';
import { DirectorySetupAccount } from './directory-setup-account';
import { proveAllowed } from '../proofs';
import { FileShareWitness } from './file-share-witness';
import { SqlNodeAccess } from './sql-node-access';
import { SqlServerNode, SqlVolumeSpec } from './sql-server-node';

/** TCP and UDP ports the nodes of a Windows failover cluster with an Always On AG use between them. */
export const CLUSTER_PORTS = {
  tcp: [135, 137, 445, 1433, 1434, 3343, 5022, 5985, [49152, 65535]] as (number | [number, number])[],
  udp: [137, 1434, 3343, [49152, 65535]] as (number | [number, number])[],
};

/** The license-included AMIs, published by AWS as public SSM parameters. */
export const SQL_SERVER_AMI_PARAMETERS = {
  Enterprise: '/aws/service/ami-windows-latest/Windows_Server-2022-English-Full-SQL_2022_Enterprise',
  Standard: '/aws/service/ami-windows-latest/Windows_Server-2022-English-Full-SQL_2022_Standard',
} as const;

/** The region's managed directory, as the cluster needs it. */
export interface ClusterDirectory {
  readonly directoryId: string;
  readonly domainName: string;
  readonly netbiosName: string;
  readonly dnsIpAddresses: string[];
  readonly adminSecret: secretsmanager.ISecret;
}

/** Properties of {@link SqlServerCluster}. */
export interface SqlServerClusterProps {
  /** The cell id; names the cluster (`<id>-cl`), the AG (`<id>-ag`) and the nodes (`<id>-1`, `<id>-2`). */
  readonly cellId: string;
  readonly vpc: ec2.IVpc;
  /** The VPC's CIDR (literal), for egress to in-VPC services. */
  readonly vpcCidr: string;
  /** Isolated data subnets, one per AZ, in the region's AZ order: nodes go to the first two, the witness to the third. */
  readonly dataSubnets: readonly ec2.ISubnet[];
  /** Netmask of the data subnets, e.g. `255.255.255.0`, for the listener's addresses. */
  readonly subnetMask: string;
  readonly directory: ClusterDirectory;
  /** The region's data key: volumes, file system, secrets, backups. */
  readonly dataKey: kms.IKey;
  /** Key of Session Manager sessions (the region's sessions key). */
  readonly sessionKey: kms.IKey;
  /** The region's logs key, for the formation account function's log group. */
  readonly logsKey: kms.IKey;
  /** Subnets with a route to the AWS APIs, for the formation account function (the app subnets). */
  readonly functionSubnets: ec2.SubnetSelection;
  /** Enterprise for production; Standard is allowed for UAT. */
  readonly edition: keyof typeof SQL_SERVER_AMI_PARAMETERS;
  readonly instanceType: string;
  readonly volumes: { readonly data: SqlVolumeSpec; readonly log: SqlVolumeSpec; readonly tempdb: SqlVolumeSpec };
  /** The cell's native-backup bucket. */
  readonly backupBucket: s3.IBucket;
  /** Hours between transaction-log backups, and whether they are kept (false: UAT truncates instead). */
  readonly logBackup: { readonly intervalHours: number; readonly keep: boolean };
}

/**
 * A cell's SQL Server Always On cluster: a node in each of the first two AZs, a file-share witness
 * in the third, security groups with only the ports the cluster needs, and its formation declared
 * as SSM documents and associations.
 */
export class SqlServerCluster extends Construct {
  public readonly nodes: readonly SqlServerNode[];
  public readonly witness: FileShareWitness;
  /** The nodes' group: cluster traffic between them, 1433 from the app and reporting groups. */
  public readonly clusterSecurityGroup: ec2.SecurityGroup;
  /** Give this group to the cell's application fleets: it reaches the listener on 1433. */
  public readonly applicationSecurityGroup: ec2.SecurityGroup;
  /** Give this group to the Power BI gateways: read-only routing serves it on 1433. */
  public readonly reportingSecurityGroup: ec2.SecurityGroup;
  public readonly access: SqlNodeAccess;
  /** The cell's formation account in the directory (elevated only while the cluster forms). */
  public readonly setupAccount: DirectorySetupAccount;
  public readonly formation: ClusterFormation;
  public readonly listenerName: string;
  public readonly availabilityGroupName: string;

  constructor(scope: Construct, id: string, props: SqlServerClusterProps) {
    super(scope, id);
    const azs = props.dataSubnets.map((s) => s.availabilityZone);
    if (props.dataSubnets.length !== 3 || new Set(azs).size !== 3) {
      throw new Error(`SqlServerCluster ${this.node.path}: needs one data subnet in each of three distinct AZs, got ${azs.join(', ')}`);
    }
    if (!/^[a-z][a-z0-9-]{1,11}$/.test(props.cellId)) {
      throw new Error(`SqlServerCluster ${this.node.path}: cellId "${props.cellId}" must be 2 to 12 lower-case letters, digits or dashes (NetBIOS names derive from it)`);
    }
    this.listenerName = `${props.cellId}-ag`;
    this.availabilityGroupName = `${props.cellId}-ag`;
    const { cluster, application, reporting } = this.createSecurityGroups(props);
    this.clusterSecurityGroup = cluster;
    this.applicationSecurityGroup = application;
    this.reportingSecurityGroup = reporting;

    // Formation acts as the cell's own, time-bound directory account: the nodes never hold the directory admin.
    this.setupAccount = new DirectorySetupAccount(this, 'SetupAccount', {
      directoryId: props.directory.directoryId,
      adminSecret: props.directory.adminSecret,
      userName: `${props.cellId}-setup`,
      secretKey: props.dataKey,
      logsKey: props.logsKey,
      vpc: props.vpc,
      subnets: props.functionSubnets,
      vpcCidr: props.vpcCidr,
    });
    this.access = new SqlNodeAccess(this, 'Access', {
      backupBucket: props.backupBucket,
      dataKey: props.dataKey,
      sessionKey: props.sessionKey,
      secrets: [this.setupAccount.secret],
      directoryId: props.directory.directoryId,
      amiParameter: SQL_SERVER_AMI_PARAMETERS[props.edition],
    });
    proveAllowed(this.setupAccount, {
      id: 'NodesReadFormationAccount', actor: { roleArn: this.access.role.roleArn, description: 'SQL node role' }, action: 'secretsmanager:GetSecretValue',
      resource: this.setupAccount.secret.secretArn, why: 'The formation scripts on the nodes act as the cell\'s formation account to create the cluster and its listener.',
    });
    this.nodes = [1, 2].map((n) => new SqlServerNode(this, `Node${n}`, {
      hostName: `${props.cellId}-${n}`,
      subnet: props.dataSubnets[n - 1],
      securityGroup: cluster,
      instanceType: props.instanceType,
      launchTemplate: this.access.launchTemplate,
      instanceProfile: this.access.instanceProfile,
      volumeKey: props.dataKey,
      volumes: props.volumes,
    }));
    this.witness = new FileShareWitness(this, 'Witness', {
      vpc: props.vpc,
      vpcCidr: props.vpcCidr,
      subnet: props.dataSubnets[2],
      directoryId: props.directory.directoryId,
      encryptionKey: props.dataKey,
      clientSecurityGroup: cluster,
      witnessFolder: `${props.cellId}-witness`,
    });

    this.formation = new ClusterFormation(this, 'Formation', {
      nodes: this.nodes,
      directoryId: props.directory.directoryId,
      dnsIpAddresses: props.directory.dnsIpAddresses,
      setupAccount: this.setupAccount,
      logBackupIntervalHours: props.logBackup.intervalHours,
      keepLogBackups: props.logBackup.keep,
      facts: {
        domainName: props.directory.domainName,
        netbiosName: props.directory.netbiosName,
        setupSecretArn: this.setupAccount.secret.secretArn,
        clusterName: `${props.cellId}-cl`,
        availabilityGroup: this.availabilityGroupName,
        listenerName: this.listenerName,
        subnetMask: props.subnetMask,
        witnessPath: this.witness.sharePath,
        nodes: this.nodes.map((n) => ({ hostName: n.hostName, clusterAddress: n.clusterAddress, listenerAddress: n.listenerAddress })),
        backupBucket: props.backupBucket.bucketName,
        backupCredentialSecretArn: this.access.backupCredential.secretArn,
        region: Stack.of(this).region,
      },
    });
    tagAll(this, SQL_CLUSTER_TAG, props.cellId);
  }

  private createSecurityGroups(props: SqlServerClusterProps) {
    const group = (id: string, description: string) => new ec2.SecurityGroup(this, id, { vpc: props.vpc, description, allowAllOutbound: false });
    const cluster = group('ClusterSecurityGroup', 'SQL Server nodes: cluster and AG traffic between them, 1433 from the app and reporting groups');
    const application = group('ApplicationSecurityGroup', 'Cell application fleets: may reach the SQL listener on 1433');
    const reporting = group('ReportingSecurityGroup', 'Power BI gateways: may reach the read-only SQL replicas on 1433');
    const port = (protocol: 'tcp' | 'udp', p: number | [number, number]) => Array.isArray(p)
      ? (protocol === 'tcp' ? ec2.Port.tcpRange(p[0], p[1]) : ec2.Port.udpRange(p[0], p[1]))
      : (protocol === 'tcp' ? ec2.Port.tcp(p) : ec2.Port.udp(p));
    for (const protocol of ['tcp', 'udp'] as const) {
      for (const p of CLUSTER_PORTS[protocol]) {
        cluster.addIngressRule(cluster, port(protocol, p), `Cluster peers ${protocol.toUpperCase()} ${Array.isArray(p) ? p.join('-') : p}`);
      }
    }
    cluster.addIngressRule(application, ec2.Port.tcp(1433), 'SQL from the cell application fleets');
    cluster.addIngressRule(reporting, ec2.Port.tcp(1433), 'SQL from the Power BI gateways (read-only routing)');
    cluster.addEgressRule(ec2.Peer.ipv4(props.vpcCidr), ec2.Port.allTcp(), 'Peers, witness, directory and endpoints in the VPC');
    cluster.addEgressRule(ec2.Peer.ipv4(props.vpcCidr), ec2.Port.allUdp(), 'Cluster heartbeat, DNS, Kerberos and NTP in the VPC');
    // Data subnets have no internet route: 443 out reaches only the S3 gateway endpoint.
    cluster.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'S3 through the gateway endpoint');
    application.addEgressRule(cluster, ec2.Port.tcp(1433), 'SQL listener');
    reporting.addEgressRule(cluster, ec2.Port.tcp(1433), 'SQL read-only replicas');
    return { cluster, application, reporting };
  }
}
