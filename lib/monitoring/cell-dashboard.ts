import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { sqlNodeMetric } from './sql-node-monitoring';

/** The uptime the platform targets for production instances. */
export const AVAILABILITY_TARGET_PERCENT = 99.95;

/** What the dashboard shows of one cell. */
export interface CellDashboardInput {
  readonly cellId: string;
  readonly availability: cloudwatch.IMetric;
  readonly requests: cloudwatch.IMetric[];
  readonly latency: cloudwatch.IMetric[];
  readonly sqlInstanceIds: readonly string[];
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
    this.dashboard.addWidgets(new cloudwatch.TextWidget({ markdown: `## ${cell.cellId}`, width: 24, height: 1 }));
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: `${cell.cellId}: availability (%)`,
        left: [cell.availability],
        width: 6,
        leftYAxis: { min: 99, max: 100 },
        leftAnnotations: [{ value: AVAILABILITY_TARGET_PERCENT, label: `target ${AVAILABILITY_TARGET_PERCENT}%`, color: cloudwatch.Color.RED }],
      }),
      new cloudwatch.GraphWidget({ title: `${cell.cellId}: requests`, left: cell.requests, width: 6 }),
      new cloudwatch.GraphWidget({ title: `${cell.cellId}: p99 latency (s)`, left: cell.latency, width: 6 }),
      new cloudwatch.GraphWidget({
        title: `${cell.cellId}: SQL health`,
        width: 6,
        left: cell.sqlInstanceIds.map((id) => sqlNodeMetric('CPUUtilization', id, 'Average')),
        right: cell.sqlInstanceIds.map((id) => sqlNodeMetric('BatchRequestsPerSecond', id, 'Average')),
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: `${cell.cellId}: availability group queues (KB)`,
        width: 24,
        left: cell.sqlInstanceIds.flatMap((id) => [sqlNodeMetric('AgLogSendQueueKB', id, 'Maximum'), sqlNodeMetric('AgRedoQueueKB', id, 'Maximum')]),
      }),
    );
  }
}
