import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { readValidationReport, synthWarnings, unacknowledgedFindings } from '../../lib/compliance';
import { AUDIT_ALARMS } from '../../lib/security/audit-trail';
import { SECURITY_LAKE_SOURCES } from '../../lib/security/region-security-lake';
import { TimeBoundAccess } from '../../lib/security/time-bound-access';
import { FIXTURE_ORGANIZATION_ADMINISTRATOR } from '../fixtures/config';
import { fixtureExpectedPostures, fixtureStage, testApp, testStack } from '../helpers';

const [london, nVirginia, capeTown] = ['London', 'NVirginia', 'CapeTown'].map(fixtureStage);
const t = london.template('Security');
type Resource = { Type: string; Properties: Record<string, any>; DependsOn?: string[] };
const ofType = (template: Template, type: string) => Object.entries(template.toJSON().Resources as Record<string, Resource>).filter(([, r]) => r.Type === type);

describe('CloudTrail', () => {
  test('one validated, single-region trail per region, encrypted with the logs key; global events only in N. Virginia', () => {
    const trails = ofType(t, 'AWS::CloudTrail::Trail');
    expect(trails).toHaveLength(1);
    expect(trails[0][1].Properties).toMatchObject({
      TrailName: 'halo-london',
      IsMultiRegionTrail: false,
      IncludeGlobalServiceEvents: false,
      EnableLogFileValidation: true,
      IsLogging: true,
    });
    expect(JSON.stringify(trails[0][1].Properties.KMSKeyId)).toMatch(/KeysLogsKey/);
    const [[, nv]] = ofType(nVirginia.template('Security'), 'AWS::CloudTrail::Trail');
    expect(nv.Properties.IncludeGlobalServiceEvents).toBe(true);
  });

  test('delivers to an in-region, versioned, Object Lock (compliance, a year), private, TLS-only, access-logged bucket', () => {
    t.hasResource('AWS::S3::Bucket', {
      Properties: Match.objectLike({
        VersioningConfiguration: { Status: 'Enabled' },
        ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 365 } } },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'cloudtrail/' }),
      }),
      DeletionPolicy: 'Retain',
    });
  });

  test("records data events of exactly the cells' backup buckets, by how the Data stacks name them", () => {
    const [[, trail]] = ofType(t, 'AWS::CloudTrail::Trail');
    const data = trail.Properties.AdvancedEventSelectors.find((s: any) => s.FieldSelectors.some((f: any) => f.Equals?.[0] === 'Data'));
    const prefixes: string[] = data.FieldSelectors.find((f: any) => f.Field === 'resources.ARN').StartsWith;
    const names = london.stacks.filter((s) => s.id.endsWith('-Data')).map((d) => london.templateJson(d.id).Resources as Record<string, Resource>);
    // Each name is the cell's prefix and the stack's instance id (a token): the prefix is the literal part.
    const bucketNames = names.map(
      (r) => Object.values(r).find((x) => x.Type === 'AWS::S3::Bucket' && x.Properties.BucketName?.['Fn::Join'])!.Properties.BucketName['Fn::Join'][1][0],
    );
    expect(bucketNames).toEqual(['prod-stable', 'prod-beta', 'uat'].map((cell) => `halo-111122223333-eu-west-2-${cell}-sql-`));
    expect(prefixes).toEqual(bucketNames.map((n: string) => `arn:aws:s3:::${n}`));
  });

  test('streams to an encrypted log group whose metric filters alarm on the audited changes', () => {
    const filters = ofType(t, 'AWS::Logs::MetricFilter')
      .map(([, f]) => f.Properties.MetricTransformations[0].MetricName)
      .sort();
    expect(filters).toEqual(Object.keys(AUDIT_ALARMS).sort());
    expect(Object.keys(AUDIT_ALARMS)).toEqual([
      'RootAccountUse',
      'IamPolicyChanges',
      'ConsoleSignInFailures',
      'KmsKeyDisabledOrDeleted',
      'SecurityGroupChanges',
      'NetworkAclChanges',
      'CloudTrailChanges',
    ]);
    const alarms = ofType(t, 'AWS::CloudWatch::Alarm');
    expect(alarms).toHaveLength(7);
    alarms.forEach(([, a]) => expect(JSON.stringify(a.Properties.AlarmActions)).toMatch(/AlertsTopic/));
  });
});

