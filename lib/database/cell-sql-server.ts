import { Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct, IDependable } from 'constructs';
import { SQL_CLUSTER_TAG, SQL_TOPOLOGY_TAG } from '../config/names';
import type { SqlConfig } from '../config';
import type { MonitoredSqlServer } from '../monitoring/monitored';
import { SQL_METRICS_NAMESPACE } from '../monitoring/sql-node-monitoring';
import { proveAllowed, proveRefused } from '../proofs';
import { tagAll } from '../tagging';
import { APPLICATION_LOGINS, cellSqlServerFacts } from './cell-sql-facts';
import { CellDirectory } from './cell-directory';
import { ClusterFormation } from './cluster-formation';
import type { ConnectionSecret } from './connection-secret';
import { DatabaseOperations } from './database-operations';
import { FileShareWitness } from './file-share-witness';
import { LoginRotation } from './login-rotation';
import { NodePreparation } from './node-preparation';
import { SqlNodeAccess } from './sql-node-access';
import { SqlServerDrills } from './sql-server-drills';
import { SqlServerNode, SqlVolumeSpec } from './sql-server-node';
import { SqlSecurityGroups } from './sql-security-groups';

/** The license-included AMIs, published by AWS as public SSM parameters. */
export const SQL_SERVER_AMI_PARAMETERS = {
  Enterprise: '/aws/service/ami-windows-latest/Windows_Server-2022-English-Full-SQL_2022_Enterprise',
  Standard: '/aws/service/ami-windows-latest/Windows_Server-2022-English-Full-SQL_2022_Standard',
} as const;

/** SQL Server's port: the listener's, and each node's. */
const SQL_PORT = 1433;

/** The region's managed directory, as the cell needs it. */
export interface SqlServerDirectory {
  readonly directoryId: string;
  readonly domainName: string;
  readonly netbiosName: string;
  readonly dnsIpAddresses: string[];
  readonly adminSecret: secretsmanager.ISecret;
}

/** The region's private CA, as the cell's SQL Server takes its TLS certificates from it. */
export interface SqlServerCertificateAuthority {
  readonly certificateAuthorityArn: string;
  /** The one template the nodes may request certificates with (end-entity server certificates). */
  readonly serverTemplateArn: string;
  /** The CA's activation: the nodes request certificates only after it. */
  readonly activation: IDependable;
}

/** Properties of {@link CellSqlServer}. */
export interface CellSqlServerProps {
  /** The cell id; names the nodes (`<id>-1`, `<id>-2`), and in a cluster the cluster (`<id>-cl`) and the AG and its listener (`<id>-ag`). */
  readonly cellId: string;
  /** Edition and topology (validated by the configuration: an availability group needs Enterprise). */
  readonly sql: SqlConfig;
  readonly vpc: ec2.IVpc;
  /** The VPC's CIDR (literal), for egress to in-VPC services. */
  readonly vpcCidr: string;
  /** Isolated data subnets, one per AZ, in the region's AZ order: nodes go to the first (and second), the witness to the third. */
  readonly dataSubnets: readonly ec2.ISubnet[];
  /** Netmask of the data subnets, e.g. `255.255.255.0`, for the listener's addresses. */
  readonly subnetMask: string;
  /** Subnets with a route to the AWS APIs, for the cell's functions (the app subnets). */
  readonly functionSubnets: ec2.SubnetSelection;
  readonly directory: SqlServerDirectory;
  /** The application's connection secret (its host is {@link CellSqlServer.endpointOf}); rotated here. */
  readonly connection: ConnectionSecret;
  /** The region's private CA for the nodes' TLS certificates. */
  readonly certificateAuthority: SqlServerCertificateAuthority;
  /** The region's data key: volumes, file system, secrets, backups. */
  readonly dataKey: kms.IKey;
  /** Key of Session Manager sessions (the region's sessions key). */
  readonly sessionKey: kms.IKey;
  /** The region's logs key, for the cell's functions' log groups and the alert topic. */
  readonly logsKey: kms.IKey;
  readonly alertTopic: sns.ITopic;
  readonly instanceType: string;
  readonly volumes: { readonly data: SqlVolumeSpec; readonly log: SqlVolumeSpec; readonly tempdb: SqlVolumeSpec; readonly backup: SqlVolumeSpec };
  /** The cell's native-backup bucket. */
  readonly backupBucket: s3.IBucket;
  /**
   * The backups: log backups (minutes between them, hours back a point-in-time restore must reach) or none (simple
   * recovery, daily fulls); the RTO the restore drill is timed against; the hour (UTC) daily fulls start.
   */
  readonly backups: {
    readonly log?: { readonly everyMinutes: number; readonly pointInTimeHours: number };
    readonly rtoHours: number;
    readonly fullBackupHourUtc: number;
  };
  readonly maintenanceWindow: { readonly window: string; readonly timeZone: string };
}

