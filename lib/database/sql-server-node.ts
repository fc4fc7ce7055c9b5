import { Fn, RemovalPolicy, Tags } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { SQL_NODE_TAG } from '../config/names';
import { acknowledge, acknowledgeAll } from '../compliance/acknowledge';
import { guardRule } from '../compliance/standard-acknowledgements';
import type { MonitoredSqlNode } from '../monitoring/monitored';
import { sqlNodeMetric } from '../monitoring/sql-node-monitoring';

// Families whose instances encrypt traffic between each other in hardware (EC2 docs, as cfn-guard's CT.EC2.PR.19 lists them).
const NITRO_ENCRYPTS_IN_TRANSIT =
  /^(?:c5(?:a|ad|n)|c6(?:a|gn|i|id|in)|[cmr][7-9][a-z]*|d3(?:en)?|g4(?:ad|dn)|g5|hpc[a-z0-9]*|i3en|i4i|im4gn|inf1|is4gen|m5(?:dn|n|zn)|m6(?:a|i|id|idn|in)|p3dn|p4d|r5(?:dn|n)|r6(?:a|i|id|idn|in)|trn1|x2(?:idn|iedn|iezn))\./;

/** EBS volume of a SQL Server node: size in GiB, gp3 IOPS and throughput (MiB/s). */
export interface SqlVolumeSpec {
  readonly sizeGiB: number;
  /** @default 3000 */
  readonly iops?: number;
  /** @default 125 */
  readonly throughput?: number;
}

/** The volumes a node keeps apart, so data, log, tempdb and backup I/O do not contend. */
export const SQL_VOLUMES = { data: 'xvdf', log: 'xvdg', tempdb: 'xvdh', backup: 'xvdi' } as const;

/** Drive letters the node preparation gives each volume; the SQL Server configuration uses them. */
export const SQL_DRIVES: Readonly<Record<keyof typeof SQL_VOLUMES, string>> = { data: 'D', log: 'L', tempdb: 'T', backup: 'B' };

/** Properties of {@link SqlServerNode}. */
export interface SqlServerNodeProps {
  /** Windows host name, at most 15 characters (NetBIOS). */
  readonly hostName: string;
  /** The isolated data subnet of the node's AZ. */
  readonly subnet: ec2.ISubnet;
  /** The cluster's security group. */
  readonly securityGroup: ec2.ISecurityGroup;
  readonly instanceType: string;
  /** Launch template that carries the AMI (resolved at launch) and the instance metadata options (IMDSv2). */
  readonly launchTemplate: ec2.CfnLaunchTemplate;
  readonly instanceProfile: iam.CfnInstanceProfile;
  /**
   * Two secondary addresses on the node's interface, for the cluster and the AG listener of its subnet.
   * @default false (a standalone node)
   */
  readonly clusterAddresses?: boolean;
  /** Key that encrypts every volume (the region's data key). */
  readonly volumeKey: kms.IKey;
  readonly volumes: Readonly<Record<keyof typeof SQL_VOLUMES, SqlVolumeSpec>>;
  /** Root volume size in GiB. @default 150 */
  readonly rootVolumeGiB?: number;
}

/**
 * One SQL Server node: an ENI with the node's address (plus, in a cluster, the cluster IP and the availability-group
 * listener IP of its subnet), an instance without a public IP, and retained, encrypted gp3 data, log, tempdb and
 * backup volumes. The instance has no API termination protection, so a failed first deployment rolls back (its
 * computer objects stay in the directory, and the retry's domain join needs them deleted first): the databases live on
 * the retained volumes, and the Data stack's termination protection guards the stack.
 */
export class SqlServerNode extends Construct implements MonitoredSqlNode {
  public readonly instance: ec2.CfnInstance;
  /** The EC2 instance id. */
  public readonly instanceId: string;
  public readonly networkInterface: ec2.CfnNetworkInterface;
  public readonly hostName: string;
  public readonly availabilityZone: string;
  /** The node's own private address. */
  public readonly nodeAddress: string;
  /** Address the Windows failover cluster takes when this node's subnet is active (clustered nodes only). */
  public readonly clusterAddress?: string;
  /** Address the AG listener takes when this node's subnet is active (clustered nodes only). */
  public readonly listenerAddress?: string;
  public readonly volumes: Record<keyof typeof SQL_VOLUMES, ec2.CfnVolume>;
  /** The volumes' attachments: whatever formats the disks waits for them. */
  public readonly attachments: ec2.CfnVolumeAttachment[] = [];

