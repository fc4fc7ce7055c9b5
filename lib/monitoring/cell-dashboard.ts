import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import type { MonitoredFleet, MonitoredSqlNode } from './monitored';

/** The uptime the platform targets for production instances. */
export const AVAILABILITY_TARGET_PERCENT = 99.95;

/** What the dashboard shows of one cell. */
export interface CellDashboardInput {
  readonly cellId: string;
  readonly availability: cloudwatch.IMetric;
  /** The web tier's fleets (blue and green): their requests and p99 latency. */
  readonly webFleets: readonly MonitoredFleet[];
  readonly sqlNodes: readonly MonitoredSqlNode[];
}

/** Properties of {@link CellDashboard}. */
export interface CellDashboardProps {
  readonly dashboardName: string;
  readonly cell: CellDashboardInput;
}

/** One CloudWatch dashboard per cell: availability against the target, requests, latency, SQL health and AG queues. */
export class CellDashboard extends Construct {
  public readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: CellDashboardProps) {
    super(scope, id);
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', { dashboardName: props.dashboardName, defaultInterval: Duration.days(1) });
    const cell = props.cell;
    const period = Duration.minutes(5);
    const requests = cell.webFleets.map((f) => f.metrics.requestCount({ period }));
    const latency = cell.webFleets.map((f) => f.metrics.targetResponseTime({ statistic: 'p99', period }));
    const nodeMetric = (metricName: string, statistic: string) => cell.sqlNodes.map((n) => n.metric(metricName, { statistic }));
    this.dashboard.addWidgets(new cloudwatch.TextWidget({ markdown: `## ${cell.cellId}`, width: 24, height: 1 }));
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: `${cell.cellId}: availability (%)`,
        left: [cell.availability],
        width: 6,
        leftYAxis: { min: 99, max: 100 },
        leftAnnotations: [{ value: AVAILABILITY_TARGET_PERCENT, label: `target ${AVAILABILITY_TARGET_PERCENT}%`, color: cloudwatch.Color.RED }],
      }),
      new cloudwatch.GraphWidget({ title: `${cell.cellId}: requests`, left: requests, width: 6 }),
      new cloudwatch.GraphWidget({ title: `${cell.cellId}: p99 latency (s)`, left: latency, width: 6 }),
      new cloudwatch.GraphWidget({
        title: `${cell.cellId}: SQL health`,
        width: 6,
        left: nodeMetric('CPUUtilization', 'Average'),
        right: nodeMetric('BatchRequestsPerSecond', 'Average'),
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: `${cell.cellId}: availability group queues (KB)`,
        width: 24,
        left: cell.sqlNodes.flatMap((n) => [n.metric('AgLogSendQueueKB', { statistic: 'Maximum' }), n.metric('AgRedoQueueKB', { statistic: 'Maximum' })]),
      }),
    );
  }
}