/**
 * A cell's SQL Server: in production two nodes in an Always On availability group across AZ 1 and 2 with a
 * file-share witness in AZ 3; otherwise one standalone node. Formation, the application's logins and their rotation,
 * native backups to the cell's bucket, TLS certificates from the region's CA, and the drills are all declared here.
 */
export class CellSqlServer extends Construct implements ec2.IConnectable, MonitoredSqlServer {
  public readonly nodes: readonly SqlServerNode[];
  /** The nodes' security group, SQL Server's port 1433 by default. */
  public readonly connections: ec2.Connections;
  /**
   * Client access for the cell's application: instances that carry its group reach the endpoint on 1433. The rules live
   * here, so a client in another stack joins the group instead of adding rules to this stack (no dependency cycle).
   */
  public readonly applicationClients: ec2.IConnectable;
  /** The nodes' instance role. */
  public readonly role: iam.IRole;
  /** The directory account that forms the cluster (clusters only; revoked once formed). */
  public readonly formationSecret?: secretsmanager.ISecret;
  public readonly securityGroups: SqlSecurityGroups;
  public readonly access: SqlNodeAccess;
  public readonly directoryObjects: CellDirectory;
  public readonly operations: DatabaseOperations;
  public readonly drills: SqlServerDrills;
  /** The name clients connect to: the listener's or the node's FQDN. */
  public readonly endpoint: string;
  /** Two nodes in an availability group (true) or one standalone node. */
  public readonly clustered: boolean;
  /** Clusters only. */
  public readonly witness?: FileShareWitness;
  public readonly formation?: ClusterFormation;
  public readonly listenerName?: string;
  public readonly availabilityGroupName?: string;
  private readonly cellId: string;
  private readonly connectionSecret: secretsmanager.ISecret;
  private readonly dataKey: kms.IKey;

  /** The name clients connect to: the AG listener's FQDN, or the standalone node's. */
  public static endpointOf(cellId: string, sql: SqlConfig, domainName: string): string {
    return `${cellId}-${sql.topology === 'availability-group' ? 'ag' : '1'}.${domainName}`;
  }

