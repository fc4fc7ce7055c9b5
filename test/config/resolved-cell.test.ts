import { validateConfig, type RegionConfig, type ResolvedCell } from '../../lib/config';
import { fixtureStage } from '../fixtures/assembly';
import { FIXTURE_STAGES, fixtureInput, regionOf as region, type FixtureInput } from '../fixtures/config';
import { problemsOf } from './problems-of';

// Validation resolves, once, every fact the layers derive from a region or cell (lib/config/resolve.ts, names.ts).
const resolved = (change?: (input: FixtureInput) => void): readonly RegionConfig[] => {
  const input = fixtureInput();
  change?.(input);
  return validateConfig(input).regions;
};
const cellOf = (regions: readonly RegionConfig[], code: string, id: string): ResolvedCell => {
  const cell = regions.find((r) => r.code === code)?.cells.find((c) => c.id === id);
  if (!cell) throw new Error(`no cell ${id} in ${code}`);
  return cell;
};
const LONDON_VAULT = { region: 'eu-west-2', vaultName: 'halo-london', vaultArn: 'arn:aws:backup:eu-west-2:111122223333:backup-vault:halo-london' };
const FRANKFURT_VAULT = {
  region: 'eu-central-1',
  vaultName: 'halo-frankfurt',
  vaultArn: 'arn:aws:backup:eu-central-1:111122223333:backup-vault:halo-frankfurt',
};

describe('a resolved cell', () => {
  const regions = resolved();

  test("carries its environment's backup policy and published promise", () => {
    const production = cellOf(regions, 'eu-west-2', 'prod-stable').backup;
    expect([production.policy.logBackup, production.policy.rpoHours, production.promise.rpoHours, production.promise.monthlyRetentionDays]).toEqual([
      { intervalHours: 1, retentionDays: 3 },
      1,
      1,
      90,
    ]);
    const uat = cellOf(regions, 'eu-west-2', 'uat').backup;
    expect([uat.policy.logBackup, uat.policy.rpoHours, uat.promise]).toEqual([undefined, 24, { dailyRetentionDays: 14 }]);
  });

  test("keeps its recovery points in its region's vault and copies them where the cell says (Frankfurt's production to London)", () => {
    expect(cellOf(regions, 'eu-central-1', 'prod-stable').backup).toMatchObject({ vault: FRANKFURT_VAULT, copy: LONDON_VAULT });
    expect(cellOf(regions, 'eu-central-1', 'uat').backup.copy).toBeUndefined();
    expect(cellOf(regions, 'eu-west-2', 'prod-stable').backup).toMatchObject({ vault: LONDON_VAULT });
    expect(cellOf(regions, 'eu-west-2', 'prod-stable').backup.copy).toBeUndefined();
  });

  test('has no raw backupCopyRegion to recompute a copy from', () => {
    for (const cell of regions.flatMap((r) => r.cells)) expect(Object.keys(cell)).not.toContain('backupCopyRegion');
  });

  test("copies where its environment's copyRegion says unless it names its own copy region", () => {
    const withDefault = resolved((input) => {
      input.backupPolicies.uat.copyRegion = 'eu-west-2';
      // London's UAT cell serves the EU zone and names Frankfurt; Frankfurt's takes the environment's London.
      const londonUat = region(input, 'eu-west-2').cells.find((c) => c.id === 'uat')!;
      londonUat.zone = 'EU';
      londonUat.backupCopyRegion = 'eu-central-1';
    });
    expect(cellOf(withDefault, 'eu-central-1', 'uat').backup.copy).toEqual(LONDON_VAULT);
    expect(cellOf(withDefault, 'eu-west-2', 'uat').backup.copy).toEqual(FRANKFURT_VAULT);
  });

  test("addresses a copy to the vault in the destination region's own account", () => {
    const moved = resolved((input) => {
      const london = region(input, 'eu-west-2');
      london.account = '444455556666';
      london.cells.forEach((c) => (c.app.certificateArn = c.app.certificateArn.replace(':111122223333:', ':444455556666:')));
    });
    expect(cellOf(moved, 'eu-central-1', 'prod-stable').backup.copy?.vaultArn).toBe('arn:aws:backup:eu-west-2:444455556666:backup-vault:halo-london');
  });

  test("knows its zone's regions, its names and its tags", () => {
    const cell = cellOf(regions, 'eu-central-1', 'prod-stable');
    expect(cell.zoneRegions).toEqual(['eu-west-2', 'eu-central-1']);
    expect(cell.names).toEqual({
      layers: { data: 'prod-stable-data', app: 'prod-stable-app', monitoring: 'prod-stable-monitoring' },
      stacks: { data: 'halo-frankfurt-prod-stable-data', app: 'halo-frankfurt-prod-stable-app', monitoring: 'halo-frankfurt-prod-stable-monitoring' },
      sqlBackupBucketPrefix: 'halo-111122223333-eu-central-1-prod-stable-sql-',
      application: 'frankfurt-prod-stable',
      canary: 'halo-prod-stable',
      dashboard: 'halo-frankfurt-prod-stable',
      unavailableAlarm: 'halo-frankfurt-prod-stable-unavailable',
    });
    expect(cell.tags).toEqual({ 'halo:cell': 'prod-stable', 'halo:environment': 'production' });
  });
});

