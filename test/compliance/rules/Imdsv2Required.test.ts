import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { NagRuleCompliance } from 'cdk-nag';
import { rules } from '../../../lib/compliance';
import { ruleStack } from '../fixtures';

const { COMPLIANT, NON_COMPLIANT } = NagRuleCompliance;

describe('Halo-Imdsv2Required', () => {
  test('passes an instance whose launch template requires tokens, and the template itself', () => {
    const s = ruleStack();
    const lt = new ec2.CfnLaunchTemplate(s, 'Lt', { launchTemplateData: { metadataOptions: { httpTokens: 'required' } } });
    const instance = new ec2.CfnInstance(s, 'I', { launchTemplate: { launchTemplateId: lt.ref, version: lt.attrLatestVersionNumber } });
    expect(rules.Imdsv2Required(lt)).toBe(COMPLIANT);
    expect(rules.Imdsv2Required(instance)).toBe(COMPLIANT);
  });

  test('fails an instance without a launch template, or with one that allows IMDSv1', () => {
    const s = ruleStack();
    const optional = new ec2.CfnLaunchTemplate(s, 'Lt', { launchTemplateData: { metadataOptions: { httpTokens: 'optional' } } });
    expect(rules.Imdsv2Required(optional)).toBe(NON_COMPLIANT);
    expect(rules.Imdsv2Required(new ec2.CfnInstance(s, 'Bare', {}))).toBe(NON_COMPLIANT);
    expect(rules.Imdsv2Required(new ec2.CfnInstance(s, 'V1', { launchTemplate: { launchTemplateId: optional.ref, version: '1' } }))).toBe(NON_COMPLIANT);
  });

  test("an instance's own metadata options decide over its template's, as they do at launch", () => {
    const s = ruleStack();
    const required = new ec2.CfnLaunchTemplate(s, 'Lt', { launchTemplateData: { metadataOptions: { httpTokens: 'required' } } });
    const launchTemplate = { launchTemplateId: required.ref, version: required.attrLatestVersionNumber };
    expect(rules.Imdsv2Required(new ec2.CfnInstance(s, 'AllowsV1', { launchTemplate, metadataOptions: { httpTokens: 'optional' } }))).toBe(NON_COMPLIANT);
    expect(rules.Imdsv2Required(new ec2.CfnInstance(s, 'OwnV2', { metadataOptions: { httpTokens: 'required' } }))).toBe(COMPLIANT);
  });

  test('checks launch configurations', () => {
    const s = ruleStack();
    const props = { imageId: 'ami-12345678', instanceType: 't3.micro' };
    expect(rules.Imdsv2Required(new autoscaling.CfnLaunchConfiguration(s, 'Lc', { ...props, metadataOptions: { httpTokens: 'required' } }))).toBe(COMPLIANT);
    expect(rules.Imdsv2Required(new autoscaling.CfnLaunchConfiguration(s, 'LcV1', props))).toBe(NON_COMPLIANT);
  });
});
