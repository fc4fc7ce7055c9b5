import { readFileSync, writeFileSync } from 'fs';
import { basename, join } from 'path';
import { evaluatePreparedProofs, ProofResult } from '../../lib/proofs/run';
import { fixtureProofs, fixtureStage, scratchDir } from '../fixtures/assembly';

// The fixture app's proofs of London and Frankfurt, prepared against the run's assembly (test/fixtures/synthesize-fixture.ts).
const STAGES = ['London', 'Frankfurt'];
const all = fixtureProofs();
const prepared = {
  ...all,
  templates: all.templates.filter((t) => STAGES.some((stage) => t.path.includes(`/assembly-${stage}/`))),
  proofs: all.proofs.filter((p) => STAGES.includes(p.stage)),
};
const scratch = scratchDir('halo-app-proofs-');
let results: ProofResult[];
beforeAll(async () => {
  results = await evaluatePreparedProofs(prepared);
});

type Template = { Resources: Record<string, { Type: string; Properties: Record<string, any> }> };
/**
 * Changes a copy of a synthesized template (the assembly is the whole run's) and evaluates against it the proofs that
 * can depend on it: those of its Stage, and those of the other Stage on a resource in its region (the backup copies).
 * The others' results cannot change.
 */
async function withTemplate(stage: string, stack: RegExp, change: (t: Template) => void): Promise<ProofResult[]> {
  const [file, ...more] = prepared.templates.filter((f) => f.path.includes(`/assembly-${stage}/`) && stack.test(basename(f.path)));
  expect([file, more]).toEqual([expect.anything(), []]);
  const t = JSON.parse(readFileSync(file.path, 'utf8')) as Template;
  change(t);
  const changed = join(scratch, basename(file.path));
  writeFileSync(changed, JSON.stringify(t));
  const affected = prepared.proofs.filter((p) => p.stage === stage || p.resolved.resource.includes(`:${file.region}:`));
  return evaluatePreparedProofs({ ...prepared, proofs: affected, templates: prepared.templates.map((f) => (f === file ? { ...f, path: changed } : f)) });
}
const failing = (rs: ProofResult[]) => [...new Set(rs.filter((r) => !r.passed).map((r) => `${r.stage} ${r.rule}`))].sort();
const statements = (t: Template, type: string, id: RegExp, property = 'KeyPolicy') => {
  const [, resource] = Object.entries(t.Resources).find(([k, r]) => r.Type === type && id.test(k))!;
  return resource.Properties[property].Statement as Record<string, any>[];
};
const withoutSid = (list: Record<string, any>[], sid: RegExp) => list.splice(0, list.length, ...list.filter((s) => !sid.test(s.Sid ?? '')));

