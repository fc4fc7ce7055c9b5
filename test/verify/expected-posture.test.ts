import { fixtureExpectedPostures } from '../fixtures/assembly';

describe('the expected posture of a region', () => {
  test("is what the London Stage declares (the fixture's London)", () => {
    const expected = fixtureExpectedPostures().find((p) => p.stage === 'London')!;
    expect(expected).toMatchObject({
      region: 'eu-west-2',
      stage: 'London',
      account: '111122223333',
      trailName: 'halo-london',
      vault: { name: 'halo-london', minRetentionDays: 14, maxRetentionDays: 90 },
      guardDutyFeatures: ['S3_DATA_EVENTS', 'EBS_MALWARE_PROTECTION'],
      securityServices: { guardDuty: 'stack', securityHub: 'stack', config: 'stack' },
      bucketNamePrefixes: ['halo-london-', 'halo-111122223333-eu-west-2-'],
    });
    expected.securityHubStandards.forEach((arn) => expect(arn).toMatch(/^arn:aws:securityhub:eu-west-2::standards\/.+/));
    expect(expected.backupPlans.map((p) => p.name)).toEqual(['halo-eu-west-2-prod-stable', 'halo-eu-west-2-prod-beta', 'halo-eu-west-2-uat']);
    expect(expected.restoreTests.map((t) => t.cell)).toEqual(['prod-stable', 'prod-beta']);
    expect(expected.sqlNodes.filter((n) => n.cell === 'prod-stable').map((n) => n.availabilityZone)).toEqual(['eu-west-2a', 'eu-west-2b']);
    expect(expected.sqlNodes.filter((n) => n.cell === 'uat').map((n) => n.hostName)).toEqual(['uat-1']);
    // A failover drill where there is an availability group, a restore drill everywhere.
    expect(expected.sqlDrills.map((d) => `${d.cell} ${d.kind} ${d.documentName}`)).toEqual([
      'prod-stable failover halo-prod-stable-failover-drill',
      'prod-stable restore halo-prod-stable-restore-drill',
      'prod-beta failover halo-prod-beta-failover-drill',
      'prod-beta restore halo-prod-beta-restore-drill',
      'uat restore halo-uat-restore-drill',
    ]);
    // The audit trail's bucket is locked, the access-log bucket is not; both are versioned.
    const security = expected.buckets.filter((b) => b.stack === 'halo-london-security');
    expect(security.map((b) => b.objectLock).sort()).toEqual([false, false, true]);
    security.forEach((b) => expect(b.versioned).toBe(true));
  });
});
