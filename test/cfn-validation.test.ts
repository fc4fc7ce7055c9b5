import { readValidationReport } from '../lib/compliance';
import { FIXTURE_STAGES } from './fixtures/config';
import { fixtureCompliance } from './fixtures/assembly';

// aws-cdk-lib's built-in CloudFormation validation, as the fixture synth of the run (and CI's, for the shipped
// configuration) runs it: every template of every fixture region, opt-in Cape Town and organization-managed Frankfurt included.
describe('CloudFormation validation', () => {
  const cfn = readValidationReport(fixtureCompliance()).pluginReports.filter((p) => /CloudFormation/i.test(p.pluginName));

  test('ran, and reported the acknowledged pinned-AZ warning (W3010) as suppressed in every region', () => {
    expect(cfn).toHaveLength(1);
    const suppressed = (cfn[0].suppressedViolations ?? []).filter((v) => v.ruleName.includes('W3010'));
    const stages = new Set(suppressed.flatMap((v) => (v.violatingConstructs ?? []).map((c) => (c.constructPath ?? '').split('/')[0])));
    expect([...stages].sort()).toEqual([...FIXTURE_STAGES].sort());
  });

  test('left no schema or rule finding unacknowledged', () => {
    expect(cfn.flatMap((p) => (p.violations ?? []).map((v) => `${v.severity} ${v.ruleName}`))).toEqual([]);
  });
});
