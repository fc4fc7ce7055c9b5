import { Match, Template } from 'aws-cdk-lib/assertions';
import { PROTECTED_VAULT_ACTIONS } from '../../lib/backup/locked-backup-vault';
import { fixtureStage, SynthesizedStage } from '../fixtures/assembly';

const [london, frankfurt, capeTown] = ['London', 'Frankfurt', 'CapeTown'].map(fixtureStage);
/** Each cell's Data stack id, by cell id. */
const dataStacks = (stage: SynthesizedStage) => stage.stacks.filter((s) => s.id.endsWith('-Data')).map((s) => [s.id.replace(/-Data$/, ''), s.id] as const);
type Resource = { Type: string; Properties: Record<string, any>; DependsOn?: string[]; DeletionPolicy?: string };
const resourcesOf = (t: Template, type: string) => Object.entries(t.toJSON().Resources as Record<string, Resource>).filter(([, r]) => r.Type === type);

describe('Backup stack of London', () => {
  const template = london.template('Backup');

  test("is the region's halo-london-backup stack, deployed after Security and Network", () => {
    expect(london.stack('Backup').stackName).toBe('halo-london-backup');
    expect(london.stack('Backup').dependencies).toEqual(expect.arrayContaining(['Security', 'Network']));
  });

  test('keeps recovery points in a vault encrypted with the backup key, under Vault Lock that fits every rule', () => {
    template.hasResource('AWS::Backup::BackupVault', {
      Properties: Match.objectLike({
        BackupVaultName: 'halo-london',
        EncryptionKeyArn: Match.objectLike({ 'Fn::GetStackOutput': Match.objectLike({ OutputName: Match.stringLikeRegexp('KeysBackupKey') }) }),
        // Shortest rule 14 days (daily), longest 90 (monthly), with the 3-day cooling-off period.
        LockConfiguration: { MinRetentionDays: 14, MaxRetentionDays: 90, ChangeableForDays: 3 },
      }),
      DeletionPolicy: 'Retain',
    });
  });

  test('denies deleting recovery points and changing the vault policy to everyone but the break-glass role', () => {
    const [[, vault]] = resourcesOf(template, 'AWS::Backup::BackupVault');
    expect(vault.Properties.AccessPolicy.Statement).toEqual([
      {
        Sid: 'OnlyBreakGlassMayDeleteOrUnprotect',
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: PROTECTED_VAULT_ACTIONS,
        Resource: '*',
        Condition: { ArnNotEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/halo-break-glass-london' } },
      },
    ]);
    expect(PROTECTED_VAULT_ACTIONS).toEqual(expect.arrayContaining(['backup:DeleteRecoveryPoint', 'backup:PutBackupVaultAccessPolicy']));
  });

  test("holds no per-cell plan: each cell's plan is in its Data stack, so this stack does not grow with cells", () => {
    expect(resourcesOf(template, 'AWS::Backup::BackupPlan')).toEqual([]);
    expect(resourcesOf(template, 'AWS::Backup::BackupSelection')).toEqual([]);
  });

  test('gives each cell a plan in its Data stack: daily 14 days, production also monthly 90 days, VSS on, nothing copied out of the UK', () => {
    const plans: Record<string, any> = Object.fromEntries(
      dataStacks(london)
        .flatMap(([, id]) => resourcesOf(london.template(id), 'AWS::Backup::BackupPlan'))
        .map(([, r]) => [r.Properties.BackupPlan.BackupPlanName, r.Properties.BackupPlan]),
    );
    expect(Object.keys(plans).sort()).toEqual(['halo-eu-west-2-prod-beta', 'halo-eu-west-2-prod-stable', 'halo-eu-west-2-uat']);
    const rules = (name: string) =>
      plans[name].BackupPlanRule.map((r: any) => [r.RuleName, r.ScheduleExpression, r.Lifecycle.DeleteAfterDays, r.CopyActions ?? 'no copy']);
    expect(rules('halo-eu-west-2-prod-stable')).toEqual([
      ['daily-full', 'cron(0 1 * * ? *)', 14, 'no copy'],
      ['monthly-full', 'cron(0 1 1 * ? *)', 90, 'no copy'],
    ]);
    expect(rules('halo-eu-west-2-uat')).toEqual([['daily-full', 'cron(0 2 * * ? *)', 14, 'no copy']]);
    for (const plan of Object.values(plans)) expect(plan.AdvancedBackupSettings).toEqual([{ ResourceType: 'EC2', BackupOptions: { WindowsVSS: 'enabled' } }]);
    // Each rule starts within an hour of its UTC start, completes within eight, and tags its recovery points with cell and rule.
    expect(
      plans['halo-eu-west-2-prod-stable'].BackupPlanRule.map((r: any) => [r.ScheduleExpressionTimezone, r.StartWindowMinutes, r.CompletionWindowMinutes]),
    ).toEqual([
      ['Etc/UTC', 60, 480],
      ['Etc/UTC', 60, 480],
    ]);
    expect(plans['halo-eu-west-2-uat'].BackupPlanRule[0].RecoveryPointTags).toEqual({ 'halo:cell': 'uat', 'halo:backup-rule': 'daily-full' });
  });

  test('keeps the logical IDs the plan and its selection were deployed with (the plan was an L1 before it was an L2)', () => {
    for (const [, data] of dataStacks(london)) {
      const t = london.template(data);
      expect(resourcesOf(t, 'AWS::Backup::BackupPlan').map(([id]) => id)).toEqual(['BackupPlan90932522']);
      const [[selectionId, selection]] = resourcesOf(t, 'AWS::Backup::BackupSelection');
      expect(selectionId).toBe('BackupPlanSqlNodes77360AD7');
      expect(selection.Properties.BackupPlanId).toEqual({ 'Fn::GetAtt': ['BackupPlan90932522', 'BackupPlanId'] });
    }
  });

  test("selects each cell's SQL nodes by the tags the nodes carry (an EC2 backup takes their volumes), into the region's vault", () => {
    for (const [cellId, data] of dataStacks(london)) {
      // Deployed after the Backup stack: on upgrade the old plan of the same name is gone before this one is created.
      expect(london.stack(data).dependencies).toContain('Backup');
      const t = london.template(data);
      const [[, plan]] = resourcesOf(t, 'AWS::Backup::BackupPlan');
      expect(JSON.stringify(plan.Properties.BackupPlan.BackupPlanRule[0].TargetBackupVault)).toMatch(/Fn::GetStackOutput|halo-london/);
      const [[, selection]] = resourcesOf(t, 'AWS::Backup::BackupSelection');
      const s = selection.Properties.BackupSelection;
      expect(s.Conditions.StringEquals).toEqual([{ ConditionKey: 'aws:ResourceTag/halo:cell', ConditionValue: cellId }]);
      expect(s.Resources).toEqual(['arn:aws:ec2:eu-west-2:111122223333:instance/*']);
      expect(s.Conditions.StringLike).toEqual([{ ConditionKey: 'aws:ResourceTag/halo:sql-node', ConditionValue: '*' }]);
      for (const [, instance] of resourcesOf(t, 'AWS::EC2::Instance')) {
        const tags = Object.fromEntries(instance.Properties.Tags.map((tag: { Key: string; Value: string }) => [tag.Key, tag.Value]));
        expect(tags['halo:cell']).toBe(cellId);
        expect(tags['halo:sql-node']).toMatch(new RegExp(`^${cellId}-[12]$`));
        expect(tags['halo:restore-test']).toBe(cellId === 'uat' ? undefined : 'monthly');
      }
    }
  });

  test('restores the latest recovery point of every production cell monthly (one selection, by tag) into an isolated subnet that admits nothing', () => {
    template.hasResourceProperties('AWS::Backup::RestoreTestingPlan', {
      RestoreTestingPlanName: 'halo_london_monthly',
      ScheduleExpression: 'cron(0 5 15 * ? *)',
      RecoveryPointSelection: Match.objectLike({ Algorithm: 'LATEST_WITHIN_WINDOW', IncludeVaults: [Match.anyValue()], SelectionWindowDays: 31 }),
    });
    const selections = resourcesOf(template, 'AWS::Backup::RestoreTestingSelection').map(([, r]) => r.Properties);
    expect(selections).toHaveLength(1);
    const [s] = selections;
    expect(s.ProtectedResourceConditions.StringEquals).toEqual([{ Key: 'aws:ResourceTag/halo:restore-test', Value: 'monthly' }]);
    expect(s.ProtectedResourceType).toBe('EC2');
    expect(s.ValidationWindowHours).toBe(4);
    expect(JSON.stringify(s.RestoreMetadataOverrides.subnetId)).toMatch(/DataSubnet1Subnet/);
    expect(JSON.stringify(s.RestoreMetadataOverrides.securityGroupIds)).toMatch(/IsolationGroup/);
    const isolation = resourcesOf(template, 'AWS::EC2::SecurityGroup').find(([id]) => id.includes('IsolationGroup'))![1];
    expect(isolation.Properties.SecurityGroupIngress).toBeUndefined();
    expect(isolation.Properties.SecurityGroupEgress).toEqual([expect.objectContaining({ CidrIp: '255.255.255.255/32', Description: 'Disallow all traffic' })]);
  });

  test('validates each restore with inline code that reports to AWS Backup, triggered when the restore completes', () => {
    const [[, fn]] = resourcesOf(template, 'AWS::Lambda::Function');
    expect(fn.Properties.Code.ZipFile).toContain('PutRestoreValidationResultCommand');
    expect(fn.Properties.Code.S3Bucket).toBeUndefined();
    expect(fn.Properties.VpcConfig).toBeDefined();
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.backup'],
        'detail-type': ['Restore Job State Change'],
        detail: { status: ['COMPLETED'], restoreTestingPlanArn: [Match.anyValue()] },
      },
    });
  });
});

