import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { NagRuleCompliance } from 'cdk-nag';
import { rules } from '../../../lib/compliance';
import { clusterFixture, ruleStack } from '../fixtures';

const { COMPLIANT, NON_COMPLIANT } = NagRuleCompliance;

describe('Halo-InstanceNoPublicIp', () => {
  test('passes instances behind a network interface in an isolated subnet', () => {
    clusterFixture([0, 1]).nodes.forEach((n) => expect(rules.InstanceNoPublicIp(n)).toBe(COMPLIANT));
  });

  test('fails an instance that asks for a public IP, or sits in a subnet that assigns one', () => {
    const s = ruleStack();
    const vpc = new ec2.Vpc(s, 'Vpc', {
      availabilityZones: ['eu-west-2a'],
      natGateways: 0,
      subnetConfiguration: [{ name: 'Public', subnetType: ec2.SubnetType.PUBLIC, mapPublicIpOnLaunch: true }],
    });
    const asks = new ec2.CfnInstance(s, 'Asks', {
      networkInterfaces: [{ deviceIndex: '0', associatePublicIpAddress: true, subnetId: vpc.publicSubnets[0].subnetId }],
    });
    const inPublic = new ec2.CfnInstance(s, 'InPublic', { subnetId: vpc.publicSubnets[0].subnetId });
    expect(rules.InstanceNoPublicIp(asks)).toBe(NON_COMPLIANT);
    expect(rules.InstanceNoPublicIp(inPublic)).toBe(NON_COMPLIANT);
  });

  test('fails a launch template with a public IP and an Elastic IP on an instance', () => {
    const s = ruleStack();
    const lt = new ec2.CfnLaunchTemplate(s, 'Lt', { launchTemplateData: { networkInterfaces: [{ deviceIndex: 0, associatePublicIpAddress: true }] } });
    const instance = new ec2.CfnInstance(s, 'I', {});
    expect(rules.InstanceNoPublicIp(lt)).toBe(NON_COMPLIANT);
    expect(rules.InstanceNoPublicIp(new ec2.CfnEIP(s, 'Eip', { instanceId: instance.ref }))).toBe(NON_COMPLIANT);
    expect(rules.InstanceNoPublicIp(new ec2.CfnEIP(s, 'NatEip', { domain: 'vpc' }))).toBe(COMPLIANT);
  });
});