  constructor(scope: Construct, id: string, props: CellSqlServerProps) {
    super(scope, id);
    const clustered = props.sql.topology === 'availability-group';
    this.clustered = clustered;
    const azs = props.dataSubnets.map((s) => s.availabilityZone);
    if (props.dataSubnets.length !== 3 || new Set(azs).size !== 3) {
      throw new Error(`CellSqlServer ${this.node.path}: needs one data subnet in each of three distinct AZs, got ${azs.join(', ')}`);
    }
    if (!/^[a-z][a-z0-9-]{1,11}$/.test(props.cellId)) {
      throw new Error(
        `CellSqlServer ${this.node.path}: cellId "${props.cellId}" must be 2 to 12 lower-case letters, digits or dashes (NetBIOS names derive from it)`,
      );
    }
    if (clustered && props.sql.edition !== 'Enterprise') {
      throw new Error(
        `CellSqlServer ${this.node.path}: an availability group of several databases with a readable secondary needs Enterprise, not ${props.sql.edition}`,
      );
    }
    this.listenerName = clustered ? `${props.cellId}-ag` : undefined;
    this.availabilityGroupName = clustered ? `${props.cellId}-ag` : undefined;
    const hostNames = (clustered ? [1, 2] : [1]).map((n) => `${props.cellId}-${n}`);
    this.endpoint = CellSqlServer.endpointOf(props.cellId, props.sql, props.directory.domainName);

    this.cellId = props.cellId;
    this.connectionSecret = props.connection.secret;
    this.dataKey = props.dataKey;
    this.securityGroups = new SqlSecurityGroups(this, 'SecurityGroups', { vpc: props.vpc, vpcCidr: props.vpcCidr, clustered });
    this.connections = new ec2.Connections({ securityGroups: [this.securityGroups.nodes], defaultPort: ec2.Port.tcp(SQL_PORT) });
    this.applicationClients = new ec2.Connections({ securityGroups: [this.securityGroups.application], defaultPort: ec2.Port.tcp(SQL_PORT) });
    // 'SetupAccount': the id the formation account's retained secret and log group were created under.
    this.directoryObjects = new CellDirectory(this, 'SetupAccount', {
      cellId: props.cellId,
      directoryId: props.directory.directoryId,
      adminSecret: props.directory.adminSecret,
      formationAccount: clustered,
      secretKey: props.dataKey,
      logsKey: props.logsKey,
      vpc: props.vpc,
      subnets: props.functionSubnets,
      vpcCidr: props.vpcCidr,
    });
    const amiParameter = SQL_SERVER_AMI_PARAMETERS[props.sql.edition];
    this.access = new SqlNodeAccess(this, 'Access', {
      backupBucket: props.backupBucket,
      dataKey: props.dataKey,
      sessionKey: props.sessionKey,
      directoryId: props.directory.directoryId,
      amiParameter,
      secrets: [props.connection.secret, ...(this.directoryObjects.formationSecret ? [this.directoryObjects.formationSecret] : [])],
      certificateAuthority: { arn: props.certificateAuthority.certificateAuthorityArn, serverTemplateArn: props.certificateAuthority.serverTemplateArn },
    });
    this.role = this.access.role;
    this.formationSecret = this.directoryObjects.formationSecret;
    this.nodes = hostNames.map(
      (hostName, i) =>
        new SqlServerNode(this, `Node${i + 1}`, {
          hostName,
          subnet: props.dataSubnets[i],
          securityGroup: this.securityGroups.nodes,
          instanceType: props.instanceType,
          launchTemplate: this.access.launchTemplate,
          instanceProfile: this.access.instanceProfile,
          volumeKey: props.dataKey,
          volumes: props.volumes,
          clusterAddresses: clustered,
        }),
    );

    const facts = cellSqlServerFacts(props, {
      region: Stack.of(this).region,
      nodes: this.nodes,
      administratorsGroup: this.directoryObjects.administratorsGroup,
      listenerName: this.listenerName,
      availabilityGroupName: this.availabilityGroupName,
    });
    const prepared = new NodePreparation(this, 'Preparation', {
      facts,
      nodes: this.nodes,
      directoryId: props.directory.directoryId,
      dnsIpAddresses: props.directory.dnsIpAddresses,
      after: [this.directoryObjects.administratorsGroupReady, props.certificateAuthority.activation],
    });
    let ready: readonly IDependable[] = prepared.prepared;
    if (clustered) {
      this.witness = new FileShareWitness(this, 'Witness', {
        vpc: props.vpc,
        vpcCidr: props.vpcCidr,
        subnet: props.dataSubnets[2],
        directoryId: props.directory.directoryId,
        encryptionKey: props.dataKey,
        clientSecurityGroup: this.securityGroups.nodes,
        witnessFolder: `${props.cellId}-witness`,
      });
      this.formation = new ClusterFormation(this, 'Formation', {
        facts: { ...facts, witnessPath: this.witness.sharePath, setupSecretArn: this.directoryObjects.formationSecret!.secretArn },
        nodes: this.nodes,
        after: [...prepared.prepared, this.directoryObjects.formationGranted!, this.witness.fileSystem],
      });
      this.directoryObjects.revokeAfter(this.formation.formed);
      ready = [this.formation.formed];
    }
    this.operations = new DatabaseOperations(this, 'Operations', { facts, nodes: this.nodes, after: ready });
    new LoginRotation(this, 'LoginRotation', {
      secret: props.connection.secret,
      secretKey: props.dataKey,
      logins: APPLICATION_LOGINS,
      nodes: this.nodes,
      setPasswordDocument: this.operations.setLoginPassword,
      vpc: props.vpc,
      subnets: props.functionSubnets,
      vpcCidr: props.vpcCidr,
      logsKey: props.logsKey,
      after: this.operations.ready,
    });
    this.drills = new SqlServerDrills(this, 'Drills', {
      facts,
      nodes: this.nodes,
      vpc: props.vpc,
      vpcCidr: props.vpcCidr,
      scratchSubnet: props.dataSubnets[0],
      amiParameter,
      scratchInstanceType: props.instanceType,
      scratchDiskGiB: 150 + props.volumes.data.sizeGiB + props.volumes.backup.sizeGiB,
      backupBucket: props.backupBucket,
      dataKey: props.dataKey,
      sessionKey: props.sessionKey,
      alertTopic: props.alertTopic,
      alertKey: props.logsKey,
      maintenanceWindow: props.maintenanceWindow,
    });
    this.proveNodeAccess(props);
    tagAll(this, SQL_TOPOLOGY_TAG, props.sql.topology);
    if (clustered) tagAll(this, SQL_CLUSTER_TAG, props.cellId);
  }

