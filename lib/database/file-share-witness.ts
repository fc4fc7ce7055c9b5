import { RemovalPolicy, Tags } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as fsx from 'aws-cdk-lib/aws-fsx';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { WITNESS_TAG } from '../config/names';

/** Properties of {@link FileShareWitness}. */
export interface FileShareWitnessProps {
  readonly vpc: ec2.IVpc;
  /** The VPC's CIDR, literal so rules and peers read it without cross-stack tokens. */
  readonly vpcCidr: string;
  /** A data subnet in the AZ that holds no SQL node of the cluster. */
  readonly subnet: ec2.ISubnet;
  /** The managed directory the file system joins. */
  readonly directoryId: string;
  /** Key that encrypts the file system (the region's data key). */
  readonly encryptionKey: kms.IKey;
  /** Security group of the cluster nodes: the only peers allowed SMB. */
  readonly clientSecurityGroup: ec2.ISecurityGroup;
  /** Folder of the default share that holds this cluster's witness. */
  readonly witnessFolder: string;
  /** Weekly maintenance start, `d:hh:mm` in UTC (1 = Monday). @default '7:03:00' */
  readonly weeklyMaintenanceStartTime?: string;
}

/**
 * The cluster's file-share witness: FSx for Windows File Server, single-AZ, in the third AZ, so
 * the cluster keeps quorum (node + witness) when either node's AZ is lost.
 */
export class FileShareWitness extends Construct {
  public readonly fileSystem: fsx.CfnFileSystem;
  public readonly securityGroup: ec2.SecurityGroup;
  /** UNC path of the witness folder, `\\<file system DNS name>\share\<folder>`. */
  public readonly sharePath: string;
  public readonly availabilityZone: string;

  constructor(scope: Construct, id: string, props: FileShareWitnessProps) {
    super(scope, id);
    if (!/^[A-Za-z0-9-]{1,64}$/.test(props.witnessFolder)) {
      throw new Error(`FileShareWitness ${this.node.path}: witnessFolder "${props.witnessFolder}" must be letters, digits and dashes`);
    }
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'File-share witness: SMB from the cluster nodes only',
      allowAllOutbound: false,
    });
    this.securityGroup.addIngressRule(props.clientSecurityGroup, ec2.Port.tcp(445), 'SMB from the SQL Server nodes');
    // FSx talks to the domain controllers (DNS, Kerberos, LDAP, SMB, RPC) inside the VPC only.
    this.securityGroup.addEgressRule(ec2.Peer.ipv4(props.vpcCidr), ec2.Port.allTcp(), 'Directory services in the VPC');
    this.securityGroup.addEgressRule(ec2.Peer.ipv4(props.vpcCidr), ec2.Port.allUdp(), 'DNS, Kerberos and NTP in the VPC');

    this.fileSystem = new fsx.CfnFileSystem(this, 'FileSystem', {
      fileSystemType: 'WINDOWS',
      storageType: 'SSD',
      storageCapacity: 32,
      subnetIds: [props.subnet.subnetId],
      securityGroupIds: [this.securityGroup.securityGroupId],
      kmsKeyId: props.encryptionKey.keyId,
      windowsConfiguration: {
        activeDirectoryId: props.directoryId,
        deploymentType: 'SINGLE_AZ_2',
        throughputCapacity: 32,
        automaticBackupRetentionDays: 7,
        copyTagsToBackups: true,
        weeklyMaintenanceStartTime: props.weeklyMaintenanceStartTime ?? '7:03:00',
      },
    });
    this.fileSystem.applyRemovalPolicy(RemovalPolicy.RETAIN);
    this.availabilityZone = props.subnet.availabilityZone;
    this.sharePath = `\\\\${this.fileSystem.attrDnsName}\\share\\${props.witnessFolder}`;
    Tags.of(this).add(WITNESS_TAG, props.witnessFolder);
  }
}
