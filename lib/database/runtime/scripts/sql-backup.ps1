# The cell's native backups, run by SQL Agent jobs on every node; only the replica preferred for backups (the
# primary) or the standalone node acts. Full: each database to the backup volume, then to S3. Log: the same for
# transaction logs. Metrics: the age of each database's newest backup in S3, and the certificate's remaining days.
# One database failing never stops the others; the job fails at the end, naming them, and the failure is a metric.
param(
  [Parameter(Mandatory)] [ValidateSet('Full', 'Log', 'Metrics')] [string] $Kind,
  [string] $Database
)
$FactsJson = Get-Content -Raw -Path (Join-Path $PSScriptRoot 'facts.json')
$Facts = ConvertFrom-Json $FactsJson
. (Join-Path $PSScriptRoot 'common.ps1')
. (Join-Path $PSScriptRoot 'certificate.ps1')

# Online user databases this node backs up (all of them on a standalone node).
function Get-BackupDatabases([string] $Only) {
  $preferred = if ($Facts.clustered) { 'sys.fn_hadr_backup_is_preferred_replica(d.name) = 1' } else { '1 = 1' }
  $filter = if ($Only) { "AND d.name = N'$Only'" } else { '' }
  @(Invoke-Sql -Query "SELECT d.name, d.recovery_model_desc FROM sys.databases d WHERE d.database_id > 4 AND d.state_desc = N'ONLINE' AND $preferred $filter ORDER BY d.name;")
}

function Send-Backup([string] $Path, [string] $Key) {
  Write-S3Object -BucketName $Facts.backupBucket -Key $Key -File $Path -ServerSideEncryption aws:kms `
    -ServerSideEncryptionKeyManagementServiceKeyId $Facts.backupKeyArn -ChecksumAlgorithm CRC32 -Region $Facts.region
  $stored = Get-S3ObjectMetadata -BucketName $Facts.backupBucket -Key $Key -Region $Facts.region
  $size = (Get-Item $Path).Length
  if ($stored.ContentLength -ne $size) { throw "s3://$($Facts.backupBucket)/$Key holds $($stored.ContentLength) bytes, the backup $size" }
}

function Invoke-Backups([string] $Type) {
  $prefix = if ($Type -eq 'Full') { $Facts.prefixes.full } else { $Facts.prefixes.log }
  $extension = if ($Type -eq 'Full') { 'bak' } else { 'trn' }
  $failed = @()
  $done = 0
  foreach ($row in Get-BackupDatabases $Database) {
    $db = $row.name
    if ($Type -eq 'Log' -and $row.recovery_model_desc -ne 'FULL') { continue }
    try {
      $stamp = (Get-Date).ToUniversalTime().ToString('yyyyMMddHHmmss')
      $dir = Join-Path $Facts.paths.backup "$($prefix.TrimEnd('/'))\$db"
      New-Item -ItemType Directory -Force -Path $dir | Out-Null
      $file = Join-Path $dir "$stamp.$extension"
      $statement = if ($Type -eq 'Full') { 'BACKUP DATABASE' } else { 'BACKUP LOG' }
      Invoke-Sql -Query "$statement [$db] TO DISK = N'$file' WITH COMPRESSION, CHECKSUM, INIT;"
      # Named by when it finished: a restore to a point picks the newest full that ended before it.
      $finished = (Get-Date).ToUniversalTime().ToString('yyyyMMddHHmmss')
      Send-Backup -Path $file -Key "$prefix$db/$finished.$extension"
      $done++
    } catch {
      $failed += $db
      Write-Output "FAILED $Type backup of ${db}: $($_.Exception.Message)"
    }
  }
  # Shipped backups stay on the volume for a day, for a fast restore on this node.
  Get-ChildItem -Path $Facts.paths.backup -Recurse -File |
    Where-Object { $_.LastWriteTimeUtc -lt (Get-Date).ToUniversalTime().AddHours(-$Facts.localRetentionHours) } |
    Remove-Item -Force
  Write-HaloMetric -Name 'BackupFailures' -Value $failed.Count -Dimensions @{ Kind = $Type }
  Write-Output "$Type backups: $done done, $($failed.Count) failed"
  if ($failed.Count -gt 0) { throw "$Type backup failed for $($failed -join ', ')" }
}

# The age of the newest backup in S3 of the database whose newest backup is oldest: what the RPO alarm watches.
function Publish-BackupAge {
  $prefix = if ($Facts.logBackups) { $Facts.prefixes.log } else { $Facts.prefixes.full }
  $metric = if ($Facts.logBackups) { 'NewestLogBackupAgeSeconds' } else { 'NewestFullBackupAgeSeconds' }
  $databases = @(Get-BackupDatabases '' | Where-Object { -not $Facts.logBackups -or $_.recovery_model_desc -eq 'FULL' })
  $oldest = 0
  foreach ($row in $databases) {
    $newest = Get-S3Object -BucketName $Facts.backupBucket -Prefix "$prefix$($row.name)/" -Region $Facts.region |
      Sort-Object -Property LastModified -Descending | Select-Object -First 1
    # A database never backed up counts from its creation.
    $since = if ($newest) { $newest.LastModified.ToUniversalTime() } else { (Invoke-Sql -Query "SELECT create_date FROM sys.databases WHERE name = N'$($row.name)';").create_date.ToUniversalTime() }
    $oldest = [math]::Max($oldest, ((Get-Date).ToUniversalTime() - $since).TotalSeconds)
  }
  Write-HaloMetric -Name $metric -Value ([math]::Round($oldest)) -Unit 'Seconds'
  Write-Output "$metric $([math]::Round($oldest)) over $($databases.Count) databases"
}

switch ($Kind) {
  'Full' { Invoke-Backups 'Full' }
  'Log' { Invoke-Backups 'Log' }
  'Metrics' {
    Write-HaloMetric -Name 'CertificateDaysToExpiry' -Value (Get-SqlCertificateDaysLeft) -Dimensions @{ Node = $env:COMPUTERNAME.ToLowerInvariant() }
    if ($Facts.clustered) {
      # This node's replica, connected and healthy; a node that never joined (no row) reports 0.
      $healthy = Invoke-Sql -Query "SELECT COUNT(*) AS healthy FROM sys.dm_hadr_availability_replica_states rs JOIN sys.availability_groups g ON g.group_id = rs.group_id WHERE rs.is_local = 1 AND g.name = N'$($Facts.availabilityGroup)' AND rs.connected_state_desc = N'CONNECTED' AND rs.synchronization_health_desc = N'HEALTHY';"
      Write-HaloMetric -Name 'ReplicaHealthy' -Value ([int]($healthy.healthy -eq 1)) -Dimensions @{ Node = $env:COMPUTERNAME.ToLowerInvariant() }
    }
    # Only the node that takes the backups publishes their age: no primary, no metric, and the alarm treats that as breaching.
    $acts = (-not $Facts.clustered) -or ((Get-ReplicaRole) -eq 'PRIMARY')
    if ($acts) { Publish-BackupAge }
  }
}
