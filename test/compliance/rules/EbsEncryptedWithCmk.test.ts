import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { NagRuleCompliance } from 'cdk-nag';
import { rules } from '../../../lib/compliance';
import { ruleStack } from '../fixtures';

const { COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE } = NagRuleCompliance;

describe('Halo-EbsEncryptedWithCmk', () => {
  test('passes a volume encrypted with a customer-managed key', () => {
    const s = ruleStack();
    const key = new kms.Key(s, 'Key');
    expect(rules.EbsEncryptedWithCmk(new ec2.CfnVolume(s, 'V', { availabilityZone: 'eu-west-2a', size: 10, encrypted: true, kmsKeyId: key.keyArn }))).toBe(
      COMPLIANT,
    );
  });

  test('fails an unencrypted volume and one under the AWS-managed key', () => {
    const s = ruleStack();
    expect(rules.EbsEncryptedWithCmk(new ec2.CfnVolume(s, 'Plain', { availabilityZone: 'eu-west-2a', size: 10 }))).toBe(NON_COMPLIANT);
    expect(rules.EbsEncryptedWithCmk(new ec2.CfnVolume(s, 'Default', { availabilityZone: 'eu-west-2a', size: 10, encrypted: true }))).toBe(NON_COMPLIANT);
    expect(
      rules.EbsEncryptedWithCmk(new ec2.CfnVolume(s, 'AwsKey', { availabilityZone: 'eu-west-2a', size: 10, encrypted: true, kmsKeyId: 'alias/aws/ebs' })),
    ).toBe(NON_COMPLIANT);
  });

  test('checks instance and launch-template block devices', () => {
    const s = ruleStack();
    const key = new kms.Key(s, 'Key');
    const good = { deviceName: '/dev/sda1', ebs: { encrypted: true, kmsKeyId: key.keyArn } };
    const bad = { deviceName: '/dev/sdb', ebs: { encrypted: true } };
    expect(rules.EbsEncryptedWithCmk(new ec2.CfnInstance(s, 'Good', { blockDeviceMappings: [good] }))).toBe(COMPLIANT);
    expect(rules.EbsEncryptedWithCmk(new ec2.CfnInstance(s, 'Bad', { blockDeviceMappings: [good, bad] }))).toBe(NON_COMPLIANT);
    expect(rules.EbsEncryptedWithCmk(new ec2.CfnLaunchTemplate(s, 'Lt', { launchTemplateData: { blockDeviceMappings: [bad] } }))).toBe(NON_COMPLIANT);
    expect(rules.EbsEncryptedWithCmk(new ec2.CfnVPC(s, 'Vpc', {}))).toBe(NOT_APPLICABLE);
  });

  test('fails every launch configuration: its block devices cannot name a key', () => {
    const s = ruleStack();
    const blockDeviceMappings = [{ deviceName: '/dev/sda1', ebs: { encrypted: true, volumeSize: 50 } }];
    expect(
      rules.EbsEncryptedWithCmk(new autoscaling.CfnLaunchConfiguration(s, 'Lc', { imageId: 'ami-12345678', instanceType: 't3.micro', blockDeviceMappings })),
    ).toBe(NON_COMPLIANT);
  });
});