  /**
   * Lets the grantee read the application's connection (endpoint, login and password) and decrypt it through Secrets
   * Manager; the region's data key delegates to IAM, so nothing is added to the key's policy.
   */
  public grantConnect(grantee: iam.IGrantable): iam.Grant {
    const read = iam.Grant.addToPrincipal({
      grantee,
      actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
      resourceArns: [this.connectionSecret.secretArn],
    });
    const decrypt = iam.Grant.addToPrincipal({
      grantee,
      actions: ['kms:Decrypt'],
      resourceArns: [this.dataKey.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${Stack.of(this).region}.amazonaws.com` } },
    });
    return read.combine(decrypt);
  }

  /** A metric the nodes publish about the cell's SQL Server (backup ages and failures, certificates, replica health), dimensioned by cell. */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({ namespace: SQL_METRICS_NAMESPACE, metricName, ...props, dimensionsMap: { Cell: this.cellId, ...props?.dimensionsMap } });
  }

  /** The nodes read what formation and the logins need, and never the directory's admin credential. */
  private proveNodeAccess(props: CellSqlServerProps): void {
    const node = { roleArn: this.access.role.roleArn, description: 'SQL node role' };
    proveAllowed(this, {
      id: 'NodesReadConnectionSecret',
      actor: node,
      action: 'secretsmanager:GetSecretValue',
      resource: props.connection.secret.secretArn,
      why: "The nodes create the application's logins with the secret's password and set the pending one during rotation.",
    });
    if (this.directoryObjects.formationSecret) {
      proveAllowed(this, {
        id: 'NodesReadFormationAccount',
        actor: node,
        action: 'secretsmanager:GetSecretValue',
        resource: this.directoryObjects.formationSecret.secretArn,
        why: "The formation scripts on the nodes act as the cell's formation account to create the cluster and its listener.",
      });
    }
    const ca = props.certificateAuthority;
    proveAllowed(this, {
      id: 'NodesRequestServerCertificates',
      actor: node,
      action: 'acm-pca:IssueCertificate',
      resource: ca.certificateAuthorityArn,
      context: { 'acm-pca:TemplateArn': ca.serverTemplateArn },
      why: "Each node requests its TLS certificate from the region's CA; refused, clients cannot verify SQL Server and connections fail.",
    });
    proveRefused(this, {
      id: 'NodesCannotIssueCaCertificates',
      actor: node,
      action: 'acm-pca:IssueCertificate',
      resource: ca.certificateAuthorityArn,
      context: { 'acm-pca:TemplateArn': `arn:${Stack.of(this).partition}:acm-pca:::template/SubordinateCACertificate_PathLen0/V1` },
      why: 'A node may only obtain a server certificate: a CA certificate would let it mint certificates for any name the fleets trust.',
    });
  }
}
