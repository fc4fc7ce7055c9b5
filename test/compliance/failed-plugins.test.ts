import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { failedPlugins, VALIDATION_REPORT_FILE } from '../../lib/compliance/validation-report';

test('a plugin that failed without a finding (it crashed) is named, with its reason; findings and passes are not', () => {
  const dir = mkdtempSync(join(tmpdir(), 'halo-failed-plugins-'));
  try {
    writeFileSync(
      join(dir, VALIDATION_REPORT_FILE),
      JSON.stringify({
        pluginReports: [
          { pluginName: 'CloudFormation Validate', conclusion: 'failure', metadata: { error: 'engine crashed' }, violations: [] },
          { pluginName: 'AwsSolutions', conclusion: 'failure', violations: [{ ruleName: 'AwsSolutions-S1', violatingConstructs: [{ constructPath: 'A/B' }] }] },
          { pluginName: 'HIPAA.Security', conclusion: 'success', violations: [] },
        ],
      }),
    );
    expect(failedPlugins(dir)).toEqual(['CloudFormation Validate failed without a finding: engine crashed']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