describe("a resolved region's names", () => {
  const regions = resolved();

  test('derive from its display name, account and code', () => {
    const nVirginia = regions.find((r) => r.code === 'us-east-1')!;
    expect(nVirginia.names).toEqual({
      slug: 'n-virginia',
      stageName: 'NVirginia',
      stacks: {
        security: 'halo-n-virginia-security',
        network: 'halo-n-virginia-network',
        directory: 'halo-n-virginia-directory',
        backup: 'halo-n-virginia-backup',
        monitoring: 'halo-n-virginia-monitoring',
      },
      vault: { region: 'us-east-1', vaultName: 'halo-n-virginia', vaultArn: 'arn:aws:backup:us-east-1:111122223333:backup-vault:halo-n-virginia' },
      namedBucketPrefix: 'halo-111122223333-us-east-1-',
      stackBucketPrefix: 'halo-n-virginia-',
      breakGlassRole: 'halo-break-glass-n-virginia',
      operatorRole: 'halo-operator-n-virginia',
      cdkExecutionRoleArn: 'arn:aws:iam::111122223333:role/cdk-hnb659fds-cfn-exec-role-111122223333-us-east-1',
      applications: 'n-virginia-*',
      trail: 'halo-n-virginia',
      keyAliasPrefix: 'alias/halo/n-virginia',
      accessAnalyzer: 'halo-n-virginia',
      wafLogDeliveryPolicy: 'halo-n-virginia-waf-log-delivery',
      sqlAgentParameter: 'AmazonCloudWatch-halo-n-virginia-sql',
      canaryArtifactsExports: { arn: 'halo-n-virginia-canary-artifacts-arn', name: 'halo-n-virginia-canary-artifacts-name' },
      restoreTestingPlan: 'halo_n_virginia_monthly',
      directory: { domainName: 'n-virginia.halo.internal', netbiosName: 'HALONVIRGINIA' },
    });
    expect([nVirginia.slug, nVirginia.stageName, nVirginia.tags]).toEqual(['n-virginia', 'NVirginia', { 'halo:region': 'n-virginia' }]);
  });

  test('are the names the stacks are deployed under (the fixture assembly)', () => {
    for (const stageName of FIXTURE_STAGES) {
      const region = regions.find((r) => r.stageName === stageName)!;
      const expected = [...Object.values(region.names.stacks), ...region.cells.flatMap((c) => Object.values(c.names.stacks))];
      expect(
        fixtureStage(stageName)
          .stacks.map((s) => s.stackName)
          .sort(),
      ).toEqual(expected.sort());
    }
  });

  test("name the vault, trail and native-backup buckets as synthesized, and tag a cell's Data stack with the cell's tags", () => {
    const london = regions.find((r) => r.code === 'eu-west-2')!;
    const stage = fixtureStage('London');
    const resources = (id: string, type: string) => Object.values(stage.templateJson(id).Resources as Record<string, any>).filter((r) => r.Type === type);
    expect(resources('Backup', 'AWS::Backup::BackupVault').map((v) => v.Properties.BackupVaultName)).toEqual([london.names.vault.vaultName]);
    expect(resources('Security', 'AWS::CloudTrail::Trail').map((t) => t.Properties.TrailName)).toEqual([london.names.trail]);
    for (const cell of london.cells) {
      const named = resources(`${cell.id}-Data`, 'AWS::S3::Bucket').filter((b) => b.Properties.BucketName !== undefined);
      expect(named.map((b) => JSON.stringify(b.Properties.BucketName))).toEqual([expect.stringContaining(cell.names.sqlBackupBucketPrefix)]);
      const tagsOf = (r: any) => Object.fromEntries(((r.Properties.Tags ?? []) as { Key: string; Value: string }[]).map((t) => [t.Key, t.Value]));
      for (const instance of resources(`${cell.id}-Data`, 'AWS::EC2::Instance')) expect(tagsOf(instance)).toMatchObject(cell.tags);
    }
  });
});

describe('a bad value the resolution reads still fails with one clear line', () => {
  test('a copy region of another type', () => {
    expect(
      problemsOf((c) => {
        (region(c, 'eu-central-1').cells[0] as { backupCopyRegion: unknown }).backupCopyRegion = 5;
      }),
    ).toEqual(['Region Frankfurt (eu-central-1), cell prod-stable: backupCopyRegion is 5; allowed: an AWS region code']);
  });

  test('a region name the names derive from, of another type', () => {
    expect(
      problemsOf((c) => {
        (region(c, 'af-south-1') as { name: unknown }).name = 42;
      }),
    ).toEqual(['Region #4 (af-south-1): name is 42; allowed: a display name such as "London"']);
  });

  test('a missing backup policy', () => {
    expect(
      problemsOf((c) => {
        delete (c.backupPolicies as { uat?: unknown }).uat;
      }),
    ).toEqual(['Backup policy uat: value is missing; allowed: an object {logBackup, daily, monthly, rpoHours, rtoHours, copyRegion}']);
  });
});
