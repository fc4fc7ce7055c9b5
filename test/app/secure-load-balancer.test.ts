import { App, Duration, Stack } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { SecureLoadBalancer } from '../../lib/app/secure-load-balancer';

/** A load balancer alone in a minimal stack, logging under `prefix`. */
function loadBalancerWithPrefix(prefix: string): SecureLoadBalancer {
  const stack = new Stack(new App(), 'Test', { env: { account: '111122223333', region: 'eu-west-2' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: ['eu-west-2a', 'eu-west-2b'], natGateways: 0 });
  return new SecureLoadBalancer(stack, 'Lb', {
    vpc,
    internetFacing: true,
    subnets: { subnetType: ec2.SubnetType.PUBLIC },
    certificateArn: 'arn:aws:acm:eu-west-2:111122223333:certificate/4f42749e-f8dd-5a19-a650-c7f15599cc01',
    sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
    accessLogs: { bucket: new s3.Bucket(stack, 'Logs'), prefix },
  });
}

describe('SecureLoadBalancer access-log prefix', () => {
  test.each(['', '/elb/cell/web', 'elb/cell/web/', 'elb/AWSLogs/web'])('%j is refused, naming the value and what is allowed', (prefix) => {
    expect(() => loadBalancerWithPrefix(prefix)).toThrow(`accessLogs.prefix is ${JSON.stringify(prefix)}; allowed: a non-empty key prefix`);
  });

  test("a plain prefix points the load balancer's access-log attributes at the bucket", () => {
    const lb = loadBalancerWithPrefix('elb/cell/web');
    const attributes = lb.loadBalancer.node.defaultChild as unknown as { loadBalancerAttributes: { key: string; value: string }[] };
    const resolved = Stack.of(lb).resolve(attributes.loadBalancerAttributes) as { key: string; value: unknown }[];
    expect(resolved.filter((a) => a.key.startsWith('access_logs.s3.')).map((a) => [a.key, typeof a.value === 'string' ? a.value : 'bucket'])).toEqual([
      ['access_logs.s3.enabled', 'true'],
      ['access_logs.s3.bucket', 'bucket'],
      ['access_logs.s3.prefix', 'elb/cell/web'],
    ]);
  });
});

describe('SecureLoadBalancer as an L2', () => {
  const lb = loadBalancerWithPrefix('elb/cell/web');
  const stack = Stack.of(lb);

  test("connections, ARN and DNS name are its load balancer's", () => {
    expect(lb.connections.securityGroups.map((g) => stack.resolve(g.securityGroupId))).toEqual([stack.resolve(lb.securityGroup.securityGroupId)]);
    expect(stack.resolve(lb.loadBalancerArn)).toEqual({ Ref: stack.getLogicalId(lb.loadBalancer.node.defaultChild as elbv2.CfnLoadBalancer) });
    expect(stack.resolve(lb.loadBalancerDnsName)).toEqual({
      'Fn::GetAtt': [stack.getLogicalId(lb.loadBalancer.node.defaultChild as elbv2.CfnLoadBalancer), 'DNSName'],
    });
  });

  test("metricServerErrorPercent() adds the targets' and the load balancer's own 5xx over its requests, summed per period", () => {
    const metric = lb.metricServerErrorPercent({ period: Duration.minutes(1) });
    expect(metric.expression).toBe('100 * (FILL(targets, 0) + FILL(balancer, 0)) / MAX([FILL(requests, 0), 1])');
    const using = metric.usingMetrics as Record<string, cloudwatch.Metric>;
    expect(Object.fromEntries(Object.entries(using).map(([id, m]) => [id, [m.metricName, m.statistic, m.period.toMinutes()]]))).toEqual({
      targets: ['HTTPCode_Target_5XX_Count', 'Sum', 1],
      balancer: ['HTTPCode_ELB_5XX_Count', 'Sum', 1],
      requests: ['RequestCount', 'Sum', 1],
    });
    expect(lb.metricServerErrorPercent().period.toMinutes()).toBe(5);
  });
});
