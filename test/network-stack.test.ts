import { Match } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { validateConfig } from '../lib/config';
import { INTERFACE_ENDPOINT_SERVICES } from '../lib/network/region-network';
import { NetworkStack } from '../stacks/network-stack';
import { fixtureInput, withCanadaCentral } from './fixtures/config';
import { fixtureStage, templateOf, testApp, testStack } from './helpers';

describe('Network stack', () => {
  const london = fixtureStage('London');
  const template = london.template('Network');
  const subnets = Object.values(template.findResources('AWS::EC2::Subnet'));

  test('is named for its region and layer and deploys after the Security stack', () => {
    expect(london.stack('Network').stackName).toBe('halo-london-network');
    expect(london.stack('Network').dependencies).toContain('Security');
  });

  test("spreads public, app and data subnets over the region's three AZs", () => {
    expect(subnets).toHaveLength(9);
    const azsOf = (type: string) =>
      subnets
        .filter((s) => s.Properties.Tags.some((t: { Key: string; Value: string }) => t.Key === 'aws-cdk:subnet-name' && t.Value === type))
        .map((s) => s.Properties.AvailabilityZone)
        .sort();
    for (const group of ['Public', 'App', 'Data']) expect(azsOf(group)).toEqual(['eu-west-2a', 'eu-west-2b', 'eu-west-2c']);
  });

  test('uses the configured CIDR and the AZs of Canada Central (a, b, d) there', () => {
    template.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '10.10.0.0/16', EnableDnsHostnames: true, EnableDnsSupport: true });
    // The stack alone, for a region whose AZs skip a letter, with a logs key in a stack of its own (as the Security stack's).
    const canada = validateConfig(withCanadaCentral(fixtureInput())).regions.find((r) => r.code === 'ca-central-1')!;
    const app = testApp();
    const keys = testStack('ca-central-1', app, 'Keys');
    const network = new NetworkStack(app, 'Network', { region: canada, logsKey: new kms.Key(keys, 'LogsKey') });
    const azs = Object.values(templateOf(network).findResources('AWS::EC2::Subnet')).map((s) => s.Properties.AvailabilityZone);
    expect([...new Set(azs)].sort()).toEqual(['ca-central-1a', 'ca-central-1b', 'ca-central-1d']);
  });

  test('has one NAT gateway per AZ, each in a public subnet, and their addresses are the only public IPs', () => {
    template.resourceCountIs('AWS::EC2::NatGateway', 3);
    template.resourceCountIs('AWS::EC2::EIP', 3);
    const natSubnets = Object.values(template.findResources('AWS::EC2::NatGateway')).map((n) => n.Properties.SubnetId.Ref);
    expect(new Set(natSubnets).size).toBe(3);
    natSubnets.forEach((id) => expect(id).toMatch(/PublicSubnet\d/));
    for (const subnet of subnets) expect(subnet.Properties.MapPublicIpOnLaunch).toBe(false);
    template.resourceCountIs('AWS::EC2::Instance', 0);
  });

  test('routes app subnets to the NAT gateway of their own AZ and gives data subnets no internet route', () => {
    const routes = Object.entries(template.findResources('AWS::EC2::Route'));
    const appRoutes = routes.filter(([id]) => id.includes('AppSubnet'));
    expect(appRoutes).toHaveLength(3);
    for (const [id, route] of appRoutes) {
      const n = id.match(/AppSubnet(\d)/)![1];
      expect(route.Properties.NatGatewayId.Ref).toMatch(new RegExp(`PublicSubnet${n}NATGateway`));
    }
    expect(routes.filter(([id]) => id.includes('DataSubnet'))).toHaveLength(0);
  });

  test('logs all traffic to a retained log group encrypted with the logs key, kept a year', () => {
    template.hasResourceProperties('AWS::EC2::FlowLog', { ResourceType: 'VPC', TrafficType: 'ALL', LogDestinationType: 'cloud-watch-logs' });
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: { RetentionInDays: 365, KmsKeyId: Match.anyValue() },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    const [logGroup] = Object.values(template.findResources('AWS::Logs::LogGroup'));
    expect(JSON.stringify(logGroup.Properties.KmsKeyId)).toContain('KeysLogsKey');
  });

  test('delivers flow logs through a role only the flow-logs service of this account can assume, with a managed policy', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Principal: { Service: 'vpc-flow-logs.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' }, ArnLike: Match.anyValue() },
          }),
        ],
      },
    });
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: [
          Match.objectLike({
            Action: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('FlowLogGroup'), 'Arn'] },
          }),
        ],
      },
    });
  });

  test('has an S3 gateway endpoint on every route table', () => {
    const gateway = Object.values(template.findResources('AWS::EC2::VPCEndpoint', { Properties: { VpcEndpointType: 'Gateway' } }));
    expect(gateway).toHaveLength(1);
    expect(JSON.stringify(gateway[0].Properties.ServiceName)).toMatch(/\.s3"/);
    expect(gateway[0].Properties.RouteTableIds).toHaveLength(9);
  });

  test.each(['ssm', 'ssmmessages', 'ec2messages', 'kms', 'logs', 'secretsmanager', 'sts', 'monitoring', 'ds'])(
    'has a private-DNS interface endpoint for %s in the app subnets of all three AZs',
    (service) => {
      const endpoints = Object.values(
        template.findResources('AWS::EC2::VPCEndpoint', {
          Properties: { ServiceName: `com.amazonaws.eu-west-2.${service}` },
        }),
      );
      expect(endpoints).toHaveLength(1);
      expect(endpoints[0].Properties.PrivateDnsEnabled).toBe(true);
      expect(endpoints[0].Properties.VpcEndpointType).toBe('Interface');
      expect(endpoints[0].Properties.SubnetIds.map((s: { Ref: string }) => s.Ref).join()).toMatch(/AppSubnet1.*AppSubnet2.*AppSubnet3/);
    },
  );

  test('endpoints accept HTTPS from the VPC only and send nothing out', () => {
    expect(Object.keys(INTERFACE_ENDPOINT_SERVICES)).toEqual([
      'Ssm',
      'SsmMessages',
      'Ec2Messages',
      'Kms',
      'Logs',
      'SecretsManager',
      'Sts',
      'Monitoring',
      'Ec2',
      'PrivateCa',
      'DirectoryService',
    ]);
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: [{ CidrIp: '10.10.0.0/16', FromPort: 443, ToPort: 443, IpProtocol: 'tcp', Description: 'HTTPS from the VPC' }],
      SecurityGroupEgress: [Match.objectLike({ CidrIp: '255.255.255.255/32', Description: 'Disallow all traffic' })],
    });
  });

  test("strips every rule from the VPC's default security group", () => {
    template.hasResourceProperties('Custom::VpcRestrictDefaultSG', {
      DefaultSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('Vpc'), 'DefaultSecurityGroup'] },
    });
  });
});
