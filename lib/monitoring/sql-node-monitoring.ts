import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import type { MonitoredSqlNode } from './monitored';

/** Namespace of the CloudWatch agent's SQL Server and host metrics. */
export const SQL_METRICS_NAMESPACE = 'Halo/SqlServer';

/** SQL Server and host counters the agent collects, by the metric name they are published under. */
export const SQL_COUNTERS: Readonly<Record<string, { object: string; counter: string; instance?: string; unit?: string }>> = {
  BatchRequestsPerSecond: { object: 'SQLServer:SQL Statistics', counter: 'Batch Requests/sec', unit: 'Count/Second' },
  PageLifeExpectancy: { object: 'SQLServer:Buffer Manager', counter: 'Page life expectancy', unit: 'Seconds' },
  UserConnections: { object: 'SQLServer:General Statistics', counter: 'User Connections', unit: 'Count' },
  DeadlocksPerSecond: { object: 'SQLServer:Locks', counter: 'Number of Deadlocks/sec', instance: '_Total', unit: 'Count/Second' },
  AgLogSendQueueKB: { object: 'SQLServer:Database Replica', counter: 'Log Send Queue', instance: '_Total', unit: 'Kilobytes' },
  AgRedoQueueKB: { object: 'SQLServer:Database Replica', counter: 'Recovery Queue', instance: '_Total', unit: 'Kilobytes' },
  MemoryCommittedPercent: { object: 'Memory', counter: '% Committed Bytes In Use', unit: 'Percent' },
  DiskFreePercent: { object: 'LogicalDisk', counter: '% Free Space', instance: '*', unit: 'Percent' },
};

/** A SQL node metric, by default its 5-minute average: an agent counter of SQL_COUNTERS, or an `AWS/EC2` metric. */
export function sqlNodeMetric(metricName: string, instanceId: string, props: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
  const namespace = metricName in SQL_COUNTERS ? SQL_METRICS_NAMESPACE : 'AWS/EC2';
  return new cloudwatch.Metric({
    namespace,
    metricName,
    dimensionsMap: { InstanceId: instanceId },
    statistic: 'Average',
    period: Duration.minutes(5),
    ...props,
  });
}

/** The CloudWatch agent configuration for SQL nodes (Windows performance counters, aggregated per instance). */
export function sqlAgentConfiguration(): object {
  const byObject: Record<
    string,
    { measurement: { name: string; rename: string; unit?: string }[]; resources?: string[]; metrics_collection_interval: number }
  > = {};
  for (const [rename, c] of Object.entries(SQL_COUNTERS)) {
    const entry = (byObject[c.object] ??= { measurement: [], metrics_collection_interval: 60, ...(c.instance ? { resources: [c.instance] } : {}) });
    entry.measurement.push({ name: c.counter, rename, unit: c.unit });
  }
  return {
    metrics: {
      namespace: SQL_METRICS_NAMESPACE,
      append_dimensions: { InstanceId: '${aws:InstanceId}' },
      aggregation_dimensions: [['InstanceId']],
      metrics_collected: byObject,
    },
  };
}

/** Properties of {@link SqlAgentConfiguration}. */
export interface SqlAgentConfigurationProps {
  /** Parameter name, e.g. `AmazonCloudWatch-halo-london-sql`. */
  readonly parameterName: string;
}

/** The region's CloudWatch agent configuration for SQL nodes, kept in Parameter Store (each cell applies it to its nodes). */
export class SqlAgentConfiguration extends Construct {
  public readonly parameter: ssm.StringParameter;

  constructor(scope: Construct, id: string, props: SqlAgentConfigurationProps) {
    super(scope, id);
    this.parameter = new ssm.StringParameter(this, 'Parameter', {
      parameterName: props.parameterName,
      description: 'CloudWatch agent configuration of the Halo SQL Server nodes',
      stringValue: JSON.stringify(sqlAgentConfiguration()),
    });
  }
}

