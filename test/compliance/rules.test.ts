import { App, CfnDeletionPolicy, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { NagRuleCompliance } from 'cdk-nag';
import { rules } from '../../lib/compliance';

const { COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE } = NagRuleCompliance;

function stack(): Stack {
  return new Stack(new App(), 'RuleTest', { env: { account: '111122223333', region: 'eu-west-2' } });
}
const cfn = <T>(construct: { node: { defaultChild?: unknown } }) => construct.node.defaultChild as T;

describe('Halo-StatefulResourceRetained', () => {
  test('passes a bucket, key and log group retained on deletion and replacement', () => {
    const s = stack();
    expect(rules.StatefulResourceRetained(cfn(new s3.Bucket(s, 'B', { removalPolicy: RemovalPolicy.RETAIN })))).toBe(COMPLIANT);
    expect(rules.StatefulResourceRetained(cfn(new kms.Key(s, 'K', { removalPolicy: RemovalPolicy.RETAIN })))).toBe(COMPLIANT);
    expect(rules.StatefulResourceRetained(cfn(new logs.LogGroup(s, 'L', { removalPolicy: RemovalPolicy.RETAIN })))).toBe(COMPLIANT);
  });

  test('fails a bucket or log group that is destroyed with its stack', () => {
    const s = stack();
    expect(rules.StatefulResourceRetained(cfn(new s3.Bucket(s, 'B', { removalPolicy: RemovalPolicy.DESTROY })))).toBe(NON_COMPLIANT);
    expect(rules.StatefulResourceRetained(cfn(new logs.LogGroup(s, 'L', { removalPolicy: RemovalPolicy.DESTROY })))).toBe(NON_COMPLIANT);
  });

  test('fails a resource retained on deletion but deleted on replacement', () => {
    const bucket = cfn<s3.CfnBucket>(new s3.Bucket(stack(), 'B', { removalPolicy: RemovalPolicy.RETAIN }));
    bucket.cfnOptions.updateReplacePolicy = CfnDeletionPolicy.DELETE;
    expect(rules.StatefulResourceRetained(bucket)).toBe(NON_COMPLIANT);
  });

  test('accepts a snapshot for volumes, and ignores stateless resources', () => {
    const s = stack();
    const volume = new ec2.CfnVolume(s, 'V', { availabilityZone: 'eu-west-2a', size: 10 });
    volume.applyRemovalPolicy(RemovalPolicy.SNAPSHOT);
    expect(rules.StatefulResourceRetained(volume)).toBe(COMPLIANT);
    expect(rules.StatefulResourceRetained(new ec2.CfnVPC(s, 'Vpc', { cidrBlock: '10.0.0.0/16' }))).toBe(NOT_APPLICABLE);
  });
});

describe('Halo-OpenIngressOnlyToLoadBalancers', () => {
  function withVpc() {
    const s = stack();
    const vpc = new ec2.Vpc(s, 'Vpc', { availabilityZones: ['eu-west-2a', 'eu-west-2b'], natGateways: 0 });
    return { s, vpc };
  }

  test("passes a load balancer's group open on 443 and 80", () => {
    const { s, vpc } = withVpc();
    const sg = new ec2.SecurityGroup(s, 'LbSg', { vpc });
    sg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443));
    sg.addIngressRule(ec2.Peer.anyIpv6(), ec2.Port.tcp(80));
    new elbv2.ApplicationLoadBalancer(s, 'Alb', { vpc, internetFacing: true, securityGroup: sg });
    expect(rules.OpenIngressOnlyToLoadBalancers(cfn(sg))).toBe(COMPLIANT);
  });

  test("fails a load balancer's group open on any other port", () => {
    const { s, vpc } = withVpc();
    const sg = new ec2.SecurityGroup(s, 'LbSg', { vpc });
    sg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(8443));
    new elbv2.ApplicationLoadBalancer(s, 'Alb', { vpc, internetFacing: true, securityGroup: sg });
    expect(rules.OpenIngressOnlyToLoadBalancers(cfn(sg))).toBe(NON_COMPLIANT);
  });

  test('fails an instance group open to the internet even on 443, on IPv4 or IPv6', () => {
    const { s, vpc } = withVpc();
    const v4 = new ec2.SecurityGroup(s, 'V4', { vpc });
    v4.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443));
    const v6 = new ec2.SecurityGroup(s, 'V6', { vpc });
    v6.addIngressRule(ec2.Peer.anyIpv6(), ec2.Port.tcp(3389));
    expect(rules.OpenIngressOnlyToLoadBalancers(cfn(v4))).toBe(NON_COMPLIANT);
    expect(rules.OpenIngressOnlyToLoadBalancers(cfn(v6))).toBe(NON_COMPLIANT);
  });

  test('judges standalone ingress resources by the group they attach to', () => {
    const { s, vpc } = withVpc();
    const lbSg = new ec2.SecurityGroup(s, 'LbSg', { vpc });
    new elbv2.ApplicationLoadBalancer(s, 'Alb', { vpc, internetFacing: true, securityGroup: lbSg });
    const other = new ec2.SecurityGroup(s, 'Other', { vpc });
    const toLb = new ec2.CfnSecurityGroupIngress(s, 'ToLb', {
      groupId: lbSg.securityGroupId,
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      cidrIp: '0.0.0.0/0',
    });
    const toOther = new ec2.CfnSecurityGroupIngress(s, 'ToOther', {
      groupId: other.securityGroupId,
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      cidrIp: '0.0.0.0/0',
    });
    const allPorts = new ec2.CfnSecurityGroupIngress(s, 'AllPorts', { groupId: lbSg.securityGroupId, ipProtocol: '-1', cidrIp: '0.0.0.0/0' });
    expect(rules.OpenIngressOnlyToLoadBalancers(toLb)).toBe(COMPLIANT);
    expect(rules.OpenIngressOnlyToLoadBalancers(toOther)).toBe(NON_COMPLIANT);
    expect(rules.OpenIngressOnlyToLoadBalancers(allPorts)).toBe(NON_COMPLIANT);
  });

  test('passes groups that admit only private ranges', () => {
    const { s, vpc } = withVpc();
    const sg = new ec2.SecurityGroup(s, 'Private', { vpc });
    sg.addIngressRule(ec2.Peer.ipv4('10.0.0.0/16'), ec2.Port.tcp(1433));
    expect(rules.OpenIngressOnlyToLoadBalancers(cfn(sg))).toBe(COMPLIANT);
  });
});
