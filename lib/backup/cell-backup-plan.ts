import { Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { SQL_NODE_TAG } from '../compliance/rules';
import type { BackupPolicy } from '../config';

/** Tag every resource of a cell carries; the cell's plan selects its SQL nodes by it. */
export const CELL_TAG = 'halo:cell';

/** Where a cell's recovery points are also copied: a vault of another region of its residency zone. */
export interface BackupCopyTarget {
  readonly region: string;
  readonly vaultArn: string;
}

/** Properties of {@link CellBackupPlan}. */
export interface CellBackupPlanProps {
  readonly cellId: string;
  /** The environment's policy: daily and (production) monthly rules, their retention and start hour. */
  readonly policy: BackupPolicy;
  /** The region's vault name. */
  readonly vaultName: string;
  /** The role AWS Backup uses to back up the cell's resources. */
  readonly role: iam.IRole;
  /** Copy every recovery point here as well, with the same retention. */
  readonly copyTo?: BackupCopyTarget;
}

/**
 * A cell's AWS Backup plan: a daily full backup and, where the policy has one, a monthly full
 * backup of the cell's SQL Server nodes with Windows VSS (application-consistent; an EC2 backup
 * takes every attached EBS volume), selected by the cell's tag. Transaction-log backups are the
 * SQL Agent job's (native, to the cell's bucket), not AWS Backup's.
 */
export class CellBackupPlan extends Construct {
  public readonly plan: backup.CfnBackupPlan;
  /** The plan's name, as AWS Backup lists it: `halo-<region code>-<cell>`. */
  public readonly planName: string;
  public readonly selection: backup.CfnBackupSelection;

  constructor(scope: Construct, id: string, props: CellBackupPlanProps) {
    super(scope, id);
    const { policy, cellId } = props;
    const hour = policy.daily.startHourUtc;
    const rule = (name: string, schedule: string, deleteAfterDays: number): backup.CfnBackupPlan.BackupRuleResourceTypeProperty => ({
      ruleName: name,
      targetBackupVault: props.vaultName,
      scheduleExpression: schedule,
      scheduleExpressionTimezone: 'Etc/UTC',
      startWindowMinutes: 60,
      completionWindowMinutes: 8 * 60,
      lifecycle: { deleteAfterDays },
      recoveryPointTags: { [CELL_TAG]: cellId, 'halo:backup-rule': name },
      copyActions: props.copyTo ? [{ destinationBackupVaultArn: props.copyTo.vaultArn, lifecycle: { deleteAfterDays } }] : undefined,
    });
    this.planName = `halo-${Stack.of(this).region}-${cellId}`;
    this.plan = new backup.CfnBackupPlan(this, 'Plan', {
      backupPlan: {
        backupPlanName: this.planName,
        backupPlanRule: [
          rule('daily-full', `cron(0 ${hour} * * ? *)`, policy.daily.retentionDays),
          ...(policy.monthly ? [rule('monthly-full', `cron(0 ${hour} 1 * ? *)`, policy.monthly.retentionDays)] : []),
        ],
        advancedBackupSettings: [{ resourceType: 'EC2', backupOptions: { WindowsVSS: 'enabled' } }],
      },
    });
    this.selection = new backup.CfnBackupSelection(this, 'SqlNodes', {
      backupPlanId: this.plan.attrBackupPlanId,
      backupSelection: {
        selectionName: `${cellId}-sql-nodes`,
        iamRoleArn: props.role.roleArn,
        resources: [Stack.of(this).formatArn({ service: 'ec2', resource: 'instance', resourceName: '*' })],
        conditions: {
          StringEquals: [{ ConditionKey: `aws:ResourceTag/${CELL_TAG}`, ConditionValue: cellId }],
          StringLike: [{ ConditionKey: `aws:ResourceTag/${SQL_NODE_TAG}`, ConditionValue: '*' }],
        },
      },
    });
  }
}
