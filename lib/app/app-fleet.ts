import { Annotations, Duration, Stack } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { acknowledge, acknowledgeAll } from '../compliance/acknowledge';
import { guardRule } from '../compliance/standard-acknowledgements';
import type { MonitoredFleet } from '../monitoring/monitored';
import { proveAllowed } from '../proofs';

/** The port the application listens on (HTTPS, so traffic stays encrypted to the instance). */
export const APP_PORT = 8443;

/** Windows Server 2022 base, resolved by EC2 when it launches an instance. */
export const APP_AMI_PARAMETER = '/aws/service/ami-windows-latest/Windows_Server-2022-English-Full-Base';

/** Properties of {@link AppFleet}. */
export interface AppFleetProps {
  readonly vpc: ec2.IVpc;
  /** The VPC's CIDR (literal): name resolution goes to the directory's DNS servers inside it. */
  readonly vpcCidr: string;
  /** Private app subnets across the region's AZs. */
  readonly subnets: ec2.SubnetSelection;
  /** The component this fleet runs: `web`, `automations` or `chat`. */
  readonly component: string;
  /** Release to install; omit for an idle colour that has none yet. */
  readonly version?: string;
  /** Bucket and key prefix of the releases. */
  readonly artifacts: { readonly bucketName: string; readonly prefix: string };
  readonly instanceType: string;
  readonly minCapacity: number;
  readonly maxCapacity: number;
  /**
   * Instances to run now, set on every deployment: an idle colour's, so that retiring it (0) terminates its instances
   * and staging it launches fresh ones on the new release (lowering MinSize alone leaves the old instances running).
   * @default not set: the group's scaling decides, between its minimum and maximum
   */
  readonly desiredCapacity?: number;
  /**
   * Replace the instances, one at a time keeping the minimum in service, when the launch template changes (a service
   * without a second colour takes a new release this way).
   * @default false: a launch template change applies to instances launched later only
   */
  readonly rollingUpdate?: boolean;
  readonly role: iam.IRole;
  /** Key that encrypts the root volume (the region's data key). */
  readonly volumeKey: kms.IKey;
  /** The fleet's load balancer: the only source of traffic on the app port. */
  readonly loadBalancer: ec2.IConnectable;
  /**
   * Client access the instances carry besides their own group, e.g. the database's application clients (1433). They
   * join its groups in the launch template, so the groups' rules stay in their own stack.
   */
  readonly clientOf?: readonly ec2.IConnectable[];
  /** The private CA whose certificate the instances trust (the SQL Server nodes' certificates chain to it). */
  readonly trustedCertificateAuthorityArn: string;
}

/**
 * One Auto Scaling group of Windows instances behind its own target group: IMDSv2, no key pair, no
 * public IP, encrypted root volume, app port open only to its load balancer, ELB health checks.
 */
export class AppFleet extends Construct implements ec2.IConnectable, iam.IGrantable, MonitoredFleet {
  public readonly autoScalingGroup: autoscaling.AutoScalingGroup;
  public readonly targetGroup: elbv2.ApplicationTargetGroup;
  public readonly securityGroup: ec2.SecurityGroup;
  /** The instances' own group, the app port by default. */
  public readonly connections: ec2.Connections;

  constructor(scope: Construct, id: string, props: AppFleetProps) {
    super(scope, id);
    if (props.desiredCapacity !== undefined && (props.desiredCapacity < props.minCapacity || props.desiredCapacity > props.maxCapacity)) {
      throw new Error(
        `AppFleet ${this.node.path}: desiredCapacity (${props.desiredCapacity}) must lie between minCapacity (${props.minCapacity}) and maxCapacity (${props.maxCapacity})`,
      );
    }
    if (props.rollingUpdate && props.minCapacity >= props.maxCapacity) {
      throw new Error(
        `AppFleet ${this.node.path}: a rolling update needs room above minCapacity (${props.minCapacity}) below maxCapacity (${props.maxCapacity})`,
      );
    }
    if (props.minCapacity < 0 || props.maxCapacity < Math.max(1, props.minCapacity)) {
      throw new Error(`AppFleet ${this.node.path}: need 0 <= minCapacity (${props.minCapacity}) <= maxCapacity (${props.maxCapacity}) and maxCapacity >= 1`);
    }
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', { vpc: props.vpc, description: `${props.component} fleet`, allowAllOutbound: false });
    this.connections = new ec2.Connections({ securityGroups: [this.securityGroup], defaultPort: ec2.Port.tcp(APP_PORT) });
    props.loadBalancer.connections.securityGroups.forEach((lb) =>
      this.securityGroup.addIngressRule(lb, ec2.Port.tcp(APP_PORT), 'App port from its load balancer'),
    );
    // Releases, SSM, CloudWatch and other AWS APIs over HTTPS (NAT gateway or VPC endpoints).
    this.securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'AWS APIs and releases over HTTPS');
    // The VPC's DHCP options point at the directory's DNS servers, in the data subnets.
    this.securityGroup.addEgressRule(ec2.Peer.ipv4(props.vpcCidr), ec2.Port.udp(53), 'DNS to the directory');
    this.securityGroup.addEgressRule(ec2.Peer.ipv4(props.vpcCidr), ec2.Port.tcp(53), 'DNS to the directory');
    props.loadBalancer.connections.allowTo(this, ec2.Port.tcp(APP_PORT), 'Load balancer to its fleet');

