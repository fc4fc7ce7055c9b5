import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Duration, Fn } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { RegionConfig, ResolvedCell } from '../lib/config';
import { CellDashboard } from '../lib/monitoring/cell-dashboard';
import { CellHealthCanary } from '../lib/monitoring/cell-health-canary';
import { CellSqlAlarms } from '../lib/monitoring/cell-sql-alarms';
import { FleetAlarms } from '../lib/monitoring/fleet-alarms';
import { SqlAgentAssociations, SqlNodeAlarms } from '../lib/monitoring/sql-node-monitoring';
import type { MonitoredApplication, MonitoredLoadBalancer, MonitoredSqlServer } from '../lib/monitoring/monitored';
import { HaloStack } from './halo-stack';
import type { RegionKeyRing } from './interfaces';

/** 5xx answers (from the targets or the load balancer itself) above 5% of the web load balancer's requests, two periods running. */
function webTierErrorAlarm(scope: Construct, id: string, loadBalancer: MonitoredLoadBalancer, name: string, topic: sns.ITopic): cloudwatch.Alarm {
  const alarm = new cloudwatch.Alarm(scope, id, {
    alarmDescription: `${name}: 5xx answers above 5% of requests, whichever colours take the traffic`,
    metric: loadBalancer.metricServerErrorPercent({ label: 'web tier 5xx %', period: Duration.minutes(5) }),
    threshold: 5,
    evaluationPeriods: 2,
    datapointsToAlarm: 2,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  alarm.addAlarmAction(new actions.SnsAction(topic));
  return alarm;
}

/** Properties of {@link CellMonitoringStack}. */
export interface CellMonitoringStackProps {
  readonly region: RegionConfig;
  /** The cell, with its backup policy (the backup alarms hold its RPO). */
  readonly cell: ResolvedCell;
  /** The region's alert topic: every alarm notifies it. */
  readonly alertTopic: sns.ITopic;
  /** The region's logs key, which encrypts the canary's artifacts. */
  readonly keys: Pick<RegionKeyRing, 'logs'>;
  /** The cell's SQL Server (its Data stack): nodes, their metrics and those it publishes by cell. */
  readonly sqlServer: MonitoredSqlServer;
  /** The cell's application (its App stack): the web load balancer and every fleet. */
  readonly application: MonitoredApplication;
  /** The export names of the region's canary artifacts bucket (its Monitoring stack). */
  readonly canaryArtifacts: { readonly arn: string; readonly name: string };
  /** The region's CloudWatch agent configuration for SQL nodes (its Monitoring stack). */
  readonly agentParameterName: string;
}

/**
 * A cell's monitoring, with the cell so that the region's stacks do not grow with its cells: 5-minute alarms on its SQL
 * nodes and fleets, its backup, certificate and replica alarms, the CloudWatch agent on its nodes, a health canary, an
 * "unavailable" composite alarm, and its dashboard. Holds no state: replaced freely on upgrade.
 */
export class CellMonitoringStack extends HaloStack {
  public readonly unavailable: cloudwatch.CompositeAlarm;

  constructor(scope: Construct, id: string, props: CellMonitoringStackProps) {
    const { region, cell } = props;
    super(scope, id, {
      region,
      layer: cell.names.layers.monitoring,
      terminationProtection: false,
      description: `Halo ${region.name} ${cell.id}: alarms, health canary, SQL Server metrics, dashboard`,
    });
    const topic = props.alertTopic;
    const { sqlServer, application } = props;
    const nodes = sqlServer.nodes;
    const policy = cell.backup.policy;
    new SqlAgentAssociations(this, 'SqlAgent', { parameterName: props.agentParameterName, instanceIds: nodes.map((n) => n.instanceId) });
    const nodeAlarms = nodes.map((node) => new SqlNodeAlarms(this, `${cell.id}-${node.hostName}`, { node, clustered: sqlServer.clustered, alertTopic: topic }));
    new CellSqlAlarms(this, `${cell.id}-Sql`, {
      cellId: cell.id,
      sqlServer,
      logBackups: policy.logBackup !== undefined,
      rpoHours: policy.rpoHours,
      fullBackupGraceHours: 2,
      alertTopic: topic,
    });
    const fleets = application.fleets;
    Object.entries(fleets).forEach(([name, fleet]) => new FleetAlarms(this, `${cell.id}-${name}`, { name: `${cell.id} ${name}`, fleet, alertTopic: topic }));
    const artifacts = s3.Bucket.fromBucketAttributes(this, 'CanaryArtifacts', {
      bucketArn: Fn.importValue(props.canaryArtifacts.arn),
      bucketName: Fn.importValue(props.canaryArtifacts.name),
    });
    const canary = new CellHealthCanary(this, `${cell.id}-Health`, {
      canaryName: cell.names.canary,
      host: cell.app.domainName,
      artifactsBucket: artifacts,
      artifactsKey: props.keys.logs,
      alertTopic: topic,
    });
    const webErrors = webTierErrorAlarm(this, `${cell.id}-WebTierErrors`, application.web, `${cell.id} web tier`, topic);
    // Unavailable: the public health check fails, or the web tier (whichever colours take traffic) answers with
    // errors, or every SQL node fails its status checks. A per-colour rule could never fire through an idle colour.
    this.unavailable = new cloudwatch.CompositeAlarm(this, `${cell.id}-Unavailable`, {
      compositeAlarmName: cell.names.unavailableAlarm,
      alarmDescription: `Cell ${cell.id} in ${region.name} is unavailable`,
      alarmRule: cloudwatch.AlarmRule.anyOf(
        cloudwatch.AlarmRule.fromAlarm(canary.failed, cloudwatch.AlarmState.ALARM),
        cloudwatch.AlarmRule.fromAlarm(webErrors, cloudwatch.AlarmState.ALARM),
        cloudwatch.AlarmRule.allOf(...nodeAlarms.map((a) => cloudwatch.AlarmRule.fromAlarm(a.statusCheck, cloudwatch.AlarmState.ALARM))),
      ),
    });
    this.unavailable.addAlarmAction(new actions.SnsAction(topic));
    new CellDashboard(this, 'Dashboard', {
      dashboardName: cell.names.dashboard,
      cell: {
        cellId: cell.id,
        availability: canary.successPercent,
        webFleets: [fleets.blue, fleets.green],
        sqlNodes: nodes,
      },
    });
  }
}
