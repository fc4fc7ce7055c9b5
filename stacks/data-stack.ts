import { CfnOutput } from 'aws-cdk-lib';
import { tagAll } from '../lib/tagging';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { BackupPolicy, CellConfig, RegionConfig } from '../lib/config';
import { FleetAccess } from '../lib/app/fleet-access';
import { ReleaseBucket } from '../lib/app/release-bucket';
import { CELL_TAG } from '../lib/backup/cell-backup-plan';
import { declareResidency } from '../lib/compliance/residency';
import type { ManagedDirectory } from '../lib/database/managed-directory';
import { proveRefused } from '../lib/proofs';
import { ConnectionSecret } from '../lib/database/connection-secret';
import { SqlBackupBucket } from '../lib/database/sql-backup-bucket';
import { SqlServerCluster } from '../lib/database/sql-server-cluster';
import { SUBNET_GROUPS, type RegionNetwork } from '../lib/network/region-network';
import type { RegionKeys } from '../lib/security/region-keys';
import { HaloStack } from './halo-stack';
import { sqlBackupBucketName } from './naming';

/** Properties of {@link DataStack}. */
export interface DataStackProps {
  readonly region: RegionConfig;
  readonly cell: CellConfig;
  readonly backupPolicy: BackupPolicy;
  /** Regions of the cell's residency zone. */
  readonly zoneRegions: readonly string[];
  readonly network: RegionNetwork;
  readonly directory: ManagedDirectory;
  readonly keys: RegionKeys;
  readonly accessLogsBucket: s3.IBucket;
}

/** A cell's stateful layer: its SQL Server cluster, witness and native-backup bucket. */
export class DataStack extends HaloStack {
  public readonly cluster: SqlServerCluster;
  public readonly backupBucket: SqlBackupBucket;
  /** The cell's application releases. */
  public readonly releases: ReleaseBucket;
  /** How the application connects: the AG listener, read-write and read-only intents. */
  public readonly connection: ConnectionSecret;
  /** The application fleets' instance role: it reads this stack's releases and connection secret. */
  public readonly fleetAccess: FleetAccess;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    const { cell, backupPolicy } = props;
    super(scope, id, {
      region: props.region,
      layer: `${cell.id}-data`,
      description: `Halo ${props.region.name} ${cell.id} (${cell.environment}, ${cell.channel}): SQL Server cluster, witness and backups`,
    });
    tagAll(this, CELL_TAG, cell.id);
    declareResidency(this, { zone: cell.zone, regions: props.zoneRegions });
    tagAll(this, 'halo:environment', cell.environment);
    this.backupBucket = new SqlBackupBucket(this, 'NativeBackups', {
      bucketName: sqlBackupBucketName(props.region, cell.id),
      encryptionKey: props.keys.data,
      accessLogsBucket: props.accessLogsBucket,
      logRetentionDays: backupPolicy.logBackup?.retentionDays,
      fullRetentionDays: backupPolicy.daily.retentionDays,
    });
    const storage = cell.sizing.sqlStorage;
    this.cluster = new SqlServerCluster(this, 'SqlCluster', {
      cellId: cell.id,
      vpc: props.network.vpc,
      vpcCidr: props.network.cidr,
      dataSubnets: props.network.dataSubnets,
      subnetMask: props.network.dataSubnetMask,
      directory: props.directory,
      dataKey: props.keys.data,
      sessionKey: props.keys.sessions,
      logsKey: props.keys.logs,
      functionSubnets: { subnetGroupName: SUBNET_GROUPS.app },
      edition: cell.environment === 'production' ? 'Enterprise' : 'Standard',
      instanceType: cell.sizing.instanceTypes.sqlNode,
      volumes: {
        data: { sizeGiB: storage.dataGiB, iops: 6000, throughput: 250 },
        log: { sizeGiB: storage.logGiB },
        tempdb: { sizeGiB: storage.tempdbGiB },
      },
      backupBucket: this.backupBucket.bucket,
      // Hourly either way: production keeps the log backups, UAT (no log backups) truncates the log.
      logBackup: { intervalHours: backupPolicy.logBackup?.intervalHours ?? 1, keep: backupPolicy.logBackup !== undefined },
    });
    this.releases = new ReleaseBucket(this, 'Releases', { encryptionKey: props.keys.data, accessLogsBucket: props.accessLogsBucket });
    this.connection = new ConnectionSecret(this, 'Connection', {
      listenerHost: `${this.cluster.listenerName}.${props.directory.domainName}`,
      username: 'halo_app',
      encryptionKey: props.keys.data,
    });
    this.fleetAccess = new FleetAccess(this, 'FleetAccess', {
      artifactsBucket: this.releases.bucket,
      connectionSecret: this.connection.secret,
      dataKey: props.keys.data,
      sessionKey: props.keys.sessions,
    });
    this.proveNoInstanceReadsDirectoryAdmin(props.directory);
    new CfnOutput(this, 'AddTenantDatabaseDocument', {
      description: 'SSM document that adds a customer database: aws ssm send-command --document-name <this> --parameters TenantId=<id>',
      value: this.cluster.formation.addTenantDatabase.ref,
    });
    new CfnOutput(this, 'ListenerName', { description: 'AG listener (MultiSubnetFailover=True)', value: `${this.cluster.listenerName}.${props.directory.domainName}` });
    new CfnOutput(this, 'NativeBackupBucket', { value: this.backupBucket.bucket.bucketName });
    new CfnOutput(this, 'ReleasesBucket', { description: 'Upload releases/<component>/<version>/package.zip here', value: this.releases.bucket.bucketName });
  }

  /** The directory's admin credential stays out of reach of every instance role of the cell. */
  private proveNoInstanceReadsDirectoryAdmin(directory: ManagedDirectory): void {
    for (const [name, role] of [['SqlNode', this.cluster.access.role], ['Fleet', this.fleetAccess.role]] as const) {
      proveRefused(this, {
        id: `${name}CannotReadDirectoryAdmin`, actor: { roleArn: role.roleArn, description: `${name === 'SqlNode' ? 'SQL node' : 'application fleet'} role` },
        action: 'secretsmanager:GetSecretValue', resource: directory.adminSecret.secretArn,
        why: 'The directory admin can change every computer and account of the region\'s domain: no instance, and so no compromise of one, may hold it.',
      });
    }
  }
}