    const userData = ec2.UserData.forWindows();
    userData.addCommands(...installScript(props));
    const launchTemplate = new ec2.LaunchTemplate(this, 'LaunchTemplate', {
      machineImage: ec2.MachineImage.resolveSsmParameterAtLaunch(APP_AMI_PARAMETER, { os: ec2.OperatingSystemType.WINDOWS }),
      instanceType: new ec2.InstanceType(props.instanceType),
      role: props.role,
      userData,
      requireImdsv2: true,
      httpPutResponseHopLimit: 1,
      associatePublicIpAddress: false,
      securityGroup: this.securityGroup,
      detailedMonitoring: true,
      blockDevices: [
        {
          deviceName: '/dev/sda1',
          volume: ec2.BlockDeviceVolume.ebs(100, { encrypted: true, kmsKey: props.volumeKey, volumeType: ec2.EbsDeviceVolumeType.GP3 }),
        },
      ],
    });
    // Extra groups go in at the template level: joining them through `connections` would make load-balancer
    // rules land in the groups' own stack (the database's), a dependency cycle.
    const extra = (props.clientOf ?? []).flatMap((client) => client.connections.securityGroups.map((sg) => sg.securityGroupId));
    if (extra.length > 0) {
      // With an explicit network interface (no public IP), groups belong on the interface, not the instance.
      (launchTemplate.node.defaultChild as ec2.CfnLaunchTemplate).addPropertyOverride('LaunchTemplateData.NetworkInterfaces.0.Groups', [
        this.securityGroup.securityGroupId,
        ...extra,
      ]);
    }

    this.autoScalingGroup = new autoscaling.AutoScalingGroup(this, 'Group', {
      vpc: props.vpc,
      vpcSubnets: props.subnets,
      launchTemplate,
      minCapacity: props.minCapacity,
      maxCapacity: props.maxCapacity,
      desiredCapacity: props.desiredCapacity,
      // Without signals from the instances, each replacement waits its pause before the next one goes.
      updatePolicy: props.rollingUpdate
        ? autoscaling.UpdatePolicy.rollingUpdate({ maxBatchSize: 1, minInstancesInService: props.minCapacity, pauseTime: Duration.minutes(10) })
        : undefined,
      healthChecks: autoscaling.HealthChecks.withAdditionalChecks({
        additionalTypes: [autoscaling.AdditionalHealthCheckType.ELB],
        gracePeriod: Duration.minutes(15),
      }),
      // In-service counts let alarms stay quiet for a colour that is idle at zero.
      groupMetrics: [new autoscaling.GroupMetrics(autoscaling.GroupMetric.IN_SERVICE_INSTANCES, autoscaling.GroupMetric.DESIRED_CAPACITY)],
    });
    if (props.desiredCapacity !== undefined) {
      // Resetting the size on every deployment is the point: only an idle colour, which takes no traffic, sets it.
      Annotations.of(this.autoScalingGroup).acknowledgeWarning(
        '@aws-cdk/aws-autoscaling:desiredCapacitySet',
        'An idle colour runs exactly its minimum: each deployment sets it (0 once retired, the staged count while staging).',
      );
    }
    this.targetGroup = new elbv2.ApplicationTargetGroup(this, 'Targets', {
      vpc: props.vpc,
      port: APP_PORT,
      protocol: elbv2.ApplicationProtocol.HTTPS,
      targets: [this.autoScalingGroup],
      deregistrationDelay: Duration.seconds(60),
      healthCheck: { path: '/health', protocol: elbv2.Protocol.HTTPS, port: String(APP_PORT), interval: Duration.seconds(30), healthyThresholdCount: 2 },
    });
    proveAutoScalingCanUseVolumeKey(this, props.volumeKey);
    acknowledge(this.autoScalingGroup, guardRule('autoscaling_multiple_az_check'), {
      reason:
        "The group spans AZs through its subnets (VPCZoneIdentifier: one app subnet in each of the region's three AZs); the Control Tower rule reads only the AvailabilityZones property.",
      compensatingControl:
        "Configuration validation requires three distinct AZs, the VPC has an app subnet in each, and the app stack tests check every group's subnets.",
    });
    acknowledge(this.autoScalingGroup, guardRule('autoscaling_mixed_instances_policy_multiple_instance_types_check'), {
      reason:
        'Each fleet runs the one instance type its cell is sized and load-tested with (the standard instance baseline); mixing types would change per-instance capacity.',
      compensatingControl:
        'Instances spread over three AZs, so losing capacity of one type in one AZ leaves two; alarms on in-service capacity page the on-call engineer.',
    });
    acknowledgeAll(this.autoScalingGroup, ['AwsSolutions-AS3'], {
      reason:
        'Scaling activity is an operational signal, not an alert; EventBridge and the Auto Scaling activity history already record every launch and termination.',
      compensatingControl:
        'Unhealthy hosts and failed launches raise CloudWatch alarms on the target group and the capacity of the group (monitoring layer); CloudTrail records every API call.',
    });
  }

  /** The instances' role, as AutoScalingGroup offers it: grant the fleet access with `resource.grant*(fleet)`. */
  public get grantPrincipal(): iam.IPrincipal {
    return this.autoScalingGroup.grantPrincipal;
  }

  /** The fleet's traffic as its target group measures it: requests, response time, 5xx answers, unhealthy hosts. */
  public get metrics(): elbv2.IApplicationTargetGroupMetrics {
    return this.targetGroup.metrics;
  }

  /** Instances in service (the group publishes its group metrics), by default the 5-minute maximum: zero for an idle colour. */
  public metricInServiceInstances(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/AutoScaling',
      metricName: 'GroupInServiceInstances',
      dimensionsMap: { AutoScalingGroupName: this.autoScalingGroup.autoScalingGroupName },
      statistic: 'Maximum',
      period: Duration.minutes(5),
      ...props,
    });
  }
}