describe('AWS Config', () => {
  test('records all supported types, global ones only in N. Virginia, into an in-region bucket', () => {
    t.hasResourceProperties('AWS::Config::ConfigurationRecorder', { RecordingGroup: { AllSupported: true, IncludeGlobalResourceTypes: false } });
    nVirginia
      .template('Security')
      .hasResourceProperties('AWS::Config::ConfigurationRecorder', { RecordingGroup: { AllSupported: true, IncludeGlobalResourceTypes: true } });
    t.hasResourceProperties('AWS::Config::DeliveryChannel', { S3BucketName: { Ref: Match.stringLikeRegexp('^ConfigBucket') } });
  });

  test('creates the delivery channel after the recorder (AWS Config refuses a channel in a region without one)', () => {
    const [[recorder]] = ofType(t, 'AWS::Config::ConfigurationRecorder');
    const [[, channel]] = ofType(t, 'AWS::Config::DeliveryChannel');
    expect(channel.DependsOn).toContain(recorder);
  });
});

describe('GuardDuty and Security Hub', () => {
  test('GuardDuty uses features (never DataSources): S3 data events and EBS malware scans, no runtime agent on Windows fleets, every 15 minutes', () => {
    const [[, detector]] = ofType(t, 'AWS::GuardDuty::Detector');
    expect(detector.Properties.DataSources).toBeUndefined();
    expect(detector.Properties.FindingPublishingFrequency).toBe('FIFTEEN_MINUTES');
    // The Runtime Monitoring agent supports Linux only; every instance of the platform runs Windows.
    expect(detector.Properties.Features).toEqual([
      { Name: 'S3_DATA_EVENTS', Status: 'ENABLED' },
      { Name: 'EBS_MALWARE_PROTECTION', Status: 'ENABLED' },
      { Name: 'RUNTIME_MONITORING', Status: 'DISABLED' },
    ]);
    expect(JSON.stringify(detector.Properties)).not.toMatch(/EC2_AGENT_MANAGEMENT/);
  });

  test('findings of severity 7+ and critical/high Security Hub findings go to the encrypted alert topic', () => {
    t.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['aws.guardduty'], detail: { severity: [{ numeric: ['>=', 7] }] } },
      Targets: [Match.objectLike({ Arn: { Ref: Match.stringLikeRegexp('AlertsTopic') } })],
    });
    t.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({ source: ['aws.securityhub'], detail: { findings: Match.objectLike({ Severity: { Label: ['CRITICAL', 'HIGH'] } }) } }),
    });
    t.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
  });

  test('Security Hub consolidates control findings, enables the configured standards after Config, and aggregates nothing across regions', () => {
    t.hasResourceProperties('AWS::SecurityHub::Hub', { ControlFindingGenerator: 'SECURITY_CONTROL', EnableDefaultStandards: false });
    const standards = ofType(t, 'AWS::SecurityHub::Standard');
    expect(standards.map(([, s]) => s.Properties.StandardsArn)).toEqual([
      'arn:aws:securityhub:eu-west-2::standards/aws-foundational-security-best-practices/v/1.0.0',
      'arn:aws:securityhub:eu-west-2::standards/cis-aws-foundations-benchmark/v/3.0.0',
      'arn:aws:securityhub:eu-west-2::standards/pci-dss/v/4.0.1',
      'arn:aws:securityhub:eu-west-2::standards/nist-800-53/v/5.0.0',
    ]);
    standards.forEach(([, s]) => expect(s.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/Hub/), expect.stringMatching(/ConfigRecorder/)])));
    t.resourceCountIs('AWS::SecurityHub::FindingAggregator', 0);
  });
});

