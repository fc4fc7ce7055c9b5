import { readdirSync, readFileSync, rmSync, writeFileSync, mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ProofResult, runPermissionProofs } from '../../lib/proofs/run';
import { buildTestApp } from '../helpers';

const outdir = mkdtempSync(join(tmpdir(), 'halo-app-proofs-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));
const { app } = buildTestApp({ regions: 'london,frankfurt', outdir });
const assembly = app.synth().directory;
let results: ProofResult[];
beforeAll(async () => {
  results = await runPermissionProofs(app);
});

type Template = { Resources: Record<string, { Type: string; Properties: Record<string, any> }> };
const templateFile = (stage: string, stack: RegExp) => {
  const dir = join(assembly, `assembly-${stage}`);
  return join(dir, readdirSync(dir).find((f) => stack.test(f) && f.endsWith('.template.json'))!);
};
/** Changes a synthesized template, runs the proofs again, and puts the template back. */
async function withTemplate(stage: string, stack: RegExp, change: (t: Template) => void): Promise<ProofResult[]> {
  const file = templateFile(stage, stack);
  const original = readFileSync(file, 'utf8');
  const t = JSON.parse(original) as Template;
  change(t);
  writeFileSync(file, JSON.stringify(t));
  try {
    return await runPermissionProofs(app);
  } finally {
    writeFileSync(file, original);
  }
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
      'AutoScalingCreatesVolumeGrant', 'AutoScalingGeneratesVolumeKey', 'AutoScalingDecryptsVolumeKey', 'AutoScalingReEncryptsVolumeKey',
      'TrailDescribesKey', 'TrailEncryptsLogFiles', 'TrailChecksBucketAcl', 'TrailWritesLogFiles', 'LogsServiceGenerateDataKey', 'LogsServiceDecrypt',
      'AlarmsPublish', 'AlarmsGenerateDataKey', 'RulesPublish', 'RulesGenerateDataKey', 'ConfigWritesSnapshots', 'ConfigEncryptsSnapshots',
      'ElbDeliversAccessLogs', 'WafLogDeliveryPutLogEvents', 'BackupGrantsOnVolumeKey', 'BackupGeneratesOnVolumeKey',
      'AgentDecryptsSessions', 'OperatorOpensEncryptedSession', 'SecurityLakeGrantsItselfKeyUse', 'MetaStoreManagerReadsLake', 'LakeFormationReadsLake', 'SubscriberReadsLake',
      'NodeWritesBackups', 'NodeEncryptsBackups', 'FleetReadsRelease', 'FleetDecryptsRelease', 'FleetReadsConnection', 'FleetDecryptsConnection',
      'ValidatorReportsResult', 'CanaryStoresArtifacts', 'CanaryEncryptsArtifacts', 'IdentityCenterOperatorSignsIn', 'MfaUserOperatorSignsIn',
      // Refused.
      'SqlNodeCannotReadDirectoryAdmin', 'FleetCannotReadDirectoryAdmin', 'UatFleetCannotReadprodstableConnection', 'UatSqlNodeCannotReadprodstableBackups',
      'NoDeleteRecoveryPoints0', 'NoVaultPolicyChange2', 'DataKeyOutsider0DecryptThroughS3', 'LogsKeyOutsider1DecryptDirectly', 'SubscriberCannotReadOtherLogs',
      'AccessKeyUserOperatorRefused', 'ExpiredBreakGlassRefused',
    ];
    expect(required.filter((id) => !rules.has(`${id}`))).toEqual([]);
    const frankfurt = new Set(results.filter((r) => r.stage === 'Frankfurt').map((r) => r.rule));
    ['Proof-CopyGrantsOnDestinationKey', 'Proof-CopyGeneratesOnDestinationKey', 'Proof-CopyDescribesDestinationKey'].forEach((id) => expect(frankfurt).toContain(id));
  });

  test('fail without the Auto Scaling service-linked role\'s statements on the data key', async () => {
    const rs = await withTemplate('London', /^LondonSecurity/, (t) => withoutSid(statements(t, 'AWS::KMS::Key', /DataKey/), /^AutoScaling/));
    expect(failing(rs)).toEqual(expect.arrayContaining(['London Proof-AutoScalingCreatesVolumeGrant', 'London Proof-AutoScalingGeneratesVolumeKey', 'London Proof-AutoScalingDecryptsVolumeKey']));
  });

  test('fail when CloudTrail\'s DescribeKey is held to an encryption context, as before', async () => {
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
      for (const [, r] of Object.entries(t.Resources).filter(([, r]) => r.Type === 'AWS::IAM::Role' && /halo-(operator|break-glass)/.test(r.Properties.RoleName ?? ''))) {
        for (const s of r.Properties.AssumeRolePolicyDocument.Statement) if (s.Condition?.ArnLike?.['aws:PrincipalArn']?.includes('AWSReservedSSO')) s.Condition.Bool = { 'aws:MultiFactorAuthPresent': 'true' };
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

  test('fail without the region\'s log resource policy for WAF delivery', async () => {
    const rs = await withTemplate('London', /^LondonSecurity/, (t) => {
      const [id] = Object.entries(t.Resources).find(([, r]) => r.Type === 'AWS::Logs::ResourcePolicy')!;
      delete t.Resources[id];
    });
    expect(failing(rs)).toEqual(['London Proof-WafLogDeliveryCreateLogStream', 'London Proof-WafLogDeliveryPutLogEvents']);
  });

  test('fail when the logs key grants nothing to Security Lake\'s readers', async () => {
    const rs = await withTemplate('London', /^LondonSecurity/, (t) => withoutSid(statements(t, 'AWS::KMS::Key', /LogsKey/), /^(SecurityLakeMetaStoreManager|LakeFormationReadsLake|SiemSubscriberReadsLake)$/));
    expect(failing(rs)).toEqual(['London Proof-LakeFormationReadsLake', 'London Proof-MetaStoreManagerReadsLake', 'London Proof-SubscriberReadsLake']);
  });

  test('fail when a SQL node role may read the directory admin\'s secret', async () => {
    const rs = await withTemplate('London', /^LondonprodstableData/, (t) => {
      const read = statements(t, 'AWS::IAM::ManagedPolicy', /^SqlClusterAccessReadCellSecrets/, 'PolicyDocument').find((s) => JSON.stringify(s.Action).includes('GetSecretValue'))!;
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

  test('fail when the alert topic\'s policy does not let this account\'s alarms publish', async () => {
    const rs = await withTemplate('London', /^LondonSecurity/, (t) => withoutSid(statements(t, 'AWS::SNS::TopicPolicy', /AlertsTopicPolicy/, 'PolicyDocument'), /^CloudWatchAlarmsPublish$/));
    expect(failing(rs)).toEqual(['London Proof-AlarmsPublish']);
  });
});

describe('every encrypted log group of London', () => {
  test('has its proof that CloudWatch Logs can use its key', () => {
    const groups = app.node.findAll().filter((c) => (c as { cfnResourceType?: string }).cfnResourceType === 'AWS::Logs::LogGroup' && c.node.path.startsWith('London/'))
      .filter((c) => (c as unknown as { kmsKeyId?: string }).kmsKeyId !== undefined).map((c) => c.node.path.replace(/\/Resource$/, ''));
    expect(groups.length).toBeGreaterThan(8);
    const proven = new Set(results.filter((r) => r.rule === 'Proof-LogsServiceGenerateDataKey').map((r) => r.path));
    expect(groups.filter((g) => !proven.has(g))).toEqual([]);
  });
});
