/**
 * PowerShell and T-SQL that the cluster-formation documents run on the nodes. Values come from the
 * stack's resources (tokens), never typed by hand; `{{ Name }}` is an SSM document parameter.
 */

/** What the scripts need to know about the cluster; every field is a real resource value. */
export interface ClusterFacts {
  readonly domainName: string;
  readonly netbiosName: string;
  /** The cell's formation account (`username`, `password`), elevated while formation runs. */
  readonly setupSecretArn: string;
  readonly clusterName: string;
  readonly availabilityGroup: string;
  readonly listenerName: string;
  readonly subnetMask: string;
  readonly witnessPath: string;
  readonly nodes: readonly { readonly hostName: string; readonly clusterAddress: string; readonly listenerAddress: string }[];
  readonly backupBucket: string;
  readonly backupCredentialSecretArn: string;
  readonly region: string;
}

const DOMAIN_ADMIN = (f: ClusterFacts) => [
  '$ErrorActionPreference = "Stop"',
  `$setup = (Get-SECSecretValue -SecretId '${f.setupSecretArn}').SecretString | ConvertFrom-Json`,
  `$cred = New-Object System.Management.Automation.PSCredential ("${f.netbiosName}\\$($setup.username)", (ConvertTo-SecureString $setup.password -AsPlainText -Force))`,
  // The FQDN matches the CredSSP delegation policy (*.<domain>) that the join step set.
  `$self = "$env:COMPUTERNAME.${f.domainName}"`,
];

/** (a) Name the host, then (after the domain join step) prepare disks and remoting for the cluster. */
export function renameHostScript(): string[] {
  return [
    '$ErrorActionPreference = "Stop"',
    "if ($env:COMPUTERNAME -ne '{{ HostName }}') {",
    "  Rename-Computer -NewName '{{ HostName }}' -Force",
    '  exit 3010 # SSM reboots and runs this step again',
    '}',
  ];
}

export function prepareNodeScript(f: ClusterFacts): string[] {
  return [
    '$ErrorActionPreference = "Stop"',
    'Install-WindowsFeature Failover-Clustering -IncludeManagementTools | Out-Null',
    // EBS NVMe disks carry the volume id (without its dash) as serial number.
    "$volumes = @{ 'D' = '{{ DataVolumeId }}'; 'L' = '{{ LogVolumeId }}'; 'T' = '{{ TempdbVolumeId }}' }",
    'foreach ($letter in $volumes.Keys) {',
    "  $serial = $volumes[$letter] -replace '-', ''",
    '  $disk = Get-Disk | Where-Object { $_.SerialNumber -like "$serial*" }',
    "  if ($disk.PartitionStyle -eq 'RAW') {",
    '    $disk | Initialize-Disk -PartitionStyle GPT -PassThru | New-Partition -DriveLetter $letter -UseMaximumSize |',
    '      Format-Volume -FileSystem NTFS -AllocationUnitSize 65536 -NewFileSystemLabel "SQL-$letter" -Confirm:$false | Out-Null',
    '  }',
    '}',
    "New-Item -ItemType Directory -Force -Path 'D:\\Data', 'L:\\Log', 'T:\\TempDB' | Out-Null",
    // CredSSP lets the cluster scripts act as the domain admin on both nodes (the second hop).
    'Enable-WSManCredSSP -Role Server -Force | Out-Null',
    `Enable-WSManCredSSP -Role Client -DelegateComputer '*.${f.domainName}' -Force | Out-Null`,
    `Add-LocalGroupMember -Group Administrators -Member '${f.netbiosName}\\AWS Delegated Administrators' -ErrorAction SilentlyContinue`,
    `Invoke-Sqlcmd -ServerInstance localhost -Query "IF SUSER_ID(N'${f.netbiosName}\\AWS Delegated Administrators') IS NULL BEGIN CREATE LOGIN [${f.netbiosName}\\AWS Delegated Administrators] FROM WINDOWS; ALTER SERVER ROLE sysadmin ADD MEMBER [${f.netbiosName}\\AWS Delegated Administrators]; END"`,
  ];
}

/** (b) The Windows failover cluster with a static address per subnet and a file-share witness. */
export function createClusterScript(f: ClusterFacts): string[] {
  const nodes = f.nodes.map((n) => `'${n.hostName}'`).join(', ');
  const addresses = f.nodes.map((n) => `'${n.clusterAddress}'`).join(', ');
  return [
    ...DOMAIN_ADMIN(f),
    'Invoke-Command -ComputerName $self -Credential $cred -Authentication Credssp -ScriptBlock {',
    '  $ErrorActionPreference = "Stop"',
    `  if (-not (Get-Cluster -Name '${f.clusterName}' -ErrorAction SilentlyContinue)) {`,
    `    New-Cluster -Name '${f.clusterName}' -Node ${nodes} -StaticAddress ${addresses} -NoStorage -AdministrativeAccessPoint ActiveDirectoryAndDns | Out-Null`,
    '  }',
    `  New-Item -ItemType Directory -Force -Path '${f.witnessPath}' | Out-Null`,
    `  icacls '${f.witnessPath}' /grant '${f.netbiosName}\\${f.clusterName}$:(OI)(CI)F' | Out-Null`,
    `  Set-ClusterQuorum -Cluster '${f.clusterName}' -NodeAndFileShareMajority '${f.witnessPath}' | Out-Null`,
    '}',
  ];
}