describe('Security Lake', () => {
  test('London: encrypted lake with the configured lifecycle, five sources created one after another, the SIEM subscribed', () => {
    t.hasResourceProperties('AWS::SecurityLake::DataLake', {
      EncryptionConfiguration: { KmsKeyId: Match.anyValue() },
      LifecycleConfiguration: { Transitions: [{ Days: 30, StorageClass: 'STANDARD_IA' }], Expiration: { Days: 400 } },
    });
    const [[, lake]] = ofType(t, 'AWS::SecurityLake::DataLake');
    expect(lake.Properties.ReplicationConfiguration).toBeUndefined();
    const sources = ofType(t, 'AWS::SecurityLake::AwsLogSource');
    expect(sources.map(([, s]) => s.Properties.SourceName)).toEqual([...SECURITY_LAKE_SOURCES]);
    expect([...SECURITY_LAKE_SOURCES]).toEqual(['CLOUD_TRAIL_MGMT', 'VPC_FLOW', 'SH_FINDINGS', 'ROUTE53', 'WAF']);
    sources.slice(1).forEach(([, s], i) => expect(s.DependsOn).toContain(sources[i][0]));
    t.hasResourceProperties('AWS::SecurityLake::Subscriber', {
      AccessTypes: ['LAKEFORMATION'],
      SubscriberIdentity: { Principal: '777788889999', ExternalId: 'halo-siem-subscriber' },
    });
  });

  test("one meta store manager role per account, named and placed as AWS's setup does, created by the account's first lake region only", () => {
    const manager = (stage: typeof london) =>
      ofType(stage.template('Security'), 'AWS::IAM::Role').filter(([, r]) => r.Properties.RoleName === 'AmazonSecurityLakeMetaStoreManagerV2');
    const [[, role]] = manager(london);
    expect(role.Properties.Path).toBe('/service-role/');
    expect(JSON.stringify(role.Properties.ManagedPolicyArns)).toMatch(/service-role\/AmazonSecurityLakeMetastoreManager/);
    expect(manager(nVirginia)).toEqual([]);
    const [[, lake]] = ofType(nVirginia.template('Security'), 'AWS::SecurityLake::DataLake');
    expect(lake.Properties.MetaStoreManagerRoleArn).toBe('arn:aws:iam::111122223333:role/service-role/AmazonSecurityLakeMetaStoreManagerV2');
  });

  test("the logs key lets the meta store manager, Lake Formation and the SIEM read the lake through S3, the SIEM only the lake's objects", () => {
    const [[, key]] = ofType(t, 'AWS::KMS::Key').filter(([id]) => /LogsKey/.test(id));
    const bySid = Object.fromEntries(key.Properties.KeyPolicy.Statement.filter((st: { Sid?: string }) => st.Sid).map((st: { Sid: string }) => [st.Sid, st]));
    expect(bySid.SecurityLakeMetaStoreManager.Condition.StringEquals['aws:PrincipalArn']).toBe(
      'arn:aws:iam::111122223333:role/service-role/AmazonSecurityLakeMetaStoreManagerV2',
    );
    expect(bySid.LakeFormationReadsLake.Condition.StringEquals['aws:PrincipalArn']).toMatch(/AWSServiceRoleForLakeFormationDataAccess$/);
    expect(bySid.SiemSubscriberReadsLake).toMatchObject({
      Principal: { AWS: 'arn:aws:iam::777788889999:root' },
      Action: 'kms:Decrypt',
      Condition: {
        StringEquals: { 'kms:ViaService': 's3.eu-west-2.amazonaws.com' },
        StringLike: { 'kms:EncryptionContext:aws:s3:arn': 'arn:aws:s3:::aws-security-data-lake-eu-west-2-*' },
      },
    });
  });

  // The register of the gap, with its compensating control: test/compliance/fixture-app.test.ts.
  test('Cape Town: no lake', () => {
    capeTown.template('Security').resourceCountIs('AWS::SecurityLake::DataLake', 0);
  });
});

