import { NagRuleCompliance } from 'cdk-nag';
import { rules } from '../../../lib/compliance';
import { clusterFixture } from '../fixtures';

describe('Halo-WitnessInNodeFreeAz', () => {
  test('passes a witness in the AZ that holds no node', () => {
    expect(rules.WitnessInNodeFreeAz(clusterFixture([0, 1], 2).witness!)).toBe(NagRuleCompliance.COMPLIANT);
  });

  test('fails a witness beside a node (the Quick Start default)', () => {
    expect(rules.WitnessInNodeFreeAz(clusterFixture([0, 1], 0).witness!)).toBe(NagRuleCompliance.NON_COMPLIANT);
    expect(rules.WitnessInNodeFreeAz(clusterFixture([0, 1], 1).witness!)).toBe(NagRuleCompliance.NON_COMPLIANT);
  });

  test('fails a witness whose cluster has no nodes to compare with', () => {
    expect(rules.WitnessInNodeFreeAz(clusterFixture([], 2).witness!)).toBe(NagRuleCompliance.NON_COMPLIANT);
  });
});
