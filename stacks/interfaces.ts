import type * as backup from 'aws-cdk-lib/aws-backup';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';

/*
 * What one stack of a region hands another: interfaces, never the stack. A stack's props name the part it uses
 * (`Pick<RegionKeyRing, 'data' | 'logs'>`), and region-stage.ts wires the producers' constructs in.
 */

/** The region's keys (Security stack), by what they encrypt. */
export interface RegionKeyRing {
  /** Volumes, databases, secrets, releases and native backups. */
  readonly data: kms.IKey;
  /** The backup vault's recovery points. */
  readonly backup: kms.IKey;
  /** Log groups, the audit trail, the alert topic and canary artifacts. */
  readonly logs: kms.IKey;
  /** Session Manager sessions. */
  readonly sessions: kms.IKey;
}

/** The region's network (Network stack), as the stacks in its subnets use it. */
export interface RegionNetworkOutputs {
  readonly vpc: ec2.IVpc;
  /** The VPC's CIDR (literal): rules to in-VPC services name it. */
  readonly cidr: string;
  /** Isolated data subnets, one per AZ, in the region's AZ order. */
  readonly dataSubnets: readonly ec2.ISubnet[];
  /** Netmask of the data subnets, e.g. `255.255.255.0`. */
  readonly dataSubnetMask: string;
}

/** The region's vault (Backup stack) and the role AWS Backup uses: each cell's plan backs its nodes up there. */
export interface RegionBackupOutputs {
  readonly backupVault: backup.IBackupVault;
  readonly role: iam.IRole;
}

/** What a cell's Data stack gives its App stack. */
export interface CellDataOutputs {
  /** The cell's releases, which the fleets install from. */
  readonly releasesBucket: s3.IBucket;
  /** The application fleets' instance role: it reads the releases and the connection secret. */
  readonly fleetRole: iam.IRole;
  /** Client access to the cell's SQL Server: the fleets carry it to reach the endpoint on 1433. */
  readonly databaseClients: ec2.IConnectable;
  /** The region's private CA of the SQL Server certificates, which the fleets trust. */
  readonly sqlCertificateAuthorityArn: string;
}
