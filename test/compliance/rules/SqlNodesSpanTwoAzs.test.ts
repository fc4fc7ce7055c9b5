import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { NagRuleCompliance } from 'cdk-nag';
import { rules } from '../../../lib/compliance';
import { clusterFixture, ruleStack } from '../fixtures';

describe('Halo-SqlNodesSpanTwoAzs', () => {
  test('passes nodes in AZ 1 and AZ 2', () => {
    const { nodes } = clusterFixture([0, 1]);
    nodes.forEach((n) => expect(rules.SqlNodesSpanTwoAzs(n)).toBe(NagRuleCompliance.COMPLIANT));
  });

  test('fails two nodes in the same AZ, and a lone node', () => {
    clusterFixture([1, 1]).nodes.forEach((n) => expect(rules.SqlNodesSpanTwoAzs(n)).toBe(NagRuleCompliance.NON_COMPLIANT));
    clusterFixture([0]).nodes.forEach((n) => expect(rules.SqlNodesSpanTwoAzs(n)).toBe(NagRuleCompliance.NON_COMPLIANT));
  });

  test('ignores instances that are not SQL nodes', () => {
    expect(rules.SqlNodesSpanTwoAzs(new ec2.CfnInstance(ruleStack(), 'Web', {}))).toBe(NagRuleCompliance.NOT_APPLICABLE);
  });
});
