# Adds one customer's database: created on the primary (or the standalone node), users for both application logins,
# a first full backup (the base of its log chain), then joined to the availability group by automatic seeding.
$db = 'tenant_' + ('{{ TenantId }}' -replace '-', '_')
if ($Facts.clustered) {
  $role = Get-ReplicaRole
  if ($role -ne 'PRIMARY') {
    Write-Output "This node is the $role replica: the primary adds $db"
    exit 0
  }
}
$recovery = if ($Facts.logBackups) { 'FULL' } else { 'SIMPLE' }
Invoke-Sql -Query "IF DB_ID(N'$db') IS NULL CREATE DATABASE [$db]; ALTER DATABASE [$db] SET RECOVERY $recovery;"
$users = ($Facts.applicationLogins | ForEach-Object { "IF USER_ID(N'$_') IS NULL CREATE USER [$_] FOR LOGIN [$_]; ALTER ROLE [db_owner] ADD MEMBER [$_];" }) -join ' '
Invoke-Sql -Query "USE [$db]; $users"
& powershell.exe -NoProfile -ExecutionPolicy Bypass -File "$($Facts.jobsPath)\sql-backup.ps1" -Kind Full -Database $db
if ($LASTEXITCODE -ne 0) { throw "The first full backup of $db failed (exit $LASTEXITCODE)" }
if ($Facts.clustered) {
  $ag = $Facts.availabilityGroup
  Invoke-Sql -Query "IF NOT EXISTS (SELECT 1 FROM sys.availability_databases_cluster WHERE database_name = N'$db') ALTER AVAILABILITY GROUP [$ag] ADD DATABASE [$db];"
  Invoke-WithRetry -What "$db seeded and synchronized on every replica" -Attempts 40 -DelaySeconds 15 -Action {
    $behind = Invoke-Sql -Query "SELECT ar.replica_server_name, ISNULL(drs.synchronization_state_desc, N'NOT SEEDED') AS state FROM sys.availability_replicas ar JOIN sys.availability_groups g ON g.group_id = ar.group_id LEFT JOIN sys.dm_hadr_database_replica_states drs ON drs.replica_id = ar.replica_id AND drs.database_id = DB_ID(N'$db') WHERE g.name = N'$ag' AND ISNULL(drs.synchronization_state_desc, N'') <> N'SYNCHRONIZED';"
    if ($behind) { throw "$(@($behind | ForEach-Object { "$($_.replica_server_name): $($_.state)" }) -join ', ')" }
  }
}
Write-Output "Database $db ready ($recovery recovery)"