describe('the permission proofs of London and Frankfurt', () => {
  test('all hold', () => {
    expect(results.length).toBeGreaterThan(300);
    expect(failing(results)).toEqual([]);
  });

  test('cover the calls the platform depends on, and the refusals it promises', () => {
    const rules = new Set(results.filter((r) => r.stage === 'London').map((r) => r.rule.replace('Proof-', '')));
    const required = [
      // Allowed: Auto Scaling on the fleets' volume key, CloudTrail, CloudWatch Logs, alarms and EventBridge, AWS Config,
      // ELB and WAF log delivery, AWS Backup, Session Manager, Security Lake, SQL nodes, fleets, validator, canaries.
      'AutoScalingCreatesVolumeGrant',
      'AutoScalingGeneratesVolumeKey',
      'AutoScalingDecryptsVolumeKey',
      'AutoScalingReEncryptsVolumeKey',
      'TrailDescribesKey',
      'TrailEncryptsLogFiles',
      'TrailChecksBucketAcl',
      'TrailWritesLogFiles',
      'LogsServiceGenerateDataKey',
      'LogsServiceDecrypt',
      'AlarmsPublish',
      'AlarmsGenerateDataKey',
      'RulesPublish',
      'RulesGenerateDataKey',
      'ConfigWritesSnapshots',
      'ConfigEncryptsSnapshots',
      'ElbDeliversAccessLogs',
      'WafLogDeliveryPutLogEvents',
      'BackupGrantsOnVolumeKey',
      'BackupGeneratesOnVolumeKey',
      'AgentDecryptsSessions',
      'OperatorOpensEncryptedSession',
      'SecurityLakeGrantsItselfKeyUse',
      'MetaStoreManagerReadsLake',
      'LakeFormationReadsLake',
      'SubscriberReadsLake',
      'NodeWritesBackups',
      'NodeEncryptsBackups',
      'FleetReadsRelease',
      'FleetDecryptsRelease',
      'FleetReadsConnection',
      'FleetDecryptsConnection',
      'ValidatorReportsResult',
      'CanaryStoresArtifacts',
      'CanaryEncryptsArtifacts',
      'IdentityCenterOperatorSignsIn',
      'MfaUserOperatorSignsIn',
      // Refused.
      'SqlNodeCannotReadDirectoryAdmin',
      'FleetCannotReadDirectoryAdmin',
      'UatFleetCannotReadprodstableConnection',
      'UatSqlNodeCannotReadprodstableBackups',
      'NoDeleteRecoveryPoints0',
      'NoVaultPolicyChange2',
      'DataKeyOutsider0DecryptThroughS3',
      'LogsKeyOutsider1DecryptDirectly',
      'SubscriberCannotReadOtherLogs',
      'AccessKeyUserOperatorRefused',
      'ExpiredBreakGlassRefused',
    ];
    expect(required.filter((id) => !rules.has(`${id}`))).toEqual([]);
    const frankfurt = new Set(results.filter((r) => r.stage === 'Frankfurt').map((r) => r.rule));
    ['Proof-CopyGrantsOnDestinationKey', 'Proof-CopyGeneratesOnDestinationKey', 'Proof-CopyDescribesDestinationKey'].forEach((id) =>
      expect(frankfurt).toContain(id),
    );
  });

  test("fail without the Auto Scaling service-linked role's statements on the data key", async () => {
    const rs = await withTemplate('London', /^LondonSecurity/, (t) => withoutSid(statements(t, 'AWS::KMS::Key', /DataKey/), /^AutoScaling/));
    expect(failing(rs)).toEqual(
      expect.arrayContaining([
        'London Proof-AutoScalingCreatesVolumeGrant',
        'London Proof-AutoScalingGeneratesVolumeKey',
        'London Proof-AutoScalingDecryptsVolumeKey',
      ]),
    );
  });

  test("fail when CloudTrail's DescribeKey is held to an encryption context, as before", async () => {
    const rs = await withTemplate('London', /^LondonSecurity/, (t) => {
      const describe = statements(t, 'AWS::KMS::Key', /LogsKey/).find((s) => s.Sid === 'CloudTrailDescribesKey')!;
      describe.Condition.StringLike = { 'kms:EncryptionContext:aws:cloudtrail:arn': 'arn:aws:cloudtrail:*:111122223333:trail/*' };
    });
    expect(failing(rs)).toEqual(['London Proof-TrailDescribesKey']);
  });

  test('fail when sessions are under a key used only through services (the SSM agent and operators call KMS directly)', async () => {
    const rs = await withTemplate('London', /^LondonSecurity/, (t) => withoutSid(statements(t, 'AWS::KMS::Key', /SessionsKey/), /^SessionManagerDirectUse$/));
    expect(failing(rs)).toEqual(expect.arrayContaining(['London Proof-AgentDecryptsSessions', 'London Proof-OperatorOpensEncryptedSession']));
  });

  test('fail when the human roles require the MFA key that Identity Center sessions never carry', async () => {
    const rs = await withTemplate('London', /^LondonSecurity/, (t) => {
      for (const [, r] of Object.entries(t.Resources).filter(
        ([, r]) => r.Type === 'AWS::IAM::Role' && /halo-(operator|break-glass)/.test(r.Properties.RoleName ?? ''),
      )) {
        for (const s of r.Properties.AssumeRolePolicyDocument.Statement)
          if (s.Condition?.ArnLike?.['aws:PrincipalArn']?.includes('AWSReservedSSO')) s.Condition.Bool = { 'aws:MultiFactorAuthPresent': 'true' };
      }
    });
    expect(failing(rs)).toEqual(['London Proof-IdentityCenterBreakGlassSignsIn', 'London Proof-IdentityCenterOperatorSignsIn']);
  });

  test('fail when the destination vault key admits account principals only through AWS Backup (the copy comes through EC2)', async () => {
    const rs = await withTemplate('London', /^LondonSecurity/, (t) => {
      for (const s of statements(t, 'AWS::KMS::Key', /BackupKey/).filter((x) => x.Sid === 'UseThroughServices' || x.Sid === 'GrantsForAwsResources')) {
        s.Condition.StringEquals['kms:ViaService'] = ['backup.eu-west-2.amazonaws.com'];
      }
    });
    expect(failing(rs)).toEqual(['Frankfurt Proof-CopyGeneratesOnDestinationKey']);
  });

  test("fail without the region's log resource policy for WAF delivery", async () => {
    const rs = await withTemplate('London', /^LondonSecurity/, (t) => {
      const [id] = Object.entries(t.Resources).find(([, r]) => r.Type === 'AWS::Logs::ResourcePolicy')!;
      delete t.Resources[id];
    });
    expect(failing(rs)).toEqual(['London Proof-WafLogDeliveryCreateLogStream', 'London Proof-WafLogDeliveryPutLogEvents']);
  });

  test("fail when the logs key grants nothing to Security Lake's readers", async () => {
    const rs = await withTemplate('London', /^LondonSecurity/, (t) =>
      withoutSid(statements(t, 'AWS::KMS::Key', /LogsKey/), /^(SecurityLakeMetaStoreManager|LakeFormationReadsLake|SiemSubscriberReadsLake)$/),
    );
    expect(failing(rs)).toEqual(['London Proof-LakeFormationReadsLake', 'London Proof-MetaStoreManagerReadsLake', 'London Proof-SubscriberReadsLake']);
  });

  test("fail when a SQL node role may read the directory admin's secret", async () => {
    const rs = await withTemplate('London', /^LondonprodstableData/, (t) => {
      const read = statements(t, 'AWS::IAM::ManagedPolicy', /^SqlClusterAccessReadCellSecrets/, 'PolicyDocument').find((s) =>
        JSON.stringify(s.Action).includes('GetSecretValue'),
      )!;
      read.Resource = '*';
    });
    expect(failing(rs)).toEqual(['London Proof-SqlNodeCannotReadDirectoryAdmin']);
  });

  test('fail when the restore validator may report only on restore-job ARNs (the action has no resource types)', async () => {
    const rs = await withTemplate('London', /^LondonBackup/, (t) => {
      const policy = statements(t, 'AWS::IAM::ManagedPolicy', /ValidatorPolicy/, 'PolicyDocument');
      const reporting = policy.find((s) => JSON.stringify(s.Action).includes('PutRestoreValidationResult'))!;
      reporting.Action = reporting.Action.filter((a: string) => a !== 'backup:PutRestoreValidationResult');
      policy.push({ Effect: 'Allow', Action: 'backup:PutRestoreValidationResult', Resource: 'arn:aws:backup:eu-west-2:111122223333:restore-job/*' });
    });
    expect(failing(rs)).toEqual(['London Proof-ValidatorReportsResult']);
  });

  test("fail when the alert topic's policy does not let this account's alarms publish", async () => {
    const rs = await withTemplate('London', /^LondonSecurity/, (t) =>
      withoutSid(statements(t, 'AWS::SNS::TopicPolicy', /AlertsTopicPolicy/, 'PolicyDocument'), /^CloudWatchAlarmsPublish$/),
    );
    expect(failing(rs)).toEqual(['London Proof-AlarmsPublish']);
  });
});

describe('every encrypted log group of London', () => {
  test('has its proof that CloudWatch Logs can use its key', () => {
    const london = fixtureStage('London');
    const groups = london.stacks.flatMap((stack) => {
      const paths = london.resourcePaths(stack.id);
      return Object.entries(london.templateJson(stack.id).Resources as Template['Resources'])
        .filter(([, r]) => r.Type === 'AWS::Logs::LogGroup' && r.Properties.KmsKeyId !== undefined)
        .map(([id]) => paths[id]);
    });
    expect(groups.length).toBeGreaterThan(8);
    const proven = new Set(results.filter((r) => r.rule === 'Proof-LogsServiceGenerateDataKey').map((r) => r.path));
    expect(groups.filter((g) => !proven.has(g))).toEqual([]);
  });
});
