import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { MonitoredFleet } from './monitored';

/** Properties of {@link FleetAlarms}. */
export interface FleetAlarmsProps {
  /** E.g. `prod-stable blue`. */
  readonly name: string;
  /** The fleet watched: its target group's metrics and its instances in service. */
  readonly fleet: MonitoredFleet;
  readonly alertTopic: sns.ITopic;
  /**
   * 5xx responses from the fleet, as a percentage of its requests, that raise the alarm.
   * @default 5
   */
  readonly maxErrorPercent?: number;
  /**
   * p99 response time that raises the alarm.
   * @default Duration.seconds(3)
   */
  readonly maxP99Latency?: Duration;
}

const FIVE_MINUTES = Duration.minutes(5);

/**
 * A fleet's alarms on 5-minute periods: unhealthy hosts, 5xx rate and p99 latency. Each counts only
 * while the fleet has instances in service, so an idle colour at zero never alarms.
 */
export class FleetAlarms extends Construct {
  public readonly unhealthyHosts: cloudwatch.Alarm;
  public readonly errorRate: cloudwatch.Alarm;
  public readonly latency: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: FleetAlarmsProps) {
    super(scope, id);
    const inService = props.fleet.metricInServiceInstances({ statistic: 'Maximum', period: FIVE_MINUTES });
    const whileInService = (label: string, expression: string, usingMetrics: Record<string, cloudwatch.IMetric>) =>
      new cloudwatch.MathExpression({
        label,
        expression: `IF(FILL(inService, 0) > 0, ${expression}, 0)`,
        usingMetrics: { ...usingMetrics, inService },
        period: FIVE_MINUTES,
      });
    const tg = props.fleet.metrics;
    const alarm = (alarmId: string, description: string, metric: cloudwatch.IMetric, threshold: number) => {
      const a = new cloudwatch.Alarm(this, alarmId, {
        alarmDescription: `${props.name}: ${description}`,
        metric,
        threshold,
        evaluationPeriods: 2,
        datapointsToAlarm: 2,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      a.addAlarmAction(new actions.SnsAction(props.alertTopic));
      return a;
    };
    this.unhealthyHosts = alarm(
      'UnhealthyHosts',
      'unhealthy hosts behind the load balancer',
      whileInService('Unhealthy hosts', 'FILL(unhealthy, 0)', { unhealthy: tg.unhealthyHostCount({ statistic: 'Maximum', period: FIVE_MINUTES }) }),
      0,
    );
    this.errorRate = alarm(
      'TargetErrorRate',
      `target 5xx responses above ${props.maxErrorPercent ?? 5}%`,
      whileInService('5xx %', '100 * FILL(errors, 0) / MAX([FILL(requests, 0), 1])', {
        errors: tg.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { statistic: 'Sum', period: FIVE_MINUTES }),
        requests: tg.requestCount({ statistic: 'Sum', period: FIVE_MINUTES }),
      }),
      props.maxErrorPercent ?? 5,
    );
    const p99 = props.maxP99Latency ?? Duration.seconds(3);
    this.latency = alarm(
      'P99Latency',
      `p99 response time above ${p99.toSeconds()} s`,
      whileInService('p99 latency (s)', 'FILL(latency, 0)', { latency: tg.targetResponseTime({ statistic: 'p99', period: FIVE_MINUTES }) }),
      p99.toSeconds(),
    );
  }
}
