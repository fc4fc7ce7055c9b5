import { CfnOutput, Tags } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as iam from 'aws-cdk-lib/aws-iam';
import { CellBackupPlan } from '../lib/backup/cell-backup-plan';
import { declareBackupPromise } from '../lib/compliance/backup-promise';
import { tagAll } from '../lib/tagging';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { RegionConfig, ResolvedCell } from '../lib/config';
import { RESTORE_TEST_MONTHLY, RESTORE_TEST_TAG } from '../lib/config/names';
import { SQL_VOLUME_IOPS } from '../lib/config/service-limits';
import { FleetAccess } from '../lib/app/fleet-access';
import { ReleaseBucket } from '../lib/app/release-bucket';
import { declareResidency } from '../lib/compliance/residency';
import { proveRefused } from '../lib/proofs';
import { APPLICATION_LOGINS } from '../lib/database/cell-sql-facts';
import { CellSqlServer, type SqlServerCertificateAuthority, type SqlServerDirectory } from '../lib/database/cell-sql-server';
import { ConnectionSecret } from '../lib/database/connection-secret';
import { pointInTimeRetentionDays, SqlBackupBucket } from '../lib/database/sql-backup-bucket';
import { stackInstanceId } from '../lib/stack-instance';
import { SUBNET_GROUPS } from '../lib/network/region-network';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { HaloStack } from './halo-stack';
import type { CellDataOutputs, RegionBackupOutputs, RegionKeyRing, RegionNetworkOutputs } from './interfaces';

/** Properties of {@link DataStack}. */
export interface DataStackProps {
  readonly region: RegionConfig;
  /** The cell, with its backup policy, promise and copy, its zone's regions, names and tags. */
  readonly cell: ResolvedCell;
  readonly network: RegionNetworkOutputs;
  /** The region's managed directory, which the nodes join. */
  readonly directory: SqlServerDirectory;
  /** The region's private CA of the SQL Server certificates. */
  readonly certificateAuthority: SqlServerCertificateAuthority;
  readonly keys: Pick<RegionKeyRing, 'data' | 'sessions' | 'logs'>;
  readonly accessLogsBucket: s3.IBucket;
  /** The region's alert topic (encrypted with the logs key): failed drills report here. */
  readonly alertTopic: sns.ITopic;
  /** The region's vault and the role AWS Backup uses: the cell's plan backs up its nodes there. */
  readonly backup: RegionBackupOutputs;
}

/** A cell's stateful layer: its SQL Server (cluster and witness, or one node), native-backup bucket and releases. */
export class DataStack extends HaloStack implements CellDataOutputs {
  public readonly sqlServer: CellSqlServer;
  /** The cell's native SQL Server backups (full and log). */
  public readonly nativeBackupBucket: s3.IBucket;
  public readonly releasesBucket: s3.IBucket;
  /** How the application connects: the listener (or node), read-write and read-only intents; rotated by the SQL Server construct. */
  public readonly connectionSecret: secretsmanager.ISecret;
  /** The cell's AWS Backup plan (daily and monthly VSS images of its SQL nodes), with the cell so region stacks do not grow with cells. */
  public readonly backupPlan: CellBackupPlan;
  public readonly sqlCertificateAuthorityArn: string;
  public readonly fleetRole: iam.IRole;
  public readonly databaseClients: ec2.IConnectable;

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
    this.sqlCertificateAuthorityArn = props.certificateAuthority.certificateAuthorityArn;
    const logBackup = backupPolicy.logBackup;
    // Native backups cover the point-in-time window (production) or the daily promise (UAT); AWS Backup keeps the daily and monthly images.
    const nativeRetention = logBackup ? pointInTimeRetentionDays(logBackup.retentionDays) : backupPolicy.daily.retentionDays;
    const nativeBackups = new SqlBackupBucket(this, 'NativeBackups', {
      // A new name for each creation of the stack: a failed first deployment leaves its retained bucket behind, and a retry must not collide with it.
      bucketName: `${cell.names.sqlBackupBucketPrefix}${stackInstanceId()}`,
      encryptionKey: props.keys.data,
      accessLogsBucket: props.accessLogsBucket,
      logRetentionDays: logBackup ? nativeRetention : undefined,
      fullRetentionDays: nativeRetention,
    });
    const storage = cell.sizing.sqlStorage;
    const connection = new ConnectionSecret(this, 'Connection', {
      host: CellSqlServer.endpointOf(cell.id, cell.sql, props.directory.domainName),
      username: APPLICATION_LOGINS[0],
      encryptionKey: props.keys.data,
    });
    // 'SqlCluster': the id the retained volumes and file system were created under.
    this.sqlServer = new CellSqlServer(this, 'SqlCluster', {
      cellId: cell.id,
      connection,
      sql: cell.sql,
      vpc: props.network.vpc,
      vpcCidr: props.network.cidr,
      dataSubnets: props.network.dataSubnets,
      subnetMask: props.network.dataSubnetMask,
      functionSubnets: { subnetGroupName: SUBNET_GROUPS.app },
      directory: props.directory,
      certificateAuthority: props.certificateAuthority,
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
      backupBucket: nativeBackups.bucket,
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
      vaultName: props.backup.backupVault.backupVaultName,
      role: props.backup.role,
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
    const releases = new ReleaseBucket(this, 'Releases', { encryptionKey: props.keys.data, accessLogsBucket: props.accessLogsBucket });
    const fleetAccess = new FleetAccess(this, 'FleetAccess', {
      artifactsBucket: releases.bucket,
      connectionSecret: connection.secret,
      dataKey: props.keys.data,
      sessionKey: props.keys.sessions,
      certificateAuthorityArn: props.certificateAuthority.certificateAuthorityArn,
    });
    this.nativeBackupBucket = nativeBackups.bucket;
    this.releasesBucket = releases.bucket;
    this.connectionSecret = connection.secret;
    this.fleetRole = fleetAccess.role;
    this.databaseClients = this.sqlServer.applicationClients;
    // Weak: neither the role nor the bucket is named, so CloudFormation never replaces them in place.
    this.referenceWeakly(this.fleetRole, this.releasesBucket);
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
    new CfnOutput(this, 'NativeBackupBucket', { value: this.nativeBackupBucket.bucketName });
    new CfnOutput(this, 'ReleasesBucket', { description: 'Upload releases/<component>/<version>/package.zip here', value: this.releasesBucket.bucketName });
  }

  /** The directory's admin credential stays out of reach of every instance role of the cell. */
  private proveNoInstanceReadsDirectoryAdmin(directory: SqlServerDirectory): void {
    for (const [name, role] of [
      ['SqlNode', this.sqlServer.role],
      ['Fleet', this.fleetRole],
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
