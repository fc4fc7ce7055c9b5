import { App, Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { NagRuleCompliance } from 'cdk-nag';
import { CellBackupPlan } from '../../lib/backup/cell-backup-plan';
import { declareResidency, HaloChecks, rules } from '../../lib/compliance';
import { FIXTURE_ZONES } from '../fixtures/config';

/** The fixture's residency zones, and one more of a single opt-in region. */
const RESIDENCY_ZONES: Record<string, readonly string[]> = { ...FIXTURE_ZONES, ME: ['me-south-1'] };

const POLICY = { daily: { retentionDays: 14, startHourUtc: 1 }, monthly: { retentionDays: 90 }, rpoHours: 1, rtoHours: 4 };

/** The plan resource the rule reads (the L2 plan's CloudFormation resource). */
const cfnPlanOf = (plan: CellBackupPlan) => plan.node.findAll().find((c): c is backup.CfnBackupPlan => c instanceof backup.CfnBackupPlan)!;

/** A cell's plan in `region`, in `zone`, copying to `copyTo`. */
function planCopying(region: string, zone: string, copyTo: string) {
  const app = new App();
  const stack = new Stack(app, 'Backup', { env: { account: '111122223333', region } });
  const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('backup.amazonaws.com') });
  const plan = new CellBackupPlan(stack, 'Cell', {
    cellId: 'prod-stable',
    policy: POLICY,
    vaultName: 'halo-x',
    role,
    copyTo: { region: copyTo, vaultArn: `arn:aws:backup:${copyTo}:111122223333:backup-vault:halo-y` },
  });
  declareResidency(plan, { zone, regions: RESIDENCY_ZONES[zone] });
  return { app, plan };
}

describe('Halo-CrossRegionDestinationsInZone', () => {
  test.each([
    ['a London UK-only cell copying to Frankfurt', 'eu-west-2', 'UK', 'eu-central-1'],
    ['a Cape Town cell copying to London', 'af-south-1', 'ZA', 'eu-west-2'],
    ['an N. Virginia cell copying to Canada', 'us-east-1', 'US', 'ca-central-1'],
    ['a Frankfurt EU cell copying to N. Virginia', 'eu-central-1', 'EU', 'us-east-1'],
    ['a Bahrain cell copying to Sydney', 'me-south-1', 'ME', 'ap-southeast-2'],
  ])('fails %s', (_name, region, zone, copyTo) => {
    const { app, plan } = planCopying(region, zone, copyTo);
    expect(rules.CrossRegionDestinationsInZone(cfnPlanOf(plan))).toBe(NagRuleCompliance.NON_COMPLIANT);
    const found = new HaloChecks().validateScope(app).violations.map((v) => v.ruleName);
    expect(found).toContain('Halo-CrossRegionDestinationsInZone');
  });

  test('passes a Frankfurt EU cell copying to London', () => {
    const { plan } = planCopying('eu-central-1', 'EU', 'eu-west-2');
    expect(rules.CrossRegionDestinationsInZone(cfnPlanOf(plan))).toBe(NagRuleCompliance.COMPLIANT);
  });

  test('holds a region-level resource with no declared residency to its own region', () => {
    const app = new App();
    const stack = new Stack(app, 'Undeclared', { env: { account: '111122223333', region: 'eu-west-2' } });
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('backup.amazonaws.com') });
    const undeclared = new CellBackupPlan(stack, 'Cell', {
      cellId: 'x',
      policy: POLICY,
      vaultName: 'v',
      role,
      copyTo: { region: 'eu-central-1', vaultArn: 'arn:aws:backup:eu-central-1:111122223333:backup-vault:v' },
    });
    expect(rules.CrossRegionDestinationsInZone(cfnPlanOf(undeclared))).toBe(NagRuleCompliance.NON_COMPLIANT);
  });

  test('fails S3 replication to a bucket in a region outside the zone, and to a bucket it cannot place', () => {
    const app = new App();
    const london = new Stack(app, 'London', { env: { account: '111122223333', region: 'eu-west-2' } });
    const frankfurt = new Stack(app, 'Frankfurt', { env: { account: '111122223333', region: 'eu-central-1' } });
    declareResidency(london, { zone: 'UK', regions: RESIDENCY_ZONES.UK });
    const target = new s3.Bucket(frankfurt, 'Replica', { versioned: true });
    const role = new iam.Role(london, 'ReplicationRole', { assumedBy: new iam.ServicePrincipal('s3.amazonaws.com') });
    const toFrankfurt = new s3.CfnBucket(london, 'ToFrankfurt', {
      versioningConfiguration: { status: 'Enabled' },
      replicationConfiguration: { role: role.roleArn, rules: [{ status: 'Enabled', destination: { bucket: target.bucketArn } }] },
    });
    const toUnknown = new s3.CfnBucket(london, 'ToUnknown', {
      replicationConfiguration: { role: role.roleArn, rules: [{ status: 'Enabled', destination: { bucket: 'arn:aws:s3:::somewhere' } }] },
    });
    const plain = new s3.CfnBucket(london, 'Plain', {});
    expect(rules.CrossRegionDestinationsInZone(toFrankfurt)).toBe(NagRuleCompliance.NON_COMPLIANT);
    expect(rules.CrossRegionDestinationsInZone(toUnknown)).toBe(NagRuleCompliance.NON_COMPLIANT);
    expect(rules.CrossRegionDestinationsInZone(plain)).toBe(NagRuleCompliance.COMPLIANT);
  });
});