describe('access', () => {
  test('IAM Access Analyzer watches the account in each region', () => {
    t.hasResourceProperties('AWS::AccessAnalyzer::Analyzer', { Type: 'ACCOUNT', AnalyzerName: 'halo-london' });
  });

  test('Session Manager preferences: sessions under the sessions key, logged to an encrypted in-region group, kept in the document the console uses', () => {
    t.resourceCountIs('AWS::SSM::Document', 0);
    const [[, preferences]] = ofType(t, 'Custom::SessionManagerPreferences');
    expect(preferences.Properties.Name).toBe('SSM-SessionManagerRunShell');
    const content = JSON.stringify(preferences.Properties.Content);
    expect(content).toMatch(/cloudWatchEncryptionEnabled.*true/);
    expect(content).toMatch(/KeysSessionsKey/);
    expect(content).toMatch(/SessionManagerSessions/);
    // The provider updates a document that already exists (saved from the console) and creates it otherwise.
    const [[, fn]] = ofType(t, 'AWS::Lambda::Function').filter(([id]) => /SessionManagerProvider/.test(id));
    expect(fn.Properties.Handler).toBe('session-preferences-handler.handler');
    const [[, policy]] = ofType(t, 'AWS::IAM::ManagedPolicy').filter(([id]) => /SessionManagerProviderPolicy/.test(id));
    expect(JSON.stringify(policy.Properties.PolicyDocument)).toMatch(/ssm:UpdateDocument.*document\/SSM-SessionManagerRunShell/);
  });

  test('operator and break-glass roles: MFA-signed IAM users or their Identity Center permission set, an hour, the identity account only, until the expiry', () => {
    const roles = ofType(t, 'AWS::IAM::Role').filter(([, r]) => /^halo-(operator|break-glass)-london$/.test(r.Properties.RoleName));
    expect(roles.map(([, r]) => r.Properties.RoleName).sort()).toEqual(['halo-break-glass-london', 'halo-operator-london']);
    for (const [, role] of roles) {
      const set = role.Properties.RoleName.startsWith('halo-operator') ? 'HaloOperator' : 'HaloBreakGlass';
      expect(role.Properties.MaxSessionDuration).toBe(3600);
      const human = role.Properties.AssumeRolePolicyDocument.Statement.filter((st: { Principal: { AWS?: string } }) => st.Principal.AWS);
      expect(human).toEqual([
        expect.objectContaining({
          Principal: { AWS: 'arn:aws:iam::444455556666:root' },
          Condition: {
            Bool: { 'aws:MultiFactorAuthPresent': 'true' },
            NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' },
            ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::444455556666:user/*' },
            DateLessThan: { 'aws:CurrentTime': '2026-12-20T00:00:00Z' },
          },
        }),
        expect.objectContaining({
          Principal: { AWS: 'arn:aws:iam::444455556666:root' },
          Condition: {
            ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::444455556666:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_${set}_*` },
            DateLessThan: { 'aws:CurrentTime': '2026-12-20T00:00:00Z' },
          },
        }),
      ]);
    }
  });

  test('break-glass alone lets CloudFormation act as it (the vault-policy deployment procedure)', () => {
    const roles = ofType(t, 'AWS::IAM::Role').filter(([, r]) => /^halo-(operator|break-glass)-london$/.test(r.Properties.RoleName));
    const cloudFormation = (r: Resource) =>
      r.Properties.AssumeRolePolicyDocument.Statement.filter(
        (st: { Principal: { Service?: string } }) => st.Principal.Service === 'cloudformation.amazonaws.com',
      );
    expect(Object.fromEntries(roles.map(([, r]) => [r.Properties.RoleName, cloudFormation(r).map((st: { Condition: unknown }) => st.Condition)]))).toEqual({
      'halo-break-glass-london': [{ StringEquals: { 'aws:SourceAccount': '111122223333' } }],
      'halo-operator-london': [],
    });
  });

  test('warns at synth when the expiry has passed or lies more than 30 days ahead', () => {
    const warningsAt = (now: string) => {
      const warnApp = testApp({ '@aws-cdk/core:annotationsInValidationReport': true });
      const stack = testStack('eu-west-2', warnApp, 'S');
      new TimeBoundAccess(stack, 'Access', {
        identityAccountId: '444455556666',
        permissionSets: { operator: 'Op', breakGlass: 'Bg' },
        sessionKey: new kms.Key(stack, 'SessionKey'),
        expiry: '2026-12-20T00:00:00Z',
        operatorRoleName: 'o',
        breakGlassRoleName: 'b',
        now: new Date(now),
      });
      const dir = warnApp.synth().directory;
      return JSON.stringify(readValidationReport(dir).pluginReports.flatMap((p) => p.violations ?? [])) + synthWarnings(dir).join();
    };
    expect(warningsAt('2026-12-01T00:00:00Z')).toBe('[]');
    expect(warningsAt('2026-12-21T00:00:00Z')).toMatch(/expired at 2026-12-20T00:00:00Z/);
    expect(warningsAt('2026-10-01T00:00:00Z')).toMatch(/more than 30 days away/);
  });

  test('no security group anywhere in the region admits SSH or RDP', () => {
    const covers = (from: number, to: number, port: number) => from <= port && port <= to;
    for (const stack of london.stacks) {
      const resources = london.templateJson(stack.id).Resources as Record<string, Resource>;
      const rules = Object.values(resources).flatMap((r) =>
        r.Type === 'AWS::EC2::SecurityGroup' ? (r.Properties.SecurityGroupIngress ?? []) : r.Type === 'AWS::EC2::SecurityGroupIngress' ? [r.Properties] : [],
      );
      for (const rule of rules) {
        const from = rule.IpProtocol === '-1' ? 0 : rule.FromPort;
        const to = rule.IpProtocol === '-1' ? 65535 : rule.ToPort;
        if (rule.IpProtocol === 'udp') continue;
        expect([stack.stackName, covers(from, to, 22), covers(from, to, 3389)]).toEqual([stack.stackName, false, false]);
      }
    }
  });
});

describe('an expiry warning', () => {
  test('is printed, not counted as a compliance finding', () => {
    const warnApp = testApp({ '@aws-cdk/core:annotationsInValidationReport': true });
    const stack = testStack('eu-west-2', warnApp, 'S');
    new TimeBoundAccess(stack, 'Access', {
      identityAccountId: '444455556666',
      permissionSets: { operator: 'Op', breakGlass: 'Bg' },
      sessionKey: new kms.Key(stack, 'SessionKey'),
      expiry: '2026-12-20T00:00:00Z',
      operatorRoleName: 'o',
      breakGlassRoleName: 'b',
      now: new Date('2027-01-01T00:00:00Z'),
    });
    const dir = warnApp.synth().directory;
    expect(synthWarnings(dir)).toEqual(['Annotation::halo:access-expiry at S/Access']);
    expect(unacknowledgedFindings(dir)).toEqual([]);
  });
});

describe("a region whose organization runs GuardDuty, Security Hub and AWS Config (the fixture's Frankfurt)", () => {
  const security = fixtureStage('Frankfurt').template('Security');

  test('creates none of them (creating them where the organization runs them fails), and still alerts on their findings', () => {
    for (const type of [
      'AWS::GuardDuty::Detector',
      'AWS::SecurityHub::Hub',
      'AWS::SecurityHub::Standard',
      'AWS::Config::ConfigurationRecorder',
      'AWS::Config::DeliveryChannel',
    ]) {
      security.resourceCountIs(type, 0);
    }
    expect(
      ofType(security, 'AWS::Events::Rule')
        .map(([, r]) => r.Properties.EventPattern.source[0])
        .sort(),
    ).toEqual(['aws.guardduty', 'aws.securityhub']);
  });

  test('tells the live verifier to check they are on, run by the organization, with the configured standards', () => {
    const expected = fixtureExpectedPostures().find((p) => p.stage === 'Frankfurt')!;
    const organization = { organizationAdministrator: FIXTURE_ORGANIZATION_ADMINISTRATOR };
    expect(expected.securityServices).toEqual({ guardDuty: organization, securityHub: organization, config: organization });
    expect(expected.guardDutyFeatures).toEqual([]);
    expect(expected.securityHubStandards).toHaveLength(4);
  });
  // The evidence says who runs each: test/compliance/fixture-app.test.ts.
});
