/** A Windows Firewall rule the node preparation opens. */
export interface FirewallRule {
  readonly name: string;
  readonly description: string;
  readonly protocol: 'TCP' | 'UDP';
  readonly port: string;
}

/** A SQL Server Agent job that runs the backup script (schedule in msdb terms: daily, at a time or every N units). */
export interface AgentJob {
  readonly name: string;
  readonly description: string;
  /** The backup script's -Kind. */
  readonly kind: 'Full' | 'Log' | 'Metrics';
  readonly scheduleName: string;
  /** 4: daily. */
  readonly freqType: 4;
  /** 1: once at startTime; 4: every subdayInterval minutes; 8: every subdayInterval hours. */
  readonly subdayType: 1 | 4 | 8;
  readonly subdayInterval: number;
  /** HHMMSS, UTC (the nodes run in UTC). */
  readonly startTime: number;
}

/**
 * What every script on a cell's SQL Server nodes knows about the cell, as `$Facts`: real resource values (tokens at
 * synth), never typed by hand. One shape for every step, so a script reads the same names wherever it runs.
 */
export interface SqlServerFacts {
  readonly cellId: string;
  readonly region: string;
  readonly domainName: string;
  readonly netbiosName: string;
  /** Two nodes in an availability group (true), or one standalone node. */
  readonly clustered: boolean;
  readonly metricsNamespace: string;
  readonly paths: { readonly data: string; readonly log: string; readonly tempdb: string; readonly backup: string };
  /** The cell's SQL administrators group (sysadmin, local administrators). */
  readonly administratorsGroup: string;
  /** Logins reaching beyond the cell (a directory-wide group, the local Administrators) that formation drops from SQL Server. */
  readonly revokedSysadminLogins: readonly string[];
  readonly firewallRules: readonly FirewallRule[];
  readonly certificate: {
    readonly authorityArn: string;
    readonly templateArn: string;
    readonly validityDays: number;
    readonly renewDaysBefore: number;
    /** Names beyond the node's own (the listener's). */
    readonly extraNames: readonly string[];
  };
  readonly backupBucket: string;
  readonly backupKeyArn: string;
  /** Key prefixes in the bucket: native fulls, logs, and formation's reports (cluster validation). */
  readonly prefixes: { readonly full: string; readonly log: string; readonly reports: string };
  /** Transaction-log backups are taken (full recovery); false: daily fulls only (simple recovery). */
  readonly logBackups: boolean;
  /** Hours shipped backups stay on the node's backup volume. */
  readonly localRetentionHours: number;
  /** Folder of the backup script and its facts on the nodes. */
  readonly jobsPath: string;
  readonly agentJobs: readonly AgentJob[];
  readonly connectionSecretArn: string;
  /** The application's two logins, used in turn by the rotation. */
  readonly applicationLogins: readonly string[];
  /** Hours back a point-in-time restore must reach (the restore drill picks a point in them). */
  readonly pointInTimeHours: number;
  readonly rtoHours: number;
  // Clusters only:
  readonly clusterName?: string;
  readonly availabilityGroup?: string;
  readonly listenerName?: string;
  readonly subnetMask?: string;
  readonly witnessPath?: string;
  readonly nodes?: readonly { readonly hostName: string; readonly clusterAddress: string; readonly listenerAddress: string }[];
  readonly setupSecretArn?: string;
}
