import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/** Actions on recovery points and on the vault's own guard rails that only the break-glass role may take. */
export const PROTECTED_VAULT_ACTIONS = [
  'backup:DeleteRecoveryPoint',
  'backup:UpdateRecoveryPointLifecycle',
  'backup:PutBackupVaultAccessPolicy',
  'backup:DeleteBackupVaultAccessPolicy',
  'backup:DeleteBackupVault',
  'backup:DeleteBackupVaultLockConfiguration',
];

/** Properties of {@link LockedBackupVault}. */
export interface LockedBackupVaultProps {
  /** Vault name; other regions address copies to it by name. */
  readonly vaultName: string;
  /** The region's backup key. */
  readonly encryptionKey: kms.IKey;
  /** Shortest retention of any rule that stores in this vault (days): the lock's minimum cannot exceed it. */
  readonly minRetentionDays: number;
  /** Longest retention of any rule that stores in this vault (days): the lock's maximum cannot be below it. */
  readonly maxRetentionDays: number;
  /**
   * Cooling-off period before the lock becomes immutable (days, at least 3).
   * @default 3
   */
  readonly changeableForDays?: number;
  /** Name of the IAM role that alone may delete recovery points or change the vault's policy. */
  readonly breakGlassRoleName: string;
}

/**
 * The region's AWS Backup vault: encrypted with the backup key, under Vault Lock (compliance mode
 * once the cooling-off period ends), and with an access policy that denies deleting recovery points
 * or changing the policy to everyone but the break-glass role.
 */
export class LockedBackupVault extends Construct {
  public readonly vault: backup.BackupVault;
  /** The vault's name (a plain string, where `vault.backupVaultName` is a reference). */
  public readonly vaultName: string;
  /** The lock's minimum retention (days). */
  public readonly minRetentionDays: number;
  /** The lock's maximum retention (days). */
  public readonly maxRetentionDays: number;

  constructor(scope: Construct, id: string, props: LockedBackupVaultProps) {
    super(scope, id);
    const changeableFor = props.changeableForDays ?? 3;
    if (props.minRetentionDays < 1 || props.minRetentionDays > props.maxRetentionDays || changeableFor < 3) {
      throw new Error(
        `LockedBackupVault ${this.node.path}: need 1 <= minRetentionDays (${props.minRetentionDays}) <= maxRetentionDays (${props.maxRetentionDays}) and changeableForDays >= 3 (${changeableFor})`,
      );
    }
    this.vaultName = props.vaultName;
    this.minRetentionDays = props.minRetentionDays;
    this.maxRetentionDays = props.maxRetentionDays;
    const stack = Stack.of(this);
    const breakGlass = stack.formatArn({ service: 'iam', region: '', resource: 'role', resourceName: props.breakGlassRoleName });
    this.vault = new backup.BackupVault(this, 'Vault', {
      backupVaultName: props.vaultName,
      encryptionKey: props.encryptionKey,
      lockConfiguration: {
        minRetention: Duration.days(props.minRetentionDays),
        maxRetention: Duration.days(props.maxRetentionDays),
        changeableFor: Duration.days(changeableFor),
      },
      accessPolicy: new iam.PolicyDocument({
        statements: [
          new iam.PolicyStatement({
            sid: 'OnlyBreakGlassMayDeleteOrUnprotect',
            effect: iam.Effect.DENY,
            principals: [new iam.AnyPrincipal()],
            actions: PROTECTED_VAULT_ACTIONS,
            resources: ['*'],
            conditions: { ArnNotEquals: { 'aws:PrincipalArn': breakGlass } },
          }),
        ],
      }),
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
