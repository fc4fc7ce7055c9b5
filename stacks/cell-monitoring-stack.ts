import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
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
import type { AppStack } from './app-stack';
import type { DataStack } from './data-stack';
import { HaloStack } from './halo-stack';
import type { SecurityStack } from './security-stack';

/** 5xx answers (from the targets or the load balancer itself) above 5% of the web load balancer's requests, two periods running. */
function webTierErrorAlarm(scope: Construct, id: string, loadBalancer: elbv2.IApplicationLoadBalancer, name: string, topic: sns.ITopic): cloudwatch.Alarm {
  const period = Duration.minutes(5);
  const alarm = new cloudwatch.Alarm(scope, id, {
    alarmDescription: `${name}: 5xx answers above 5% of requests, whichever colours take the traffic`,
    metric: new cloudwatch.MathExpression({
      label: 'web tier 5xx %',
      expression: '100 * (FILL(targets, 0) + FILL(balancer, 0)) / MAX([FILL(requests, 0), 1])',
      usingMetrics: {
        targets: loadBalancer.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { statistic: 'Sum', period }),
        balancer: loadBalancer.metrics.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, { statistic: 'Sum', period }),
        requests: loadBalancer.metrics.requestCount({ statistic: 'Sum', period }),
      },
      period,
    }),
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
  readonly cell: ResolvedCell;
  readonly security: SecurityStack;
  readonly data: DataStack;
  readonly app: AppStack;
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
    const topic = props.security.alerts.topic;
    const logsKey = props.security.keys.logs;
    const data = props.data;
    const nodes = data.sqlServer.nodes;
    new SqlAgentAssociations(this, 'SqlAgent', { parameterName: props.agentParameterName, instanceIds: nodes.map((n) => n.instance.ref) });
    const nodeAlarms = nodes.map(
      (node) =>
        new SqlNodeAlarms(this, `${cell.id}-${node.hostName}`, {
          instanceId: node.instance.ref,
          hostName: node.hostName,
          clustered: data.sqlServer.clustered,
          alertTopic: topic,
        }),
    );
    new CellSqlAlarms(this, `${cell.id}-Sql`, {
      cellId: cell.id,
      hostNames: nodes.map((n) => n.hostName),
      clustered: data.sqlServer.clustered,
      logBackups: data.backupPolicy.logBackup !== undefined,
      rpoHours: data.backupPolicy.rpoHours,
      fullBackupGraceHours: 2,
      alertTopic: topic,
    });
    const fleets = props.app.application.fleets;
    Object.entries(fleets).forEach(
      ([name, fleet]) =>
        new FleetAlarms(this, `${cell.id}-${name}`, {
          name: `${cell.id} ${name}`,
          targetGroup: fleet.targetGroup,
          autoScalingGroup: fleet.autoScalingGroup,
          alertTopic: topic,
        }),
    );
    const artifacts = s3.Bucket.fromBucketAttributes(this, 'CanaryArtifacts', {
      bucketArn: Fn.importValue(props.canaryArtifacts.arn),
      bucketName: Fn.importValue(props.canaryArtifacts.name),
    });
    const canary = new CellHealthCanary(this, `${cell.id}-Health`, {
      canaryName: cell.names.canary,
      host: cell.app.domainName,
      artifactsBucket: artifacts,
      artifactsKey: logsKey,
      alertTopic: topic,
    });
    const webErrors = webTierErrorAlarm(this, `${cell.id}-WebTierErrors`, props.app.application.web.loadBalancer, `${cell.id} web tier`, topic);
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
        requests: [fleets.blue, fleets.green].map((f) => f.targetGroup.metrics.requestCount({ period: Duration.minutes(5) })),
        latency: [fleets.blue, fleets.green].map((f) => f.targetGroup.metrics.targetResponseTime({ statistic: 'p99', period: Duration.minutes(5) })),
        sqlInstanceIds: nodes.map((n) => n.instance.ref),
      },
    });
  }
}
