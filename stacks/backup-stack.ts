import { ArnFormat } from 'aws-cdk-lib';
import type * as backup from 'aws-cdk-lib/aws-backup';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { LockedBackupVault } from '../lib/backup/locked-backup-vault';
import { MonthlyRestoreTesting } from '../lib/backup/monthly-restore-testing';
import { acknowledgeAll } from '../lib/compliance/acknowledge';
import type { BackupPolicy, RegionConfig } from '../lib/config';
import { SUBNET_GROUPS } from '../lib/network/region-network';
import { HaloStack } from './halo-stack';
import type { RegionBackupOutputs, RegionKeyRing, RegionNetworkOutputs } from './interfaces';
import { proveAllowed, proveRefused } from '../lib/proofs';

/** Properties of {@link BackupStack}. */
export interface BackupStackProps {
  readonly region: RegionConfig;
  /**
   * The backup policies of other regions' cells whose recovery points are copied into this region's vault: its lock
   * must admit their retention too.
   * @default none
   */
  readonly incomingPolicies?: readonly BackupPolicy[];
  /** The monthly restore tests restore into the first data subnet and run their checks from the app subnets. */
  readonly network: RegionNetworkOutputs;
  readonly keys: Pick<RegionKeyRing, 'backup' | 'data' | 'logs'>;
}

/** The region's AWS Backup vault under Vault Lock, the role AWS Backup uses, and the monthly restore tests (each cell's plan is in its Data stack). */
export class BackupStack extends HaloStack implements RegionBackupOutputs {
  public readonly vault: LockedBackupVault;
  /** The locked vault, as the cells' plans back up to it. */
  public readonly backupVault: backup.IBackupVault;
  /** The role AWS Backup backs up, copies and restores with. */
  public readonly role: iam.IRole;
  public readonly restoreTesting?: MonthlyRestoreTesting;

  constructor(scope: Construct, id: string, props: BackupStackProps) {
    const { region } = props;
    super(scope, id, { region, layer: 'backup', description: `Halo ${region.name}: backup vault (locked), AWS Backup role, monthly restore tests` });
    // The vault also receives copies from other regions' cells that name this region.
    const policies = [...region.cells.map((c) => c.backup.policy), ...(props.incomingPolicies ?? [])];
    const retentions = policies.flatMap((policy) => [policy.daily.retentionDays, ...(policy.monthly ? [policy.monthly.retentionDays] : [])]);
    this.vault = new LockedBackupVault(this, 'Vault', {
      vaultName: region.names.vault.vaultName,
      encryptionKey: props.keys.backup,
      minRetentionDays: Math.min(...retentions),
      maxRetentionDays: Math.max(...retentions),
      breakGlassRoleName: region.names.breakGlassRole,
    });
    this.backupVault = this.vault.vault;

    const role = (this.role = new iam.Role(this, 'BackupRole', {
      description: "AWS Backup: back up and restore the region's SQL Server nodes",
      assumedBy: new iam.ServicePrincipal('backup.amazonaws.com'),
      managedPolicies: ['AWSBackupServiceRolePolicyForBackup', 'AWSBackupServiceRolePolicyForRestores'].map((name) =>
        iam.ManagedPolicy.fromAwsManagedPolicyName(`service-role/${name}`),
      ),
    }));
    // Weak: a role without a name or path is never replaced in place.
    this.referenceWeakly(role);
    acknowledgeAll(
      role,
      ['AWSBackupServiceRolePolicyForBackup', 'AWSBackupServiceRolePolicyForRestores'].map(
        (name) => `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/${name}]`,
      ),
      {
        reason: 'AWS Backup needs the AWS-maintained service policies, which follow every resource type and API it supports.',
        compensatingControl: 'Only backup.amazonaws.com can assume the role; what it may delete is limited by the locked vault and its deny policy.',
      },
    );

    this.proveBackupCanUse(role, props.keys, region);
    this.proveOnlyBreakGlassDeletes(role, region);

    if (region.cells.some((c) => c.environment === 'production')) {
      this.restoreTesting = new MonthlyRestoreTesting(this, 'RestoreTesting', {
        planName: region.names.restoreTestingPlan,
        vaultArn: this.backupVault.backupVaultArn,
        vpc: props.network.vpc,
        vpcCidr: props.network.cidr,
        restoreSubnet: props.network.dataSubnets[0],
        functionSubnets: { subnetGroupName: SUBNET_GROUPS.app },
        role,
        logsKey: props.keys.logs,
      });
    }
  }

