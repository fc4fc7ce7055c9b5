import { CfnOutput, Tags } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import { CellBackupPlan } from '../lib/backup/cell-backup-plan';
import { declareBackupPromise } from '../lib/compliance/backup-promise';
import { tagAll } from '../lib/tagging';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { BackupPolicy, RegionConfig, ResolvedCell } from '../lib/config';
import { RESTORE_TEST_MONTHLY, RESTORE_TEST_TAG } from '../lib/config/names';
import { SQL_VOLUME_IOPS } from '../lib/config/service-limits';
import { FleetAccess } from '../lib/app/fleet-access';
import { ReleaseBucket } from '../lib/app/release-bucket';
import { declareResidency } from '../lib/compliance/residency';
import type { ManagedDirectory } from '../lib/database/managed-directory';
import { proveRefused } from '../lib/proofs';
import { APPLICATION_LOGINS, CellSqlServer } from '../lib/database/cell-sql-server';
import { ConnectionSecret } from '../lib/database/connection-secret';
import { pointInTimeRetentionDays, SqlBackupBucket } from '../lib/database/sql-backup-bucket';
import { stackInstanceId } from '../lib/stack-instance';
import { SUBNET_GROUPS, type RegionNetwork } from '../lib/network/region-network';
import type { RegionKeys } from '../lib/security/region-keys';
import type { SqlCertificateAuthority } from '../lib/security/sql-certificate-authority';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { HaloStack } from './halo-stack';

/** Properties of {@link DataStack}. */
export interface DataStackProps {
  readonly region: RegionConfig;
  /** The cell, with its backup policy, promise and copy, its zone's regions, names and tags. */
  readonly cell: ResolvedCell;
  readonly network: RegionNetwork;
  readonly directory: ManagedDirectory;
  readonly certificateAuthority: SqlCertificateAuthority;
  readonly keys: RegionKeys;
  readonly accessLogsBucket: s3.IBucket;
  /** The region's alert topic (encrypted with the logs key): failed drills report here. */
  readonly alertTopic: sns.ITopic;
  /** The region's vault and the role AWS Backup uses: the cell's plan backs up its nodes there. */
  readonly backupVault: { readonly name: string; readonly role: iam.IRole };
}