describe('residency of copies', () => {
  test("Frankfurt's production cell copies to London's vault (EU zone), with the same retention", () => {
    const plans = dataStacks(frankfurt)
      .flatMap(([, id]) => resourcesOf(frankfurt.template(id), 'AWS::Backup::BackupPlan'))
      .map(([, r]) => r.Properties.BackupPlan);
    const prod = plans.find((p) => p.BackupPlanName === 'halo-eu-central-1-prod-stable');
    expect(prod.BackupPlanRule.map((r: any) => r.CopyActions)).toEqual([
      [{ DestinationBackupVaultArn: 'arn:aws:backup:eu-west-2:111122223333:backup-vault:halo-london', Lifecycle: { DeleteAfterDays: 14 } }],
      [{ DestinationBackupVaultArn: 'arn:aws:backup:eu-west-2:111122223333:backup-vault:halo-london', Lifecycle: { DeleteAfterDays: 90 } }],
    ]);
    const uat = plans.find((p) => p.BackupPlanName === 'halo-eu-central-1-uat');
    expect(uat.BackupPlanRule[0].CopyActions).toBeUndefined();
  });

  test('Cape Town copies nowhere', () => {
    const text = JSON.stringify(['Backup', ...dataStacks(capeTown).map(([, id]) => id)].map((id) => capeTown.templateJson(id)));
    expect(text).not.toMatch(/CopyActions/);
  });
});
