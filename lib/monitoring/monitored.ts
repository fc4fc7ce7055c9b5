import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';

/*
 * What the monitoring constructs read of what they watch. The database and application constructs implement these
 * (lib/database, lib/app), so alarms and dashboards take metrics from them instead of building them by hand.
 */

/** A SQL Server node as its agent, alarms and dashboard see it. */
export interface MonitoredSqlNode {
  /** Windows host name. */
  readonly hostName: string;
  /** EC2 instance id, for the CloudWatch agent's associations. */
  readonly instanceId: string;
  /** A metric of the node on 5-minute periods: an agent counter of SQL_COUNTERS, or else an `AWS/EC2` metric. */
  metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.IMetric;
  /** EC2's status checks of the node (instance and system): 1 while either fails. */
  metricStatusCheckFailed(props?: cloudwatch.MetricOptions): cloudwatch.IMetric;
}

/** A cell's SQL Server as its alarms see it. */
export interface MonitoredSqlServer {
  /** Two nodes in an availability group (true) or one standalone node. */
  readonly clustered: boolean;
  readonly nodes: readonly MonitoredSqlNode[];
  /** A metric the nodes publish about the cell's SQL Server (backup ages and failures, certificates, replica health), by cell. */
  metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.IMetric;
}

/** An application fleet as its alarms and the dashboard see it. */
export interface MonitoredFleet {
  /** The fleet's traffic as its target group measures it: requests, response time, 5xx answers, unhealthy hosts. */
  readonly metrics: elbv2.IApplicationTargetGroupMetrics;
  /** Instances in service: zero for an idle colour. */
  metricInServiceInstances(props?: cloudwatch.MetricOptions): cloudwatch.IMetric;
}

/** A load balancer as the cell's availability alarm sees it. */
export interface MonitoredLoadBalancer {
  /** 5xx answers, the targets' and the load balancer's own, as a percentage of its requests. */
  metricServerErrorPercent(props?: cloudwatch.MathExpressionOptions): cloudwatch.IMetric;
}

/** A cell's application as its monitoring sees it: the web tier's load balancer and every fleet. */
export interface MonitoredApplication {
  readonly web: MonitoredLoadBalancer;
  readonly fleets: { readonly blue: MonitoredFleet; readonly green: MonitoredFleet; readonly chat: MonitoredFleet; readonly automations: MonitoredFleet };
}
