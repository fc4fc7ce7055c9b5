import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Duration } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { CellSqlAlarms } from '../lib/monitoring/cell-sql-alarms';
import type { RegionConfig } from '../lib/config';
import { CellHealthCanary } from '../lib/monitoring/cell-health-canary';
import { FleetAlarms } from '../lib/monitoring/fleet-alarms';
import { RegionDashboard } from '../lib/monitoring/region-dashboard';
import { SqlAgentConfiguration, SqlNodeAlarms } from '../lib/monitoring/sql-node-monitoring';
import { privateBucketProps } from '../lib/security/private-bucket';
import { acknowledgeInRegionBucket } from '../lib/compliance/standard-acknowledgements';
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

/** Properties of {@link MonitoringStack}. */
export interface MonitoringStackProps {
  readonly region: RegionConfig;
  readonly security: SecurityStack;
  readonly data: Readonly<Record<string, DataStack>>;
  readonly app: Readonly<Record<string, AppStack>>;
}

/**
 * The region's monitoring: 5-minute alarms on every SQL node and fleet, the SQL Server counters the
 * CloudWatch agent collects, a health canary and an "unavailable" composite alarm per cell, and a dashboard.
 */
export class MonitoringStack extends HaloStack {
  public readonly cellUnavailable: Readonly<Record<string, cloudwatch.CompositeAlarm>>;

  constructor(scope: Construct, id: string, props: MonitoringStackProps) {
    const { region } = props;
    super(scope, id, { region, layer: 'monitoring', description: `Halo ${region.name}: alarms, health canaries, SQL Server metrics, dashboard`, terminationProtection: false });
    const topic = props.security.alerts.topic;
    const logsKey = props.security.keys.logs;
    const artifacts = new s3.Bucket(this, 'CanaryArtifacts', {
      ...privateBucketProps(logsKey, props.security.accessLogs.bucket, 'canaries/'),
      lifecycleRules: [{ id: 'expire-canary-artifacts', expiration: Duration.days(31), noncurrentVersionExpiration: Duration.days(1) }],
    });
    acknowledgeInRegionBucket(artifacts, {
      logsToAnotherStack: true,
      withoutObjectLock: {
        reason: 'Canary artifacts are screenshots and logs of synthetic health checks, kept 31 days for troubleshooting; they hold no customer data and no audit record.',
        compensatingControl: 'The canaries\' results are CloudWatch metrics and alarms; the bucket is versioned, KMS-encrypted and private, and CloudTrail records changes to it.',
      },
    });

    const allNodes = region.cells.flatMap((cell) => props.data[cell.id].sqlServer.nodes);
    new SqlAgentConfiguration(this, 'SqlAgent', { parameterName: `AmazonCloudWatch-halo-${region.slug}-sql`, instanceIds: allNodes.map((n) => n.instance.ref) });

    const unavailable: Record<string, cloudwatch.CompositeAlarm> = {};
    const dashboardCells = region.cells.map((cell) => {
      const nodes = props.data[cell.id].sqlServer.nodes;
      const data = props.data[cell.id];
      const nodeAlarms = nodes.map((node) => new SqlNodeAlarms(this, `${cell.id}-${node.hostName}`, { instanceId: node.instance.ref, hostName: node.hostName, clustered: data.sqlServer.clustered, alertTopic: topic }));
      new CellSqlAlarms(this, `${cell.id}-Sql`, {
        cellId: cell.id, hostNames: nodes.map((n) => n.hostName), clustered: data.sqlServer.clustered, logBackups: data.backupPolicy.logBackup !== undefined,
        rpoHours: data.backupPolicy.rpoHours, fullBackupGraceHours: 2, alertTopic: topic,
      });
      const fleets = props.app[cell.id].application.fleets;
      Object.entries(fleets).forEach(([name, fleet]) => new FleetAlarms(this, `${cell.id}-${name}`, {
        name: `${cell.id} ${name}`, targetGroup: fleet.targetGroup, autoScalingGroup: fleet.autoScalingGroup, alertTopic: topic,
      }));
      const canary = new CellHealthCanary(this, `${cell.id}-Health`, {
        canaryName: `halo-${cell.id}`.slice(0, 21),
        host: cell.app.domainName,
        artifactsBucket: artifacts,
        artifactsKey: logsKey,
        alertTopic: topic,
      });
      const webErrors = webTierErrorAlarm(this, `${cell.id}-WebTierErrors`, props.app[cell.id].application.web.loadBalancer, `${cell.id} web tier`, topic);
      // Unavailable: the public health check fails, or the web tier (whichever colours take traffic) answers with
      // errors, or every SQL node fails its status checks. A per-colour rule could never fire through an idle colour.
      const composite = new cloudwatch.CompositeAlarm(this, `${cell.id}-Unavailable`, {
        compositeAlarmName: `halo-${region.slug}-${cell.id}-unavailable`,
        alarmDescription: `Cell ${cell.id} in ${region.name} is unavailable`,
        alarmRule: cloudwatch.AlarmRule.anyOf(
          cloudwatch.AlarmRule.fromAlarm(canary.failed, cloudwatch.AlarmState.ALARM),
          cloudwatch.AlarmRule.fromAlarm(webErrors, cloudwatch.AlarmState.ALARM),
          cloudwatch.AlarmRule.allOf(...nodeAlarms.map((a) => cloudwatch.AlarmRule.fromAlarm(a.statusCheck, cloudwatch.AlarmState.ALARM))),
        ),
      });
      composite.addAlarmAction(new actions.SnsAction(topic));
      unavailable[cell.id] = composite;
      return {
        cellId: cell.id,
        availability: canary.successPercent,
        requests: [fleets.blue, fleets.green].map((f) => f.targetGroup.metrics.requestCount({ period: Duration.minutes(5) })),
        latency: [fleets.blue, fleets.green].map((f) => f.targetGroup.metrics.targetResponseTime({ statistic: 'p99', period: Duration.minutes(5) })),
        sqlInstanceIds: nodes.map((n) => n.instance.ref),
      };
    });
    this.cellUnavailable = unavailable;
    new RegionDashboard(this, 'Dashboard', { dashboardName: `halo-${region.slug}`, cells: dashboardCells });
  }
}
