import { Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { APP_PORT, AppFleet, type AppFleetProps } from '../../lib/app/app-fleet';
import { SecureLoadBalancer } from '../../lib/app/secure-load-balancer';
import { testStack } from '../helpers';

/** A fleet behind its load balancer in a minimal stack, carrying a database's client access. */
function fleetBehindLoadBalancer(overrides: Partial<AppFleetProps> = {}): {
  fleet: AppFleet;
  loadBalancer: SecureLoadBalancer;
  databaseClients: ec2.SecurityGroup;
} {
  const stack = testStack();
  const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: ['eu-west-2a', 'eu-west-2b'], natGateways: 0 });
  const loadBalancer = new SecureLoadBalancer(stack, 'Lb', {
    vpc,
    internetFacing: true,
    subnets: { subnetType: ec2.SubnetType.PUBLIC },
    certificateArn: 'arn:aws:acm:eu-west-2:111122223333:certificate/4f42749e-f8dd-5a19-a650-c7f15599cc01',
    sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
    accessLogs: { bucket: new s3.Bucket(stack, 'Logs'), prefix: 'elb/cell/web' },
  });
  const databaseClients = new ec2.SecurityGroup(stack, 'DatabaseClients', { vpc });
  const fleet = new AppFleet(stack, 'Fleet', {
    vpc,
    vpcCidr: '10.10.0.0/16',
    subnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    component: 'web',
    artifacts: { bucketName: 'releases', prefix: 'releases/' },
    instanceType: 'm6i.large',
    minCapacity: 0,
    maxCapacity: 2,
    role: new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') }),
    volumeKey: new kms.Key(stack, 'Key'),
    loadBalancer,
    clientOf: [databaseClients],
    trustedCertificateAuthorityArn: 'arn:aws:acm-pca:eu-west-2:111122223333:certificate-authority/11111111-2222-3333-4444-555555555555',
    ...overrides,
  });
  loadBalancer.serve(elbv2.ListenerAction.forward([fleet.targetGroup]));
  return { fleet, loadBalancer, databaseClients };
}

const { fleet, loadBalancer, databaseClients } = fleetBehindLoadBalancer();
const stack = Stack.of(fleet);
const template = Template.fromStack(stack);
const idOf = (group: ec2.ISecurityGroup) => stack.resolve(group.securityGroupId);

describe('AppFleet', () => {
  test('refuses a desired capacity outside its minimum and maximum, and a rolling update with no room above the minimum', () => {
    expect(() => fleetBehindLoadBalancer({ desiredCapacity: 3 })).toThrow(/desiredCapacity \(3\) must lie between minCapacity \(0\) and maxCapacity \(2\)/);
    expect(() => fleetBehindLoadBalancer({ minCapacity: 2, rollingUpdate: true })).toThrow(
      /a rolling update needs room above minCapacity \(2\) below maxCapacity \(2\)/,
    );
    const { fleet: idle } = fleetBehindLoadBalancer({ desiredCapacity: 0 });
    const group = Object.values(Template.fromStack(Stack.of(idle)).findResources('AWS::AutoScaling::AutoScalingGroup'))[0];
    expect(group.Properties.DesiredCapacity).toBe('0');
  });

  test("grantPrincipal is the instances' role: a resource's grant to the fleet lands in that role's policy", () => {
    const { fleet: granted } = fleetBehindLoadBalancer();
    const own = Stack.of(granted);
    new s3.Bucket(own, 'Granted').grantRead(granted);
    const policies = Template.fromStack(own).findResources('AWS::IAM::Policy');
    const [policy] = Object.values(policies).filter((p) => JSON.stringify(p).includes('s3:GetObject*'));
    expect(policy.Properties.Roles).toEqual([own.resolve((own.node.findChild('Role') as iam.Role).roleName)]);
  });

  test("connections are the instances' own group, the app port by default", () => {
    expect(fleet.connections.securityGroups.map(idOf)).toEqual([idOf(fleet.securityGroup)]);
    expect(fleet.connections.defaultPort?.toString()).toBe(String(APP_PORT));
  });

  test('admits its load balancer on the app port, and the load balancer may reach it there', () => {
    const [lb] = loadBalancer.connections.securityGroups;
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: idOf(fleet.securityGroup),
      SourceSecurityGroupId: idOf(lb),
      FromPort: APP_PORT,
      Description: 'App port from its load balancer',
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', {
      GroupId: idOf(lb),
      DestinationSecurityGroupId: idOf(fleet.securityGroup),
      FromPort: APP_PORT,
    });
  });

  test('instances carry the client access it is given, beside their own group, on their network interface', () => {
    const [launchTemplate] = Object.values(template.findResources('AWS::EC2::LaunchTemplate'));
    expect(launchTemplate.Properties.LaunchTemplateData.NetworkInterfaces[0].Groups).toEqual([idOf(fleet.securityGroup), idOf(databaseClients)]);
  });

  test("metrics are its target group's", () => {
    const requests = fleet.metrics.requestCount({ period: Duration.minutes(5) });
    expect(stack.resolve(requests.dimensions)).toEqual({ TargetGroup: stack.resolve(fleet.targetGroup.targetGroupFullName), LoadBalancer: expect.anything() });
  });

  test('metricInServiceInstances() counts the group in service, the 5-minute maximum by default', () => {
    const metric = fleet.metricInServiceInstances();
    expect([metric.namespace, metric.metricName, metric.statistic, metric.period.toMinutes()]).toEqual([
      'AWS/AutoScaling',
      'GroupInServiceInstances',
      'Maximum',
      5,
    ]);
    expect(stack.resolve(metric.dimensions)).toEqual({ AutoScalingGroupName: stack.resolve(fleet.autoScalingGroup.autoScalingGroupName) });
    expect(fleet.metricInServiceInstances({ period: Duration.minutes(1) }).period.toMinutes()).toBe(1);
  });
});
