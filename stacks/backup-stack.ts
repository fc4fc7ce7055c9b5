import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { CellBackupPlan } from '../lib/backup/cell-backup-plan';
import { LockedBackupVault } from '../lib/backup/locked-backup-vault';
import { MonthlyRestoreTesting } from '../lib/backup/monthly-restore-testing';
import { acknowledgeAll } from '../lib/compliance/acknowledge';
import { declareBackupPromise } from '../lib/compliance/backup-promise';
import { declareResidency } from '../lib/compliance/residency';
import { BACKUP_PROMISES, type BackupPolicy, type CellConfig, type HaloConfig, type RegionConfig } from '../lib/config';
import { SUBNET_GROUPS, type RegionNetwork } from '../lib/network/region-network';
import type { RegionKeys } from '../lib/security/region-keys';
import { HaloStack } from './halo-stack';
import { breakGlassRoleNameOf } from './naming';

/** The vault of a region: other regions of its residency zone address their copies to it by this name. */
export function vaultNameOf(region: RegionConfig): string {
  return `halo-${region.slug}`;
}

export function vaultArnOf(region: RegionConfig): string {
  return `arn:aws:backup:${region.code}:${region.account}:backup-vault:${vaultNameOf(region)}`;
}

/** Properties of {@link BackupStack}. */
export interface BackupStackProps {
  readonly region: RegionConfig;
  /** The whole configuration: copy targets are other regions' vaults. */
  readonly config: HaloConfig;
  readonly network: RegionNetwork;
  readonly keys: RegionKeys;
}

/** The region's AWS Backup vault under Vault Lock, each cell's plan, and the monthly restore tests. */
export class BackupStack extends HaloStack {
  public readonly vault: LockedBackupVault;
  public readonly plans: Readonly<Record<string, CellBackupPlan>>;
  public readonly restoreTesting?: MonthlyRestoreTesting;

  constructor(scope: Construct, id: string, props: BackupStackProps) {
    const { region, config } = props;
    super(scope, id, { region, layer: 'backup', description: `Halo ${region.name}: backup vault (locked), cell backup plans, monthly restore tests` });
    const policyOf = (cell: CellConfig): BackupPolicy => config.backupPolicies[cell.environment];
    // The vault also receives copies from other regions' cells that name this region.
    const incoming = config.regions.flatMap((r) => r.cells.filter((c) => (c.backupCopyRegion ?? policyOf(c).copyRegion) === region.code));
    const retentions = [...region.cells, ...incoming].flatMap((c) => [policyOf(c).daily.retentionDays, ...(policyOf(c).monthly ? [policyOf(c).monthly!.retentionDays] : [])]);
    this.vault = new LockedBackupVault(this, 'Vault', {
      vaultName: vaultNameOf(region),
      encryptionKey: props.keys.backup,
      minRetentionDays: Math.min(...retentions),
      maxRetentionDays: Math.max(...retentions),
      breakGlassRoleName: breakGlassRoleNameOf(config.breakGlassRoleName, region),
    });

    const role = new iam.Role(this, 'BackupRole', {
      description: 'AWS Backup: back up and restore the region\'s SQL Server nodes',
      assumedBy: new iam.ServicePrincipal('backup.amazonaws.com'),
      managedPolicies: ['AWSBackupServiceRolePolicyForBackup', 'AWSBackupServiceRolePolicyForRestores']
        .map((name) => iam.ManagedPolicy.fromAwsManagedPolicyName(`service-role/${name}`)),
    });
    acknowledgeAll(role, ['AWSBackupServiceRolePolicyForBackup', 'AWSBackupServiceRolePolicyForRestores']
      .map((name) => `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/${name}]`), {
      reason: 'AWS Backup needs the AWS-maintained service policies, which follow every resource type and API it supports.',
      compensatingControl: 'Only backup.amazonaws.com can assume the role; what it may delete is limited by the locked vault and its deny policy.',
    });

    this.plans = Object.fromEntries(region.cells.map((cell) => {
      const copyRegion = cell.backupCopyRegion ?? policyOf(cell).copyRegion;
      const target = copyRegion ? config.regions.find((r) => r.code === copyRegion) : undefined;
      const plan = new CellBackupPlan(this, `Cell-${cell.id}`, {
        cellId: cell.id,
        policy: policyOf(cell),
        vaultName: this.vault.vault.backupVaultName,
        role,
        copyTo: target ? { region: target.code, vaultArn: vaultArnOf(target) } : undefined,
      });
      declareResidency(plan, { zone: cell.zone, regions: config.zones[cell.zone] });
      const promise: { dailyRetentionDays: number; monthlyRetentionDays?: number } = BACKUP_PROMISES[cell.environment];
      declareBackupPromise(plan, { environment: cell.environment, dailyRetentionDays: promise.dailyRetentionDays, monthlyRetentionDays: promise.monthlyRetentionDays });
      return [cell.id, plan];
    }));

    const production = region.cells.filter((c) => c.environment === 'production').map((c) => c.id);
    if (production.length > 0) {
      this.restoreTesting = new MonthlyRestoreTesting(this, 'RestoreTesting', {
        planName: `halo_${region.slug.replace(/-/g, '_')}_monthly`,
        cellIds: production,
        vaultArn: this.vault.vault.backupVaultArn,
        vpc: props.network.vpc,
        vpcCidr: props.network.cidr,
        restoreSubnet: props.network.dataSubnets[0],
        functionSubnets: { subnetGroupName: SUBNET_GROUPS.app },
        role,
        logsKey: props.keys.logs,
      });
    }
  }
}
