import { renderDisasterRecoveryRunbook } from '../../lib/backup/runbook';
import { regionConfig } from '../fixtures/config';
import { validateConfig } from '../../lib/config';
import { fixtureInput } from '../fixtures/config';

const config = validateConfig(fixtureInput());

// That docs/disaster-recovery.md is what the shipped configuration renders: test/shipped-config.test.ts.
describe('the disaster-recovery runbook (of the fixture configuration)', () => {
  test('states the promises, the retention, where copies go and the restore steps', () => {
    const text = renderDisasterRecoveryRunbook(config);
    expect(text).toContain('| production | 1 h | 4 h |');
    expect(text).toMatch(
      /\| production \| Transaction-log backup .* \| every 1 h promised; taken every 15 min \| 3 days of point-in-time restore \(kept 5 days\) \|/,
    );
    expect(text).toMatch(/\| production \| Native full backup of every customer database \(the base of its log chain\) \| daily \| 5 days \|/);
    expect(text).toMatch(/\| production \| Daily full backup .* \| 14 days \|/);
    expect(text).toMatch(/\| production \| Monthly full backup .* \| 90 days \|/);
    expect(text).toMatch(/\| uat \| Native full backup of every customer database \(simple recovery: no transaction-log backups/);
    expect(text).toContain('| Frankfurt (eu-central-1) | prod-stable | production | EU | vault `halo-frankfurt` | London (eu-west-2), vault `halo-london` |');
    expect(text).toContain('| Cape Town (af-south-1) | prod-stable | production | ZA | vault `halo-cape-town` | nowhere: stays in region |');
    expect(text).toMatch(/## Restore steps \(RTO 4 h, RPO 1 h in production\)/);
    // The rebuild path and the drills, with each cell's documents.
    expect(text).toMatch(/\*\*A whole cell is lost: rebuild\.\*\* First a directory administrator deletes the cell's computer objects/);
    expect(text).toMatch(/the domain join refuses\s+a name that exists\. Then redeploy the cell's Data stack/);
    // A lost node comes back from its recovery point: a redeploy would not notice it is gone, and formation adds no node.
    expect(text).toMatch(/restore its latest recovery point in AWS Backup/);
    expect(text).toMatch(/Redeploying the Data stack does not replace\s+a lost node/);
    expect(text).toContain(
      '| London (eu-west-2) | prod-stable | `halo-prod-stable-failover-drill` | `halo-prod-stable-restore-drill` | Sun:01:00-Sun:04:00 Europe/London |',
    );
    expect(text).toContain('| London (eu-west-2) | uat | none (one node) | `halo-uat-restore-drill` | Sun:01:00-Sun:04:00 Europe/London |');
    expect(regionConfig('london').cells).toHaveLength(3);
  });

  test('changes when the configuration changes', () => {
    const changed = {
      ...config,
      backupPolicies: { ...config.backupPolicies, production: { ...config.backupPolicies.production, daily: { retentionDays: 21, startHourUtc: 1 } } },
    };
    expect(renderDisasterRecoveryRunbook(changed)).toMatch(/\| production \| Daily full backup .* \| 21 days \|/);
  });
});