/** A cell's stateful layer: its SQL Server (cluster and witness, or one node), native-backup bucket and releases. */
export class DataStack extends HaloStack {
  public readonly sqlServer: CellSqlServer;
  public readonly backupBucket: SqlBackupBucket;
  /** The cell's application releases. */
  public readonly releases: ReleaseBucket;
  /** How the application connects: the listener (or node), read-write and read-only intents; rotated by the SQL Server construct. */
  public readonly connection: ConnectionSecret;
  /** What the cell's backups promise (its environment's policy). */
  public readonly backupPolicy: BackupPolicy;
  /** The cell's AWS Backup plan (daily and monthly VSS images of its SQL nodes), with the cell so region stacks do not grow with cells. */
  public readonly backupPlan: CellBackupPlan;
  /** The region's private CA of the SQL Server certificates, which the cell's fleets trust. */
  public readonly certificateAuthorityArn: string;
  /** The application fleets' instance role: it reads this stack's releases and connection secret. */
  public readonly fleetAccess: FleetAccess;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    const { cell } = props;
    const backupPolicy = cell.backup.policy;
    super(scope, id, {
      region: props.region,
      layer: cell.names.layers.data,
      description: `Halo ${props.region.name} ${cell.id} (${cell.environment}, ${cell.channel}): SQL Server (${cell.sql.edition}, ${cell.sql.topology}), backups and releases`,
    });
    Object.entries(cell.tags).forEach(([key, value]) => tagAll(this, key, value));
    declareResidency(this, { zone: cell.zone, regions: cell.zoneRegions });
    this.backupPolicy = backupPolicy;
    this.certificateAuthorityArn = props.certificateAuthority.certificateAuthorityArn;
    const logBackup = backupPolicy.logBackup;
    // Native backups cover the point-in-time window (production) or the daily promise (UAT); AWS Backup keeps the daily and monthly images.
    const nativeRetention = logBackup ? pointInTimeRetentionDays(logBackup.retentionDays) : backupPolicy.daily.retentionDays;
    this.backupBucket = new SqlBackupBucket(this, 'NativeBackups', {
      // A new name for each creation of the stack: a failed first deployment leaves its retained bucket behind, and a retry must not collide with it.
      bucketName: `${cell.names.sqlBackupBucketPrefix}${stackInstanceId()}`,
      encryptionKey: props.keys.data,
      accessLogsBucket: props.accessLogsBucket,
      logRetentionDays: logBackup ? nativeRetention : undefined,
      fullRetentionDays: nativeRetention,
    });
    const storage = cell.sizing.sqlStorage;
    this.connection = new ConnectionSecret(this, 'Connection', {
      host: CellSqlServer.endpointOf(cell.id, cell.sql, props.directory.domainName),
      username: APPLICATION_LOGINS[0],
      encryptionKey: props.keys.data,
    });
    // 'SqlCluster': the id the retained volumes and file system were created under.
    this.sqlServer = new CellSqlServer(this, 'SqlCluster', {
      cellId: cell.id,
      connection: this.connection,
      sql: cell.sql,
      vpc: props.network.vpc,
      vpcCidr: props.network.cidr,
      dataSubnets: props.network.dataSubnets,
      subnetMask: props.network.dataSubnetMask,
      functionSubnets: { subnetGroupName: SUBNET_GROUPS.app },
      directory: props.directory,
      certificateAuthority: {
        arn: props.certificateAuthority.certificateAuthorityArn,
        serverTemplateArn: props.certificateAuthority.serverTemplateArn,
        activation: props.certificateAuthority.activation,
      },
      dataKey: props.keys.data,
      sessionKey: props.keys.sessions,
      logsKey: props.keys.logs,
      alertTopic: props.alertTopic,
      instanceType: cell.sizing.instanceTypes.sqlNode,
      volumes: {
        // The IOPS validation holds each volume's size against (lib/config/service-limits.ts).
        data: { sizeGiB: storage.dataGiB, iops: SQL_VOLUME_IOPS.dataGiB, throughput: 250 },
        log: { sizeGiB: storage.logGiB },
        tempdb: { sizeGiB: storage.tempdbGiB },
        backup: { sizeGiB: storage.backupGiB, throughput: 250 },
      },
      backupBucket: this.backupBucket.bucket,
      backups: {
        // Well inside the promised interval: a backup reaches S3 minutes after the one before, so the RPO alarm fires only on real trouble.
        log: logBackup ? { everyMinutes: Math.min(15, logBackup.intervalHours * 60), pointInTimeHours: logBackup.retentionDays * 24 } : undefined,
        rtoHours: backupPolicy.rtoHours,
        // Two hours before AWS Backup's daily images, so the two do not contend for the volumes.
        fullBackupHourUtc: (backupPolicy.daily.startHourUtc + 22) % 24,
      },
      maintenanceWindow: props.region.maintenanceWindow,
    });
    this.backupPlan = new CellBackupPlan(this, 'BackupPlan', {
      cellId: cell.id,
      policy: backupPolicy,
      vaultName: props.backupVault.name,
      role: props.backupVault.role,
      copyTo: cell.backup.copy,
    });
    const promise = cell.backup.promise;
    declareBackupPromise(this.backupPlan, {
      environment: cell.environment,
      dailyRetentionDays: promise.dailyRetentionDays,
      monthlyRetentionDays: promise.monthlyRetentionDays,
    });
    // The monthly restore test of the region restores production nodes, found by this tag.
    if (cell.environment === 'production') this.sqlServer.nodes.forEach((n) => Tags.of(n.instance).add(RESTORE_TEST_TAG, RESTORE_TEST_MONTHLY));
    // lib/app's constructs kept with the cell's state, not in the App stack (deleted to recreate load balancers): the retained releases and their reader.
    this.releases = new ReleaseBucket(this, 'Releases', { encryptionKey: props.keys.data, accessLogsBucket: props.accessLogsBucket });
    this.fleetAccess = new FleetAccess(this, 'FleetAccess', {
      artifactsBucket: this.releases.bucket,
      connectionSecret: this.connection.secret,
      dataKey: props.keys.data,
      sessionKey: props.keys.sessions,
      certificateAuthorityArn: props.certificateAuthority.certificateAuthorityArn,
    });
    // Weak: neither the role nor the bucket is named, so CloudFormation never replaces them in place.
    this.referenceWeakly(this.fleetAccess.role, this.releases.bucket);
    this.proveNoInstanceReadsDirectoryAdmin(props.directory);
    new CfnOutput(this, 'AddTenantDatabaseDocument', {
      description:
        'SSM document that adds a customer database: aws ssm send-command --document-name <this> --targets Key=tag:halo:sql-node,Values=<node host names> --parameters TenantId=<id>',
      value: this.sqlServer.operations.addTenantDatabase.ref,
    });
    new CfnOutput(this, 'SqlEndpoint', {
      description: 'What the application connects to (MultiSubnetFailover=True, Encrypt=True)',
      value: this.sqlServer.endpoint,
    });
    new CfnOutput(this, 'RestoreDrillDocument', {
      description: 'aws ssm start-automation-execution --document-name <this>',
      value: this.sqlServer.drills.documentNames.restore,
    });
    if (this.sqlServer.drills.documentNames.failover) {
      new CfnOutput(this, 'FailoverDrillDocument', {
        description: 'aws ssm start-automation-execution --document-name <this>',
        value: this.sqlServer.drills.documentNames.failover,
      });
    }
    new CfnOutput(this, 'NativeBackupBucket', { value: this.backupBucket.bucket.bucketName });
    new CfnOutput(this, 'ReleasesBucket', { description: 'Upload releases/<component>/<version>/package.zip here', value: this.releases.bucket.bucketName });
  }

  /** The directory's admin credential stays out of reach of every instance role of the cell. */
  private proveNoInstanceReadsDirectoryAdmin(directory: ManagedDirectory): void {
    for (const [name, role] of [
      ['SqlNode', this.sqlServer.access.role],
      ['Fleet', this.fleetAccess.role],
    ] as const) {
      proveRefused(this, {
        id: `${name}CannotReadDirectoryAdmin`,
        actor: { roleArn: role.roleArn, description: `${name === 'SqlNode' ? 'SQL node' : 'application fleet'} role` },
        action: 'secretsmanager:GetSecretValue',
        resource: directory.adminSecret.secretArn,
        why: "The directory admin can change every computer and account of the region's domain: no instance, and so no compromise of one, may hold it.",
      });
    }
  }
}
