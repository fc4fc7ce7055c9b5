import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { readValidationReport } from '../lib/compliance';
import { buildTestApp } from './helpers';

// The one test that pays for aws-cdk-lib's built-in CloudFormation validation; the CI synth runs it for all regions.
describe('CloudFormation validation', () => {
  test.each(['london', 'cape-town'])('%s synthesizes with no schema or rule finding left unacknowledged', (region) => {
    const { app } = buildTestApp({ regions: region, cfnValidation: true, outdir: mkdtempSync(join(tmpdir(), 'halo-cfn-')) });
    const assembly = app.synth();
    const cfn = readValidationReport(assembly.directory).pluginReports.filter((p) => /CloudFormation/i.test(p.pluginName));
    // The plugin ran: it reports the acknowledged pinned-AZ warning as suppressed.
    expect(cfn).toHaveLength(1);
    expect(JSON.stringify(cfn[0].suppressedViolations)).toContain('W3010');
    expect(cfn.flatMap((p) => (p.violations ?? []).map((v) => `${v.severity} ${v.ruleName}`))).toEqual([]);
  });
});