/** (c) Always On, mirroring endpoints, the AG (synchronous, automatic failover, readable secondary), the listener. */
export function createAvailabilityGroupScript(f: ClusterFacts): string[] {
  const fqdn = (host: string) => `${host}.${f.domainName}`;
  const replica = (host: string) =>
    `N'${host}' WITH (ENDPOINT_URL = N'TCP://${fqdn(host)}:5022', AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, ` +
    'FAILOVER_MODE = AUTOMATIC, SEEDING_MODE = AUTOMATIC, BACKUP_PRIORITY = 50, ' +
    `SECONDARY_ROLE (ALLOW_CONNECTIONS = READ_ONLY, READ_ONLY_ROUTING_URL = N'TCP://${fqdn(host)}:1433'), ` +
    `PRIMARY_ROLE (ALLOW_CONNECTIONS = ALL, READ_ONLY_ROUTING_LIST = (${[...f.nodes.filter((n) => n.hostName !== host), ...f.nodes.filter((n) => n.hostName === host)].map((n) => `N'${n.hostName}'`).join(', ')})))`;
  const listenerIps = f.nodes.map((n) => `(N'${n.listenerAddress}', N'${f.subnetMask}')`).join(', ');
  const [primary, ...secondaries] = f.nodes.map((n) => n.hostName);
  const endpointSql = (self: string) =>
    [
      'IF NOT EXISTS (SELECT 1 FROM sys.database_mirroring_endpoints) CREATE ENDPOINT [Hadr_endpoint] STATE = STARTED AS TCP (LISTENER_PORT = 5022) FOR DATA_MIRRORING (ROLE = ALL, AUTHENTICATION = WINDOWS NEGOTIATE, ENCRYPTION = REQUIRED ALGORITHM AES);',
      ...f.nodes
        .filter((n) => n.hostName !== self)
        .map(
          (n) =>
            `IF SUSER_ID(N'${f.netbiosName}\\${n.hostName}$') IS NULL CREATE LOGIN [${f.netbiosName}\\${n.hostName}$] FROM WINDOWS; GRANT CONNECT ON ENDPOINT::[Hadr_endpoint] TO [${f.netbiosName}\\${n.hostName}$];`,
        ),
    ].join(' ');
  return [
    ...DOMAIN_ADMIN(f),
    'Invoke-Command -ComputerName $self -Credential $cred -Authentication Credssp -ScriptBlock {',
    '  $ErrorActionPreference = "Stop"',
    ...f.nodes.map((n) => `  Enable-SqlAlwaysOn -ServerInstance '${n.hostName}' -Force`),
    ...f.nodes.map((n) => `  Invoke-Sqlcmd -ServerInstance '${n.hostName}' -Query "${endpointSql(n.hostName)}"`),
    `  Invoke-Sqlcmd -ServerInstance '${primary}' -Query "IF NOT EXISTS (SELECT 1 FROM sys.availability_groups WHERE name = N'${f.availabilityGroup}') CREATE AVAILABILITY GROUP [${f.availabilityGroup}] WITH (AUTOMATED_BACKUP_PREFERENCE = PRIMARY, DB_FAILOVER = ON, CLUSTER_TYPE = WSFC) FOR REPLICA ON ${f.nodes.map((n) => replica(n.hostName)).join(', ')};"`,
    ...secondaries.map(
      (host) =>
        `  Invoke-Sqlcmd -ServerInstance '${host}' -Query "IF NOT EXISTS (SELECT 1 FROM sys.availability_groups WHERE name = N'${f.availabilityGroup}') ALTER AVAILABILITY GROUP [${f.availabilityGroup}] JOIN; ALTER AVAILABILITY GROUP [${f.availabilityGroup}] GRANT CREATE ANY DATABASE;"`,
    ),
    `  Invoke-Sqlcmd -ServerInstance '${primary}' -Query "IF NOT EXISTS (SELECT 1 FROM sys.availability_group_listeners WHERE dns_name = N'${f.listenerName}') ALTER AVAILABILITY GROUP [${f.availabilityGroup}] ADD LISTENER N'${f.listenerName}' (WITH IP (${listenerIps}), PORT = 1433);"`,
    '}',
  ];
}

const S3_URL = (f: ClusterFacts) => `s3://${f.backupBucket}.s3.${f.region}.amazonaws.com`;

// SQL Server's S3 connector takes an access key, not an instance role: the key lives in Secrets Manager.
const REFRESH_S3_CREDENTIAL = (f: ClusterFacts) => [
  `$key = (Get-SECSecretValue -SecretId '${f.backupCredentialSecretArn}').SecretString | ConvertFrom-Json`,
  `$url = '${S3_URL(f)}'`,
  "Invoke-Sqlcmd -ServerInstance localhost -Query \"IF EXISTS (SELECT 1 FROM sys.credentials WHERE name = N'$url') DROP CREDENTIAL [$url]; CREATE CREDENTIAL [$url] WITH IDENTITY = 'S3 Access Key', SECRET = '$($key.accessKeyId):$($key.secretAccessKey)';\"",
];

