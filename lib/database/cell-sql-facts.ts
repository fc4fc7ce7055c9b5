import type { CellSqlServerProps } from './cell-sql-server';
import { revokedSysadminLogins } from './cell-directory';
import { SQL_METRICS_NAMESPACE } from '../monitoring/sql-node-monitoring';
import { BACKUP_PREFIXES } from './sql-backup-bucket';
import type { AgentJob, FirewallRule, SqlServerFacts } from './sql-server-facts';
import { SQL_DRIVES, type SqlServerNode } from './sql-server-node';

/** The application's two SQL logins, used in turn by the credential rotation. */
export const APPLICATION_LOGINS = ['halo_app_a', 'halo_app_b'] as const;

/** Windows Firewall rules SQL Server needs on every node, and those only a cluster's nodes need. */
export const SQL_FIREWALL_RULES: readonly FirewallRule[] = [
  { name: 'Halo-SQL-1433', description: 'SQL Server: application, reporting and read-only routing', protocol: 'TCP', port: '1433' },
  { name: 'Halo-SQL-Browser-1434', description: 'SQL Server Browser', protocol: 'UDP', port: '1434' },
];
export const CLUSTER_FIREWALL_RULES: readonly FirewallRule[] = [
  { name: 'Halo-AG-Endpoint-5022', description: 'Always On availability group endpoint (the other replica)', protocol: 'TCP', port: '5022' },
];

/** What the facts read of the cell's SQL Server as it is being built. */
export interface CellSqlServerParts {
  readonly region: string;
  readonly nodes: readonly SqlServerNode[];
  /** The directory group whose members administer the nodes. */
  readonly administratorsGroup: string;
  /** Clusters only. */
  readonly listenerName?: string;
  readonly availabilityGroupName?: string;
}

/** What every script on the nodes knows about the cell. */
export function cellSqlServerFacts(props: CellSqlServerProps, server: CellSqlServerParts): SqlServerFacts {
  const clustered = props.sql.topology === 'availability-group';
  const path = (drive: keyof typeof SQL_DRIVES, folder: string) => `${SQL_DRIVES[drive]}:\\${folder}`;
  const job = (
    name: string,
    kind: AgentJob['kind'],
    description: string,
    schedule: Pick<AgentJob, 'scheduleName' | 'subdayType' | 'subdayInterval' | 'startTime'>,
  ): AgentJob => ({
    name,
    kind,
    description,
    freqType: 4,
    ...schedule,
  });
  const log = props.backups.log;
  const agentJobs = [
    job('halo-full-backup', 'Full', 'Halo: daily native full backups to the cell bucket', {
      scheduleName: 'daily',
      subdayType: 1,
      subdayInterval: 0,
      startTime: props.backups.fullBackupHourUtc * 10000,
    }),
    ...(log
      ? [
          job('halo-log-backup', 'Log', 'Halo: transaction-log backups to the cell bucket', {
            scheduleName: `every-${log.everyMinutes}min`,
            subdayType: 4,
            subdayInterval: log.everyMinutes,
            startTime: 500,
          }),
        ]
      : []),
    job('halo-backup-metrics', 'Metrics', 'Halo: age of the newest backups and certificate expiry, as metrics', {
      scheduleName: 'every-5min',
      subdayType: 4,
      subdayInterval: 5,
      startTime: 0,
    }),
  ];
  const nodes = clustered
    ? server.nodes.map((n) => ({ hostName: n.hostName, clusterAddress: n.clusterAddress!, listenerAddress: n.listenerAddress! }))
    : undefined;
  return {
    cellId: props.cellId,
    region: server.region,
    domainName: props.directory.domainName,
    netbiosName: props.directory.netbiosName,
    clustered,
    metricsNamespace: SQL_METRICS_NAMESPACE,
    paths: { data: path('data', 'Data'), log: path('log', 'Log'), tempdb: path('tempdb', 'TempDB'), backup: path('backup', 'Backup') },
    administratorsGroup: server.administratorsGroup,
    revokedSysadminLogins: revokedSysadminLogins(props.directory.netbiosName),
    firewallRules: [...SQL_FIREWALL_RULES, ...(clustered ? CLUSTER_FIREWALL_RULES : [])],
    certificate: {
      authorityArn: props.certificateAuthority.certificateAuthorityArn,
      templateArn: props.certificateAuthority.serverTemplateArn,
      validityDays: 395,
      renewDaysBefore: 60,
      extraNames: server.listenerName ? [`${server.listenerName}.${props.directory.domainName}`, server.listenerName] : [],
    },
    backupBucket: props.backupBucket.bucketName,
    backupKeyArn: props.dataKey.keyArn,
    prefixes: { full: BACKUP_PREFIXES.full, log: BACKUP_PREFIXES.log, reports: BACKUP_PREFIXES.reports },
    logBackups: log !== undefined,
    localRetentionHours: 24,
    jobsPath: 'C:\\Halo\\jobs',
    agentJobs,
    connectionSecretArn: props.connection.secret.secretArn,
    applicationLogins: [...APPLICATION_LOGINS],
    pointInTimeHours: log?.pointInTimeHours ?? 0,
    rtoHours: props.backups.rtoHours,
    ...(clustered
      ? {
          clusterName: `${props.cellId}-cl`,
          availabilityGroup: server.availabilityGroupName,
          listenerName: server.listenerName,
          subnetMask: props.subnetMask,
          nodes,
        }
      : {}),
  };
}