  /** AWS Backup assumes its role and, through EC2, snapshots and restores volumes encrypted with the data key. */
  private proveBackupCanUse(role: iam.IRole, keys: Pick<RegionKeyRing, 'backup' | 'data'>, region: RegionConfig): void {
    const why =
      "AWS Backup snapshots the SQL nodes' encrypted volumes (and restores them in the monthly tests) through EC2 with its role; a refused key call fails every job.";
    const actor = { roleArn: role.roleArn, description: 'AWS Backup role' };
    const viaEc2 = {
      'kms:ViaService': `ec2.${region.code}.amazonaws.com`,
      'kms:EncryptionContextKeys': 'aws:ebs:id',
      'kms:EncryptionContext:aws:ebs:id': 'snap-0123456789abcdef0',
    };
    proveAllowed(this, {
      id: 'BackupAssumesRole',
      actor: { service: 'backup.amazonaws.com', sourceAccount: region.account },
      action: 'sts:AssumeRole',
      resource: role.roleArn,
      why,
    });
    proveAllowed(this, {
      id: 'BackupGrantsOnVolumeKey',
      actor,
      action: 'kms:CreateGrant',
      resource: keys.data.keyArn,
      context: { ...viaEc2, 'kms:GrantIsForAWSResource': 'true' },
      why,
    });
    proveAllowed(this, {
      id: 'BackupGeneratesOnVolumeKey',
      actor,
      action: 'kms:GenerateDataKeyWithoutPlaintext',
      resource: keys.data.keyArn,
      context: viaEc2,
      why,
    });
    // The vault's key: AWS Backup grants itself its use for the recovery points it keeps there.
    const viaBackup = { 'kms:ViaService': `backup.${region.code}.amazonaws.com` };
    proveAllowed(this, {
      id: 'BackupGrantsOnVaultKey',
      actor,
      action: 'kms:CreateGrant',
      resource: keys.backup.keyArn,
      context: { ...viaBackup, 'kms:GrantIsForAWSResource': 'true' },
      why,
    });
    proveAllowed(this, { id: 'BackupDescribesVaultKey', actor, action: 'kms:DescribeKey', resource: keys.backup.keyArn, context: viaBackup, why });
    // Which service AWS Backup's DescribeKey of a volume's key arrives through is not documented: both are proven.
    proveAllowed(this, {
      id: 'BackupDescribesVolumeKeyViaBackup',
      actor,
      action: 'kms:DescribeKey',
      resource: keys.data.keyArn,
      context: { 'kms:ViaService': `backup.${region.code}.amazonaws.com` },
      why,
    });
    proveAllowed(this, {
      id: 'BackupDescribesVolumeKeyViaEc2',
      actor,
      action: 'kms:DescribeKey',
      resource: keys.data.keyArn,
      context: { 'kms:ViaService': `ec2.${region.code}.amazonaws.com` },
      why,
    });
  }

  /** Only the break-glass role deletes recovery points or changes the vault's guard rails; deploying such a change is a break-glass procedure. */
  private proveOnlyBreakGlassDeletes(backupRole: iam.IRole, region: RegionConfig): void {
    const vaultArn = this.backupVault.backupVaultArn;
    const recoveryPoint = this.formatArn({
      service: 'backup',
      resource: 'recovery-point',
      resourceName: '0123abcd-4567-89ef-0123-456789abcdef',
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    const breakGlass = {
      roleArn: this.formatArn({ service: 'iam', region: '', resource: 'role', resourceName: region.names.breakGlassRole }),
      description: 'break-glass administrator',
    };
    const others = [
      { roleArn: this.formatArn({ service: 'iam', region: '', resource: 'role', resourceName: region.names.operatorRole }), description: 'operator role' },
      { roleArn: backupRole.roleArn, description: 'AWS Backup role' },
      {
        roleArn: region.names.cdkExecutionRoleArn,
        description: "CDK's CloudFormation execution role (AdministratorAccess)",
        managedPolicies: ['AdministratorAccess'],
      },
    ];
    const why =
      'Recovery points are the last line of defence against ransomware and mistakes: deleting them or loosening the vault needs the break-glass role.';
    proveAllowed(this, {
      id: 'BreakGlassDeletesRecoveryPoints',
      actor: breakGlass,
      action: 'backup:DeleteRecoveryPoint',
      resource: recoveryPoint,
      policyResource: vaultArn,
      why,
    });
    proveAllowed(this, { id: 'BreakGlassChangesVaultPolicy', actor: breakGlass, action: 'backup:PutBackupVaultAccessPolicy', resource: vaultArn, why });
    others.forEach((actor, i) => {
      proveRefused(this, {
        id: `NoDeleteRecoveryPoints${i}`,
        actor,
        action: 'backup:DeleteRecoveryPoint',
        resource: recoveryPoint,
        policyResource: vaultArn,
        why,
      });
      proveRefused(this, { id: `NoVaultPolicyChange${i}`, actor, action: 'backup:PutBackupVaultAccessPolicy', resource: vaultArn, why });
      proveRefused(this, { id: `NoVaultDeletion${i}`, actor, action: 'backup:DeleteBackupVault', resource: vaultArn, why });
    });
  }
}