/** Properties of {@link SqlAgentAssociations}. */
export interface SqlAgentAssociationsProps {
  /** The region's agent configuration parameter (its stack deploys first). */
  readonly parameterName: string;
  /** Instance ids of the cell's SQL nodes. */
  readonly instanceIds: readonly string[];
}

/** The associations that install the CloudWatch agent on a cell's SQL nodes and apply the region's configuration. */
export class SqlAgentAssociations extends Construct {
  constructor(scope: Construct, id: string, props: SqlAgentAssociationsProps) {
    super(scope, id);
    const targets = [{ key: 'InstanceIds', values: [...props.instanceIds] }];
    const install = new ssm.CfnAssociation(this, 'InstallAgent', {
      name: 'AWS-ConfigureAWSPackage',
      targets,
      parameters: { action: ['Install'], name: ['AmazonCloudWatchAgent'] },
    });
    const configure = new ssm.CfnAssociation(this, 'ConfigureAgent', {
      name: 'AmazonCloudWatch-ManageAgent',
      targets,
      parameters: {
        action: ['configure'],
        mode: ['ec2'],
        optionalConfigurationSource: ['ssm'],
        optionalConfigurationLocation: [props.parameterName],
        optionalRestart: ['yes'],
      },
    });
    configure.addResourceDependency(install);
  }
}

/** Properties of {@link SqlNodeAlarms}. */
export interface SqlNodeAlarmsProps {
  /** The node watched: its host name names the alarms, its metrics raise them. */
  readonly node: MonitoredSqlNode;
  /** A replica of an availability group: its send and redo queues are watched too. */
  readonly clustered: boolean;
  readonly alertTopic: sns.ITopic;
}

/** A SQL node's health: status checks, CPU, committed memory, free disk and (replicas) the AG queues, on 5-minute periods. */
export class SqlNodeAlarms extends Construct {
  public readonly statusCheck: cloudwatch.Alarm;
  public readonly alarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: SqlNodeAlarmsProps) {
    super(scope, id);
    const metric = (metricName: string, statistic: string) => props.node.metric(metricName, { statistic });
    const alarm = (
      name: string,
      metric: cloudwatch.IMetric,
      threshold: number,
      op: cloudwatch.ComparisonOperator,
      periods: number,
      missing = cloudwatch.TreatMissingData.BREACHING,
    ) => {
      const a = new cloudwatch.Alarm(this, name, {
        alarmDescription: `${props.node.hostName}: ${name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()}`,
        metric,
        threshold,
        comparisonOperator: op,
        evaluationPeriods: periods,
        treatMissingData: missing,
      });
      a.addAlarmAction(new actions.SnsAction(props.alertTopic));
      return a;
    };
    const { GREATER_THAN_OR_EQUAL_TO_THRESHOLD: GE, GREATER_THAN_THRESHOLD: GT, LESS_THAN_THRESHOLD: LT } = cloudwatch.ComparisonOperator;
    this.statusCheck = alarm('StatusCheckFailed', props.node.metricStatusCheckFailed(), 1, GE, 1);
    this.alarms = [
      this.statusCheck,
      alarm('HighCpu', metric('CPUUtilization', 'Average'), 85, GT, 3),
      alarm('LowFreeMemory', metric('MemoryCommittedPercent', 'Average'), 90, GT, 3),
      alarm('LowFreeDisk', metric('DiskFreePercent', 'Minimum'), 15, LT, 1),
      // A secondary that falls behind puts the RPO at risk (KB waiting to be sent or redone); a replica that is not
      // connected at all publishes no queue, which the cell's ReplicaUnhealthy alarm catches.
      ...(props.clustered
        ? [
            alarm('AgLogSendQueue', metric('AgLogSendQueueKB', 'Maximum'), 512_000, GT, 2, cloudwatch.TreatMissingData.NOT_BREACHING),
            alarm('AgRedoQueue', metric('AgRedoQueueKB', 'Maximum'), 512_000, GT, 2, cloudwatch.TreatMissingData.NOT_BREACHING),
          ]
        : []),
    ];
  }
}