  constructor(scope: Construct, id: string, props: SqlServerNodeProps) {
    super(scope, id);
    if (!/^[A-Za-z0-9-]{1,15}$/.test(props.hostName) || /^\d+$/.test(props.hostName)) {
      throw new Error(`SqlServerNode ${this.node.path}: host name "${props.hostName}" must be 1 to 15 letters, digits or dashes, not all digits`);
    }
    this.hostName = props.hostName;
    this.availabilityZone = props.subnet.availabilityZone;
    this.networkInterface = new ec2.CfnNetworkInterface(this, 'NetworkInterface', {
      subnetId: props.subnet.subnetId,
      groupSet: [props.securityGroup.securityGroupId],
      secondaryPrivateIpAddressCount: props.clusterAddresses ? 2 : undefined,
      description: props.clusterAddresses ? `${props.hostName}: node, cluster and listener addresses` : `${props.hostName}: node address`,
    });
    this.nodeAddress = this.networkInterface.attrPrimaryPrivateIpAddress;
    if (props.clusterAddresses) {
      this.clusterAddress = Fn.select(0, this.networkInterface.attrSecondaryPrivateIpAddresses);
      this.listenerAddress = Fn.select(1, this.networkInterface.attrSecondaryPrivateIpAddresses);
    }

    this.instance = new ec2.CfnInstance(this, 'Instance', {
      instanceType: props.instanceType,
      availabilityZone: props.subnet.availabilityZone,
      iamInstanceProfile: props.instanceProfile.ref,
      launchTemplate: { launchTemplateId: props.launchTemplate.ref, version: props.launchTemplate.attrLatestVersionNumber },
      networkInterfaces: [{ deviceIndex: '0', networkInterfaceId: this.networkInterface.ref }],
      ebsOptimized: true,
      monitoring: true,
      blockDeviceMappings: [
        {
          deviceName: '/dev/sda1',
          ebs: { volumeType: 'gp3', volumeSize: props.rootVolumeGiB ?? 150, encrypted: true, kmsKeyId: props.volumeKey.keyArn, deleteOnTermination: true },
        },
      ],
      tags: [{ key: 'Name', value: props.hostName }],
    });
    this.instanceId = this.instance.ref;
    acknowledge(this.instance, guardRule('ec2_instance_no_public_ip_check'), {
      reason:
        'The node attaches its own network interface, created in an isolated data subnet without public addresses; AssociatePublicIpAddress applies only to interfaces created with the instance.',
      compensatingControl:
        'The data subnets have no route to the internet gateway and map no public IPs; Halo-InstanceNoPublicIp and EC2InstanceNoPublicIp pass for every node.',
    });
    if (!NITRO_ENCRYPTS_IN_TRANSIT.test(props.instanceType)) {
      acknowledge(this.instance, guardRule('ec2_instance_nitro_encryption_in_transit_check'), {
        reason: `${props.instanceType} does not encrypt traffic between instances in hardware (Nitro encryption in transit); the cell's sizing chose it, as the opt-in regions do not offer the newer families.`,
        compensatingControl:
          "SQL Server encrypts the availability group endpoint (AES) and client connections (TLS); traffic stays inside the cell's security groups in the region VPC.",
      });
    }
    acknowledge(this.instance, 'AwsSolutions-EC29', {
      reason:
        'API termination protection turns the rollback of a failed first deployment into ROLLBACK_FAILED (CloudFormation cannot delete the node), so a failed cell could not be retried; the node holds no data of its own.',
      compensatingControl:
        'The databases live on retained volumes (RemovalPolicy RETAIN) backed up by AWS Backup and native backups; the Data stack has termination protection; the operator role holds no ec2:TerminateInstances.',
    });
    acknowledgeAll(
      this.instance,
      ['HIPAA.Security', 'PCI.DSS.321', 'NIST.800.53.R5'].map((pack) => `${pack}-EC2InstancesInVPC`),
      {
        reason:
          'The node enters the VPC through its own network interface (which carries the cluster and listener addresses), so the instance names no SubnetId, the property the rule reads.',
        compensatingControl:
          "The network interface is created in an isolated data subnet of the region VPC; Halo-InstanceNoPublicIp and the database tests check each node's subnet and AZ.",
      },
    );

    const volumes = {} as Record<keyof typeof SQL_VOLUMES, ec2.CfnVolume>;
    for (const [purpose, device] of Object.entries(SQL_VOLUMES) as [keyof typeof SQL_VOLUMES, string][]) {
      const spec = props.volumes[purpose];
      const volume = new ec2.CfnVolume(this, `${purpose[0].toUpperCase()}${purpose.slice(1)}Volume`, {
        availabilityZone: props.subnet.availabilityZone,
        volumeType: 'gp3',
        size: spec.sizeGiB,
        iops: spec.iops ?? 3000,
        throughput: spec.throughput ?? 125,
        encrypted: true,
        kmsKeyId: props.volumeKey.keyArn,
        tags: [{ key: 'Name', value: `${props.hostName}-${purpose}` }],
      });
      // The volume outlives the instance and the stack; replacing it would lose the database.
      volume.applyRemovalPolicy(RemovalPolicy.RETAIN);
      this.attachments.push(
        new ec2.CfnVolumeAttachment(this, `${purpose[0].toUpperCase()}${purpose.slice(1)}Attachment`, {
          instanceId: this.instance.ref,
          volumeId: volume.ref,
          device,
        }),
      );
      acknowledgeAll(volume, ['HIPAA.Security-EC2EBSInBackupPlan', 'NIST.800.53.R5-EC2EBSInBackupPlan'], {
        reason:
          "The rule looks for the volume listed by id in a backup selection of this stack; the cell's plan (Backup stack) selects the SQL nodes by tag, and an EC2 backup takes every attached volume.",
        compensatingControl:
          "Daily (and in production monthly) VSS backups of each node with its volumes, in the locked vault, restore-tested monthly; tests check the selection's tags match the nodes.",
      });
      volumes[purpose] = volume;
    }
    this.volumes = volumes;
    acknowledge(this, 'CloudFormation-Validate::W3010', {
      reason: 'A node and its volumes must be in one known AZ: the cluster puts node 1 in AZ 1, node 2 in AZ 2 and the witness in AZ 3 on purpose.',
      compensatingControl:
        'Configuration validation accepts exactly three distinct AZs the region offers; Halo-SqlNodesSpanTwoAzs and Halo-WitnessInNodeFreeAz check the placement.',
    });
    Tags.of(this).add(SQL_NODE_TAG, props.hostName);
  }

  /** A metric of the node, by default its 5-minute average: an agent counter of SQL_COUNTERS (CloudWatch agent), or else an `AWS/EC2` metric. */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return sqlNodeMetric(metricName, this.instanceId, props);
  }

  /** EC2's status checks of the node (instance and system), the 5-minute maximum: 1 while either fails. */
  public metricStatusCheckFailed(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('StatusCheckFailed', { statistic: 'Maximum', ...props });
  }
}
