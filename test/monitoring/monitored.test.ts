import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as sns from 'aws-cdk-lib/aws-sns';
import { CellDashboard } from '../../lib/monitoring/cell-dashboard';
import { CellSqlAlarms } from '../../lib/monitoring/cell-sql-alarms';
import { FleetAlarms } from '../../lib/monitoring/fleet-alarms';
import type { MonitoredFleet, MonitoredSqlNode, MonitoredSqlServer } from '../../lib/monitoring/monitored';
import { SqlNodeAlarms } from '../../lib/monitoring/sql-node-monitoring';
import { testStack } from '../helpers';

/*
 * The monitoring constructs read what they watch through lib/monitoring/monitored.ts alone: given stand-ins whose metrics
 * live in a namespace of their own, every alarm and graph shows that namespace.
 */
const STUB = 'Test/Stub';
const stub = (metricName: string, props: cloudwatch.MetricOptions = {}) => new cloudwatch.Metric({ namespace: STUB, metricName, ...props });
const node = (hostName: string): MonitoredSqlNode => ({
  hostName,
  instanceId: `i-${hostName}`,
  metric: (name, props) => stub(`${hostName}.${name}`, props),
  metricStatusCheckFailed: (props) => stub(`${hostName}.StatusCheckFailed`, props),
});
const sqlServer: MonitoredSqlServer = { clustered: true, nodes: [node('cell-1'), node('cell-2')], metric: (name, props) => stub(`cell.${name}`, props) };
const targetMetrics = new Proxy({} as elbv2.IApplicationTargetGroupMetrics, {
  get: (_target, name: string) => (_arg?: unknown, props?: cloudwatch.MetricOptions) => stub(`targets.${name}`, props),
});
const fleet: MonitoredFleet = { metrics: targetMetrics, metricInServiceInstances: (props) => stub('fleet.inService', props) };

/** Namespaces and metric names of every metric the alarms and dashboards of the stack read. */
function metricsOf(template: Template): string[] {
  const json = JSON.stringify(template.toJSON());
  const alarmMetrics = [...json.matchAll(/"Namespace":"([^"]+)","MetricName":"([^"]+)"|"MetricName":"([^"]+)","Namespace":"([^"]+)"/g)].map((m) =>
    m[1] ? `${m[1]} ${m[2]}` : `${m[4]} ${m[3]}`,
  );
  const graphMetrics = [...json.matchAll(/\[\\"([^\\"]+)\\",\\"([^\\"]+)\\"/g)].map((m) => `${m[1]} ${m[2]}`);
  return [...alarmMetrics, ...graphMetrics];
}

describe('Monitoring constructs read what they watch through its interface', () => {
  test('SqlNodeAlarms, CellSqlAlarms, FleetAlarms and CellDashboard take every metric from the node, the SQL Server and the fleet', () => {
    const stack = testStack();
    const alertTopic = new sns.Topic(stack, 'Alerts');
    new SqlNodeAlarms(stack, 'Node', { node: node('cell-1'), clustered: true, alertTopic });
    new CellSqlAlarms(stack, 'Sql', { cellId: 'cell', sqlServer, logBackups: true, rpoHours: 1, fullBackupGraceHours: 2, alertTopic });
    new FleetAlarms(stack, 'Fleet', { name: 'cell blue', fleet, alertTopic });
    new CellDashboard(stack, 'Dashboard', {
      dashboardName: 'cell',
      cell: { cellId: 'cell', availability: stub('canary.success'), webFleets: [fleet], sqlNodes: sqlServer.nodes },
    });
    const metrics = metricsOf(Template.fromStack(stack));
    expect(metrics.length).toBeGreaterThan(20);
    expect(metrics.filter((m) => !m.startsWith(`${STUB} `))).toEqual([]);
    expect(metrics).toEqual(
      expect.arrayContaining([
        `${STUB} cell-1.StatusCheckFailed`,
        `${STUB} cell.NewestLogBackupAgeSeconds`,
        `${STUB} cell.ReplicaHealthy`,
        `${STUB} fleet.inService`,
        `${STUB} targets.unhealthyHostCount`,
        `${STUB} targets.requestCount`,
        `${STUB} cell-2.AgRedoQueueKB`,
      ]),
    );
  });
});
