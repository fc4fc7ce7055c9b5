# Runs as the formation account on the first node: Always On on each node in turn (it restarts SQL Server), the
# mirroring endpoints, the availability group with read-only routing, the secondary's join and the listener.
$nodes = @($Facts.nodes | ForEach-Object { $_.hostName })
$primary = $nodes[0]
$ag = $Facts.availabilityGroup

# The secondary first, then the primary, each back up (with its Agent) before the next restarts.
foreach ($node in @($nodes | Select-Object -Skip 1) + $primary) {
  $enabled = (Invoke-Sql -Server $node -Query "SELECT CAST(SERVERPROPERTY('IsHadrEnabled') AS int) AS enabled;").enabled
  if ($enabled -ne 1) {
    Write-Output "Enabling Always On on $node"
    Enable-SqlAlwaysOn -ServerInstance $node -Force
    Wait-SqlServer -Server $node
    Invoke-Command -ComputerName "$node.$($Facts.domainName)" -ScriptBlock { Start-Service -Name SQLSERVERAGENT }
    $enabled = (Invoke-Sql -Server $node -Query "SELECT CAST(SERVERPROPERTY('IsHadrEnabled') AS int) AS enabled;").enabled
    if ($enabled -ne 1) { throw "Always On is still off on $node after enabling it" }
  }
}

# Each node's endpoint, reachable by the other node's computer account (SQL Server runs as its virtual account).
foreach ($node in $nodes) {
  $grants = ($nodes | Where-Object { $_ -ne $node } | ForEach-Object {
    $peer = "$($Facts.netbiosName)\$_`$"
    "IF SUSER_ID(N'$peer') IS NULL CREATE LOGIN [$peer] FROM WINDOWS; GRANT CONNECT ON ENDPOINT::[Hadr_endpoint] TO [$peer];"
  }) -join ' '
  Invoke-Sql -Server $node -Query "IF NOT EXISTS (SELECT 1 FROM sys.database_mirroring_endpoints) CREATE ENDPOINT [Hadr_endpoint] STATE = STARTED AS TCP (LISTENER_PORT = 5022) FOR DATA_MIRRORING (ROLE = ALL, AUTHENTICATION = WINDOWS NEGOTIATE, ENCRYPTION = REQUIRED ALGORITHM AES); $grants"
}

$replicas = foreach ($node in $nodes) {
  $fqdn = "$node.$($Facts.domainName)"
  $routing = (@($nodes | Where-Object { $_ -ne $node }) + $node | ForEach-Object { "N'$_'" }) -join ', '
  "N'$node' WITH (ENDPOINT_URL = N'TCP://${fqdn}:5022', AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, FAILOVER_MODE = AUTOMATIC, SEEDING_MODE = AUTOMATIC, BACKUP_PRIORITY = 50, " +
    "SECONDARY_ROLE (ALLOW_CONNECTIONS = READ_ONLY, READ_ONLY_ROUTING_URL = N'TCP://${fqdn}:1433'), PRIMARY_ROLE (ALLOW_CONNECTIONS = ALL, READ_ONLY_ROUTING_LIST = ($routing)))"
}
Invoke-Sql -Server $primary -Query "IF NOT EXISTS (SELECT 1 FROM sys.availability_groups WHERE name = N'$ag') CREATE AVAILABILITY GROUP [$ag] WITH (AUTOMATED_BACKUP_PREFERENCE = PRIMARY, DB_FAILOVER = ON, CLUSTER_TYPE = WSFC) FOR REPLICA ON $($replicas -join ', ');"
foreach ($node in @($nodes | Select-Object -Skip 1)) {
  Invoke-WithRetry -What "$node joining $ag" -Attempts 10 -DelaySeconds 15 -Action {
    Invoke-Sql -Server $node -Query "IF EXISTS (SELECT 1 FROM sys.dm_hadr_availability_replica_cluster_states WHERE replica_server_name = @@SERVERNAME AND join_state_desc = N'NOT_JOINED') ALTER AVAILABILITY GROUP [$ag] JOIN; ALTER AVAILABILITY GROUP [$ag] GRANT CREATE ANY DATABASE;"
  }
}
$listenerIps = ($Facts.nodes | ForEach-Object { "(N'$($_.listenerAddress)', N'$($Facts.subnetMask)')" }) -join ', '
Invoke-WithRetry -What "listener $($Facts.listenerName) of $ag" -Attempts 10 -DelaySeconds 30 -Action {
  Invoke-Sql -Server $primary -Query "IF NOT EXISTS (SELECT 1 FROM sys.availability_group_listeners WHERE dns_name = N'$($Facts.listenerName)') ALTER AVAILABILITY GROUP [$ag] ADD LISTENER N'$($Facts.listenerName)' (WITH IP ($listenerIps), PORT = 1433);"
}
Write-Output "Availability group $ag on $($nodes -join ', ') with listener $($Facts.listenerName).$($Facts.domainName)"
