import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { MonitoredSqlServer } from './monitored';

/** Days before a certificate's expiry that its alarm fires (the drills renew at 60). */
export const CERTIFICATE_ALARM_DAYS = 30;

/** Properties of {@link CellSqlAlarms}. */
export interface CellSqlAlarmsProps {
  readonly cellId: string;
  /** The cell's SQL Server: its nodes' certificates and, in an availability group, each replica's health are watched. */
  readonly sqlServer: MonitoredSqlServer;
  /** Log backups are taken: the alarm watches their age; else the age of the newest full. */
  readonly logBackups: boolean;
  /** Hours of data the cell may lose (the RPO). */
  readonly rpoHours: number;
  /** Hours a full backup may take beyond the RPO before its age alarms (cells with daily fulls only). */
  readonly fullBackupGraceHours: number;
  readonly alertTopic: sns.ITopic;
}

/**
 * The alarms on what the cell's nodes publish themselves (sql-backup.ps1): the newest backup older than the RPO
 * (missing data counts: no primary publishing is itself a reason to look), a backup job that failed for any database,
 * a certificate close to expiry, and each replica of the availability group disconnected or not healthy.
 */
export class CellSqlAlarms extends Construct {
  public readonly backupAge: cloudwatch.Alarm;
  public readonly alarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: CellSqlAlarmsProps) {
    super(scope, id);
    const metric = (metricName: string, statistic: string, period: Duration, dimensionsMap?: Record<string, string>) =>
      props.sqlServer.metric(metricName, { statistic, period, dimensionsMap });
    const hostNames = props.sqlServer.nodes.map((n) => n.hostName);
    const alarm = (
      name: string,
      description: string,
      m: cloudwatch.IMetric,
      threshold: number,
      op: cloudwatch.ComparisonOperator,
      missing: cloudwatch.TreatMissingData,
    ) => {
      const a = new cloudwatch.Alarm(this, name, {
        alarmDescription: `${props.cellId}: ${description}`,
        metric: m,
        threshold,
        comparisonOperator: op,
        evaluationPeriods: 1,
        treatMissingData: missing,
      });
      a.addAlarmAction(new actions.SnsAction(props.alertTopic));
      return a;
    };
    const { GREATER_THAN_THRESHOLD: GT, LESS_THAN_THRESHOLD: LT } = cloudwatch.ComparisonOperator;
    const { BREACHING, NOT_BREACHING } = cloudwatch.TreatMissingData;
    const ageLimit = props.logBackups ? props.rpoHours * 3600 : (props.rpoHours + props.fullBackupGraceHours) * 3600;
    this.backupAge = alarm(
      props.logBackups ? 'LogBackupOlderThanRpo' : 'FullBackupOlderThanRpo',
      `the newest ${props.logBackups ? 'log' : 'full'} backup of some database is older than ${ageLimit / 3600} h (or nobody reports it)`,
      metric(props.logBackups ? 'NewestLogBackupAgeSeconds' : 'NewestFullBackupAgeSeconds', 'Maximum', Duration.minutes(15)),
      ageLimit,
      GT,
      BREACHING,
    );
    const kinds = props.logBackups ? ['Full', 'Log'] : ['Full'];
    this.alarms = [
      this.backupAge,
      ...kinds.map((kind) =>
        alarm(
          `${kind}BackupFailed`,
          `a ${kind.toLowerCase()} backup failed for at least one database`,
          metric('BackupFailures', 'Maximum', Duration.hours(1), { Kind: kind }),
          0,
          GT,
          NOT_BREACHING,
        ),
      ),
      ...hostNames.map((host) =>
        alarm(
          `${host}CertificateExpiring`,
          `${host}'s TLS certificate expires within ${CERTIFICATE_ALARM_DAYS} days (or is missing)`,
          metric('CertificateDaysToExpiry', 'Minimum', Duration.hours(1), { Node: host }),
          CERTIFICATE_ALARM_DAYS,
          LT,
          NOT_BREACHING,
        ),
      ),
      ...(props.sqlServer.clustered
        ? hostNames.map((host) =>
            alarm(
              `${host}ReplicaUnhealthy`,
              `${host}'s availability replica is disconnected, not healthy, or not reporting`,
              metric('ReplicaHealthy', 'Minimum', Duration.minutes(15), { Node: host }),
              1,
              LT,
              BREACHING,
            ),
          )
        : []),
    ];
  }
}
