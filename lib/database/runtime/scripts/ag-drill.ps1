# A step of the failover drill, run on both nodes; each acts by its role. Check: every database synchronized and
# ready to fail over. RenewCertificate: the secondary renews its certificate when due. Failover: the secondary takes
# over, and the time until the listener serves from it is published.
$action = '{{ Action }}'
$ag = $Facts.availabilityGroup
$role = Get-ReplicaRole
if (-not $role) { throw "$env:COMPUTERNAME hosts no replica of $ag" }
# Every database synchronized and ready to fail over (seen from the secondary), the partner connected and healthy
# (seen from the primary). After a restart or a failover the replicas catch up for a while: wait for it, bounded.
function Assert-Synchronized {
  $role = Get-ReplicaRole
  if ($role -eq 'SECONDARY') {
    $mode = (Invoke-Sql -Query "SELECT availability_mode_desc FROM sys.availability_replicas WHERE replica_server_name = @@SERVERNAME;").availability_mode_desc
    if ($mode -ne 'SYNCHRONOUS_COMMIT') { throw "$env:COMPUTERNAME commits ${mode}: a planned failover needs synchronous commit" }
    $notReady = @(Invoke-Sql -Query "SELECT drcs.database_name, ISNULL(drs.synchronization_state_desc, N'UNKNOWN') AS state, drcs.is_failover_ready FROM sys.dm_hadr_database_replica_cluster_states drcs JOIN sys.availability_replicas ar ON ar.replica_id = drcs.replica_id LEFT JOIN sys.dm_hadr_database_replica_states drs ON drs.replica_id = drcs.replica_id AND drs.group_database_id = drcs.group_database_id WHERE ar.replica_server_name = @@SERVERNAME AND (drcs.is_failover_ready = 0 OR ISNULL(drs.synchronization_state_desc, N'') <> N'SYNCHRONIZED');")
    if ($notReady.Count -gt 0) { throw "Not ready to fail over to ${env:COMPUTERNAME}: $(@($notReady | ForEach-Object { "$($_.database_name) $($_.state)" }) -join ', ')" }
  } else {
    $unhealthy = @(Invoke-Sql -Query "SELECT ar.replica_server_name, rs.connected_state_desc, rs.synchronization_health_desc FROM sys.dm_hadr_availability_replica_states rs JOIN sys.availability_replicas ar ON ar.replica_id = rs.replica_id WHERE rs.is_local = 0 AND (rs.connected_state_desc <> N'CONNECTED' OR rs.synchronization_health_desc <> N'HEALTHY');")
    if ($unhealthy.Count -gt 0) { throw "Partner replicas not healthy: $(@($unhealthy | ForEach-Object { "$($_.replica_server_name) $($_.connected_state_desc) $($_.synchronization_health_desc)" }) -join ', ')" }
  }
  "$env:COMPUTERNAME ($role): ready"
}

switch ($action) {
  'Check' {
    Invoke-WithRetry -What "$ag synchronized on $env:COMPUTERNAME" -Attempts 80 -DelaySeconds 15 -Action { Assert-Synchronized }
  }
  'RenewCertificate' {
    if ($role -eq 'SECONDARY') {
      Update-SqlCertificate
      Invoke-WithRetry -What "$env:COMPUTERNAME back in the availability group after the restart" -Attempts 40 -DelaySeconds 15 -Action {
        if ((Get-ReplicaRole) -ne 'SECONDARY') { throw 'not a connected secondary yet' }
      }
    } else {
      Write-Output "$env:COMPUTERNAME is the primary: it renews when it is the secondary"
    }
  }
  'Failover' {
    if ($role -ne 'SECONDARY') {
      Write-Output "$env:COMPUTERNAME is the $role replica: the secondary takes over"
      exit 0
    }
    # Through the application's own path: its SQL login over the listener, encrypted and verified (Windows authentication
    # as SYSTEM to the listener's name on this very node would be refused by the loopback check).
    $app = (Get-SECSecretValue -SecretId $Facts.connectionSecretArn -Region $Facts.region).SecretString | ConvertFrom-Json
    $connection = "$($app.connectionString);Password=$($app.password);Connect Timeout=10;Initial Catalog=master"
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    Invoke-Sql -Query "ALTER AVAILABILITY GROUP [$ag] FAILOVER;"
    Invoke-WithRetry -What "$env:COMPUTERNAME serving $ag through the listener" -Attempts 60 -DelaySeconds 5 -Action {
      if ((Get-ReplicaRole) -ne 'PRIMARY') { throw 'not the primary yet' }
      $offline = @(Invoke-Sql -Query "SELECT d.name FROM sys.databases d JOIN sys.availability_databases_cluster a ON a.database_name = d.name WHERE d.state_desc <> N'ONLINE';")
      if ($offline.Count -gt 0) { throw "databases not online: $(@($offline | ForEach-Object { $_.name }) -join ', ')" }
      $served = Get-ServerNameAt $connection
      if ($served -ne $env:COMPUTERNAME) { throw "the listener still answers from $served" }
    }
    $seconds = [math]::Round($watch.Elapsed.TotalSeconds, 1)
    Write-HaloMetric -Name 'FailoverSeconds' -Value $seconds -Unit 'Seconds'
    Write-Output "Failed over $ag to $env:COMPUTERNAME in $seconds s"
  }
  default { throw "Unknown drill action $action" }
}