/** User data: fetch the release from the cell's artifacts bucket and run its installer (IIS site on the app port). */
function installScript(props: AppFleetProps): string[] {
  // The SQL Server certificates chain to the region's private CA: without it in the trusted roots, Encrypt=True connections fail.
  const trust = [
    '$ErrorActionPreference = "Stop"',
    "New-Item -ItemType Directory -Force -Path 'C:\\Halo' | Out-Null",
    `$ca = Get-PCACertificateAuthorityCertificate -CertificateAuthorityArn '${props.trustedCertificateAuthorityArn}' -Region '${Stack.of(props.vpc).region}'`,
    "Set-Content -Path 'C:\\Halo\\sql-ca.cer' -Value $ca.Certificate -Encoding ASCII",
    "Import-Certificate -FilePath 'C:\\Halo\\sql-ca.cer' -CertStoreLocation Cert:\\LocalMachine\\Root | Out-Null",
  ];
  if (!props.version) return [...trust, 'Write-Output "No release assigned to this colour: idle until one is configured."'];
  const key = `${props.artifacts.prefix}${props.component}/${props.version}/package.zip`;
  return [
    ...trust,
    `Read-S3Object -BucketName '${props.artifacts.bucketName}' -Key '${key}' -File 'C:\\Halo\\package.zip'`,
    "Expand-Archive -Path 'C:\\Halo\\package.zip' -DestinationPath 'C:\\Halo\\release' -Force",
    `& 'C:\\Halo\\release\\install.ps1' -Component '${props.component}' -Version '${props.version}' -Port ${APP_PORT}`,
  ];
}

/** Instances a fleet needs for a number of concurrent agents (one app instance serves 150). */
export function instancesFor(concurrentAgents: number): number {
  return Math.ceil(concurrentAgents / 150);
}

/**
 * What EC2 calls with the Auto Scaling service-linked role when the group launches an instance whose volumes the key
 * encrypts (AWS: "Required AWS KMS key policy for use with encrypted volumes"): without these, no instance launches.
 */
export function proveAutoScalingCanUseVolumeKey(scope: Construct, key: kms.IKey): void {
  const { account, region } = Stack.of(scope);
  const actor = { serviceLinkedRole: 'autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling', account };
  // EBS calls KMS through EC2 with the volume's id as encryption context.
  const viaEc2 = {
    'kms:ViaService': `ec2.${region}.amazonaws.com`,
    'kms:EncryptionContextKeys': 'aws:ebs:id',
    'kms:EncryptionContext:aws:ebs:id': 'vol-0123456789abcdef0',
  };
  const why = 'Auto Scaling launches every fleet instance with an encrypted root volume; a refused call fails the launch and the group never stabilizes.';
  proveAllowed(scope, {
    id: 'AutoScalingCreatesVolumeGrant',
    actor,
    action: 'kms:CreateGrant',
    resource: key.keyArn,
    context: { ...viaEc2, 'kms:GrantIsForAWSResource': 'true' },
    why,
  });
  proveAllowed(scope, {
    id: 'AutoScalingGeneratesVolumeKey',
    actor,
    action: 'kms:GenerateDataKeyWithoutPlaintext',
    resource: key.keyArn,
    context: viaEc2,
    why,
  });
  proveAllowed(scope, { id: 'AutoScalingDecryptsVolumeKey', actor, action: 'kms:Decrypt', resource: key.keyArn, context: viaEc2, why });
  proveAllowed(scope, { id: 'AutoScalingReEncryptsVolumeKey', actor, action: 'kms:ReEncryptFrom', resource: key.keyArn, context: viaEc2, why });
  proveAllowed(scope, {
    id: 'AutoScalingDescribesVolumeKey',
    actor,
    action: 'kms:DescribeKey',
    resource: key.keyArn,
    context: { 'kms:ViaService': viaEc2['kms:ViaService'] },
    why,
  });
}
