import { Duration, Names, Stack, TimeZone } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, RootConstruct } from 'constructs';
import type { BackupPolicy } from '../config';
import { BACKUP_RULE_TAG, CELL_TAG, SQL_NODE_TAG } from '../config/names';

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

/** The logical ID its stack gives an element at `<scope>/<id>` (the ID the plan had as a bare L1, before the L2 added a level). */
function logicalIdAt(scope: Construct, id: string): string {
  const scopes = scope.node.scopes;
  const path = [...scopes.slice(scopes.indexOf(Stack.of(scope)) + 1).map((c) => c.node.id), id];
  return Names.uniqueId(path.reduce<Construct>((parent, part) => new Construct(parent, part), new RootConstruct()));
}

/**
 * A cell's AWS Backup plan: a daily full backup and, where the policy has one, a monthly full
 * backup of the cell's SQL Server nodes with Windows VSS (application-consistent; an EC2 backup
 * takes every attached EBS volume), selected by the cell's tag. Transaction-log backups are the
 * SQL Agent job's (native, to the cell's bucket), not AWS Backup's.
 */
export class CellBackupPlan extends Construct {
  /** The plan: its ID and ARN, and more rules or selections if a caller needs them. */
  public readonly plan: backup.BackupPlan;
  /** The plan's name, as AWS Backup lists it: `halo-<region code>-<cell>`. */
  public readonly planName: string;
  public readonly selection: backup.CfnBackupSelection;

  constructor(scope: Construct, id: string, props: CellBackupPlanProps) {
    super(scope, id);
    const { policy, cellId } = props;
    const hour = String(policy.daily.startHourUtc);
    const copyVault = props.copyTo && backup.BackupVault.fromBackupVaultArn(this, 'CopyVault', props.copyTo.vaultArn);
    const rule = (ruleName: string, schedule: events.CronOptions, retentionDays: number) =>
      new backup.BackupPlanRule({
        ruleName,
        scheduleExpression: events.Schedule.cron(schedule),
        scheduleExpressionTimezone: TimeZone.ETC_UTC,
        startWindow: Duration.hours(1),
        completionWindow: Duration.hours(8),
        deleteAfter: Duration.days(retentionDays),
        recoveryPointTags: { [CELL_TAG]: cellId, [BACKUP_RULE_TAG]: ruleName },
        copyActions: copyVault && [{ destinationBackupVault: copyVault, deleteAfter: Duration.days(retentionDays) }],
      });
    this.planName = `halo-${Stack.of(this).region}-${cellId}`;
    this.plan = new backup.BackupPlan(this, 'Plan', {
      backupPlanName: this.planName,
      backupVault: backup.BackupVault.fromBackupVaultName(this, 'Vault', props.vaultName),
      windowsVss: true,
      backupPlanRules: [
        rule('daily-full', { minute: '0', hour }, policy.daily.retentionDays),
        ...(policy.monthly ? [rule('monthly-full', { minute: '0', hour, day: '1' }, policy.monthly.retentionDays)] : []),
      ],
    });
    // A deployed plan keeps its logical ID: a new one would make CloudFormation replace the plan.
    (this.plan.node.defaultChild as backup.CfnBackupPlan).overrideLogicalId(logicalIdAt(this, 'Plan'));
    // L1: the L2 BackupSelection writes tags as ListOfTags (any one matches), the cell's nodes need both (Conditions).
    this.selection = new backup.CfnBackupSelection(this, 'SqlNodes', {
      backupPlanId: this.plan.backupPlanId,
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
