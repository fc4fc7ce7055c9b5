import { Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { AppConfig, CellSizing } from '../config';
import { AppFleet, type AppFleetProps, instancesFor } from './app-fleet';
import { HaloWebAcl } from './halo-web-acl';
import { SecureLoadBalancer } from './secure-load-balancer';
import type { MonitoredApplication } from '../monitoring/monitored';
import { LOAD_BALANCER_LOGS_ROOT } from '../security/access-logs-bucket';

/** Requests a minute one web instance serves at its 150 agents (about one every three seconds each). */
export const REQUESTS_PER_INSTANCE_PER_MINUTE = 3_000;

/** Properties of {@link CellApplication}. */
export interface CellApplicationProps {
  readonly cellId: string;
  /** Unique name in the account and region for the web ACL and its log group, e.g. `london-prod-stable`. */
  readonly name: string;
  readonly app: AppConfig;
  readonly sizing: CellSizing;
  readonly vpc: ec2.IVpc;
  readonly vpcCidr: string;
  readonly publicSubnets: ec2.SubnetSelection;
  readonly appSubnets: ec2.SubnetSelection;
  /** SSE-S3 bucket in the region for load-balancer access logs. */
  readonly accessLogsBucket: s3.IBucket;
  /** The cell's releases. */
  readonly artifactsBucket: s3.IBucket;
  /** Instance role of every fleet of the cell (SSM, CloudWatch agent, releases, connection secret). */
  readonly fleetRole: iam.IRole;
  /** The database's client access for the application: the fleets carry it to reach the SQL listener on 1433. */
  readonly databaseClients: ec2.IConnectable;
  /** The private CA of the SQL Server nodes' certificates: the fleets trust it. */
  readonly sqlCertificateAuthorityArn: string;
  readonly dataKey: kms.IKey;
  readonly logsKey: kms.IKey;
}

/**
 * A cell's application layer: the web tier as blue and green fleets behind one internet-facing load
 * balancer that forwards by weight, the chat service behind its own internet-facing load balancer
 * (websocket idle timeout), the automations service behind an internal one, and a web ACL on both
 * internet-facing load balancers.
 */
export class CellApplication extends Construct implements MonitoredApplication {
  public readonly web: SecureLoadBalancer;
  public readonly chat: SecureLoadBalancer;
  public readonly automations: SecureLoadBalancer;
  public readonly fleets: { readonly blue: AppFleet; readonly green: AppFleet; readonly chat: AppFleet; readonly automations: AppFleet };
  public readonly webAcl: HaloWebAcl;

  constructor(scope: Construct, id: string, props: CellApplicationProps) {
    super(scope, id);
    const { app, sizing } = props;
    if (app.blue.weight + app.green.weight !== 100) {
      throw new Error(`CellApplication ${this.node.path}: blue and green weights must sum to 100, got ${app.blue.weight} + ${app.green.weight}`);
    }
    const loadBalancer = (lbId: string, internetFacing: boolean, idleTimeout?: Duration) =>
      new SecureLoadBalancer(this, lbId, {
        vpc: props.vpc,
        internetFacing,
        subnets: internetFacing ? props.publicSubnets : props.appSubnets,
        internalClientsCidr: props.vpcCidr,
        certificateArn: app.certificateArn,
        sslPolicy: app.sslPolicy,
        accessLogs: { bucket: props.accessLogsBucket, prefix: `${LOAD_BALANCER_LOGS_ROOT}/${props.cellId}/${lbId.toLowerCase()}` },
        idleTimeout,
        deletionProtection: app.loadBalancerDeletionProtection ?? true,
      });
    const fleet = (
      fleetId: string,
      component: string,
      lb: SecureLoadBalancer,
      instanceType: string,
      minCapacity: number,
      maxCapacity: number,
      version?: string,
      capacity: Pick<AppFleetProps, 'desiredCapacity' | 'rollingUpdate'> = {},
    ) =>
      new AppFleet(this, fleetId, {
        ...capacity,
        vpc: props.vpc,
        vpcCidr: props.vpcCidr,
        subnets: props.appSubnets,
        component,
        version,
        artifacts: { bucketName: props.artifactsBucket.bucketName, prefix: 'releases/' },
        instanceType,
        minCapacity,
        maxCapacity,
        role: props.fleetRole,
        volumeKey: props.dataKey,
        loadBalancer: lb,
        clientOf: [props.databaseClients],
        trustedCertificateAuthorityArn: props.sqlCertificateAuthorityArn,
      });

    this.web = loadBalancer('Web', true);
    // Room to scale above the floor, so the request-count policy can act (a group with min = max never scales).
    const webMax = Math.max(2 * instancesFor(sizing.concurrentAgents), 2 * Math.max(app.blue.minCapacity, app.green.minCapacity, 1), 3);
    // An idle colour (no traffic) runs exactly its minimum: none once retired, fresh instances of the new release when staged.
    const idle = (colour: typeof app.blue) => (colour.weight === 0 ? { desiredCapacity: colour.minCapacity } : {});
    const blue = fleet('Blue', 'web', this.web, sizing.instanceTypes.app, app.blue.minCapacity, webMax, app.blue.version, idle(app.blue));
    const green = fleet('Green', 'web', this.web, sizing.instanceTypes.app, app.green.minCapacity, webMax, app.green.version, idle(app.green));
    this.web.serve(
      elbv2.ListenerAction.weightedForward([
        { targetGroup: blue.targetGroup, weight: app.blue.weight },
        { targetGroup: green.targetGroup, weight: app.green.weight },
      ]),
    );
    for (const colour of [blue, green]) {
      colour.autoScalingGroup.scaleOnRequestCount('RequestsPerInstance', { targetRequestsPerMinute: REQUESTS_PER_INSTANCE_PER_MINUTE });
    }

    this.chat = loadBalancer('Chat', true, Duration.hours(1));
    // The microservices follow the release that takes most of the web traffic.
    const liveVersion = app.blue.weight >= app.green.weight ? app.blue.version : app.green.version;
    const chat = fleet('ChatFleet', 'chat', this.chat, sizing.instanceTypes.chat, 3, 9, liveVersion, { rollingUpdate: true });
    this.chat.serve(elbv2.ListenerAction.forward([chat.targetGroup]));
    this.automations = loadBalancer('Automations', false);
    const automations = fleet('AutomationsFleet', 'automations', this.automations, sizing.instanceTypes.automations, 3, 9, liveVersion, {
      rollingUpdate: true,
    });
    this.automations.serve(elbv2.ListenerAction.forward([automations.targetGroup]));
    for (const service of [chat, automations]) {
      service.autoScalingGroup.scaleOnCpuUtilization('Cpu', { targetUtilizationPercent: 60 });
    }
    this.fleets = { blue, green, chat, automations };

    this.webAcl = new HaloWebAcl(this, 'WebAcl', {
      name: `halo-${props.name}`,
      resourceArns: [this.web.loadBalancerArn, this.chat.loadBalancerArn],
      logsKey: props.logsKey,
      logRetention: logs.RetentionDays.ONE_YEAR,
    });
  }
}