/** (d) One customer's database: created on the primary, full recovery, first backup to S3, joined to the AG. */
export function addTenantDatabaseScript(f: ClusterFacts): string[] {
  return [
    '$ErrorActionPreference = "Stop"',
    "$db = 'tenant_{{ TenantId }}' -replace '-', '_'",
    '$role = Invoke-Sqlcmd -ServerInstance localhost -Query "SELECT role_desc FROM sys.dm_hadr_availability_replica_states WHERE is_local = 1"',
    "if ($role.role_desc -ne 'PRIMARY') { Write-Output 'Secondary replica: the primary adds the database.'; exit 0 }",
    ...REFRESH_S3_CREDENTIAL(f),
    "Invoke-Sqlcmd -ServerInstance localhost -QueryTimeout 0 -Query \"IF DB_ID(N'$db') IS NULL CREATE DATABASE [$db] ON (NAME = N'$db', FILENAME = N'D:\\Data\\$db.mdf') LOG ON (NAME = N'$($db)_log', FILENAME = N'L:\\Log\\$($db)_log.ldf'); ALTER DATABASE [$db] SET RECOVERY FULL;\"",
    '$stamp = Get-Date -Format yyyyMMddHHmmss',
    'Invoke-Sqlcmd -ServerInstance localhost -QueryTimeout 0 -Query "BACKUP DATABASE [$db] TO URL = N\'$url/full/$db/$stamp.bak\' WITH COMPRESSION, CHECKSUM, FORMAT;"',
    `Invoke-Sqlcmd -ServerInstance localhost -Query "IF NOT EXISTS (SELECT 1 FROM sys.availability_databases_cluster WHERE database_name = N'$db') ALTER AVAILABILITY GROUP [${f.availabilityGroup}] ADD DATABASE [$db];"`,
  ];
}

/**
 * (e) The SQL Agent job: every `intervalHours`, on the preferred backup replica, BACKUP LOG ... TO URL
 * for each AG database. Without a log-backup policy (UAT) the job truncates the log instead, so full
 * recovery (which the AG needs) cannot fill the log volume; UAT relies on daily full backups.
 */
export function installLogBackupJobScript(f: ClusterFacts, intervalHours: number, keepLogBackups: boolean): string[] {
  const perDatabase = keepLogBackups
    ? 'Invoke-Sqlcmd -ServerInstance localhost -QueryTimeout 0 -Query "BACKUP LOG [$db] TO URL = N\'$url/log/$db/$stamp.trn\' WITH COMPRESSION, CHECKSUM;"'
    : 'Invoke-Sqlcmd -ServerInstance localhost -QueryTimeout 0 -Query "BACKUP LOG [$db] TO DISK = N\'NUL\';"';
  const job = [
    '$ErrorActionPreference = "Stop"',
    ...(keepLogBackups ? REFRESH_S3_CREDENTIAL(f) : []),
    '$stamp = Get-Date -Format yyyyMMddHHmmss',
    `$dbs = Invoke-Sqlcmd -ServerInstance localhost -Query "SELECT d.name FROM sys.databases d JOIN sys.availability_databases_cluster a ON a.database_name = d.name WHERE sys.fn_hadr_backup_is_preferred_replica(d.name) = 1"`,
    'foreach ($row in $dbs) { $db = $row.name; ' + perDatabase + ' }',
  ];
  return [
    '$ErrorActionPreference = "Stop"',
    "New-Item -ItemType Directory -Force -Path 'C:\\Halo' | Out-Null",
    `Set-Content -Path 'C:\\Halo\\log-backup.ps1' -Value @'\n${job.join('\n')}\n'@`,
    'Invoke-Sqlcmd -ServerInstance localhost -Query "' +
      "IF EXISTS (SELECT 1 FROM msdb.dbo.sysjobs WHERE name = N'halo-log-backup') EXEC msdb.dbo.sp_delete_job @job_name = N'halo-log-backup'; " +
      "EXEC msdb.dbo.sp_add_job @job_name = N'halo-log-backup', @description = N'Halo: transaction-log backups of the availability group databases'; " +
      "EXEC msdb.dbo.sp_add_jobstep @job_name = N'halo-log-backup', @step_name = N'backup', @subsystem = N'CmdExec', @command = N'powershell.exe -NoProfile -ExecutionPolicy Bypass -File C:\\Halo\\log-backup.ps1'; " +
      `EXEC msdb.dbo.sp_add_jobschedule @job_name = N'halo-log-backup', @name = N'every-${intervalHours}h', @freq_type = 4, @freq_interval = 1, @freq_subday_type = 8, @freq_subday_interval = ${intervalHours}; ` +
      "EXEC msdb.dbo.sp_add_jobserver @job_name = N'halo-log-backup';\"",
  ];
}
