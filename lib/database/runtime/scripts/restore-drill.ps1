# The restore drill, on a scratch instance of the cell's SQL Server image: one tenant database restored from the
# cell's native backups to a point in time (the newest full where no logs are kept), checked with DBCC CHECKDB, and
# timed against the RTO. The automation that launched the instance terminates it afterwards.
$requested = '{{ Database }}'
$watch = [System.Diagnostics.Stopwatch]::StartNew()
$work = 'C:\RestoreDrill'
New-Item -ItemType Directory -Force -Path "$work\files", "$work\data" | Out-Null
Wait-SqlServer

# Backups are named by when they finished (sql-backup.ps1): a full named before the point ended before it.
function ConvertFrom-Stamp([string] $Key) {
  [datetime]::ParseExact([System.IO.Path]::GetFileNameWithoutExtension($Key), 'yyyyMMddHHmmss', [Globalization.CultureInfo]::InvariantCulture, [Globalization.DateTimeStyles]'AssumeUniversal,AdjustToUniversal')
}
function Get-Backups([string] $Prefix) {
  @(Get-S3Object -BucketName $Facts.backupBucket -Prefix $Prefix -Region $Facts.region |
    Where-Object { $_.Key -match '/\d{14}\.(bak|trn)$' } |
    ForEach-Object { [pscustomobject]@{ Key = $_.Key; Taken = ConvertFrom-Stamp $_.Key } } |
    Sort-Object -Property Taken)
}

$fulls = Get-Backups $Facts.prefixes.full
if ($fulls.Count -eq 0) { throw "No full backup in s3://$($Facts.backupBucket)/$($Facts.prefixes.full): nothing to restore" }
$databases = @($fulls | ForEach-Object { $_.Key.Split('/')[1] } | Sort-Object -Unique)
$db = if ($requested) { $requested } else { $databases | Get-Random }
if ($databases -notcontains $db) { throw "No full backup of $db; backed-up databases: $($databases -join ', ')" }
$fulls = @($fulls | Where-Object { $_.Key.Split('/')[1] -eq $db })

$logs = @()
$target = $null
if ($Facts.logBackups) {
  $logs = Get-Backups "$($Facts.prefixes.log)$db/"
  if ($logs.Count -eq 0) { throw "No log backup of ${db}: point-in-time restore is impossible" }
  # A random point of the promised window that the backups can reach: after the oldest full, before the newest log.
  $earliest = @((Get-Date).ToUniversalTime().AddHours(-$Facts.pointInTimeHours), $fulls[0].Taken.AddMinutes(5)) | Sort-Object -Descending | Select-Object -First 1
  $latest = $logs[-1].Taken.AddMinutes(-1)
  if ($latest -le $earliest) { throw "The log backups of $db reach $($latest.ToString('u')), not past $($earliest.ToString('u'))" }
  $target = $earliest.AddSeconds((Get-Random -Minimum 0 -Maximum ([int]($latest - $earliest).TotalSeconds)))
  $full = @($fulls | Where-Object { $_.Taken -le $target })[-1]
  $chain = @($logs | Where-Object { $_.Taken -gt $full.Taken })
  $last = [array]::FindIndex([object[]]$chain, [Predicate[object]] { param($log) $log.Taken -ge $target })
  if ($last -lt 0) { throw "No log backup of $db covers $($target.ToString('u'))" }
  $chain = @($chain[0..$last])
} else {
  $full = $fulls[-1]
  $chain = @()
}
Write-Output "Restoring $db from $($full.Key) and $($chain.Count) log backups$(if ($target) { " to $($target.ToString('u'))" })"

foreach ($backup in @($full) + $chain) {
  Read-S3Object -BucketName $Facts.backupBucket -Key $backup.Key -File "$work\files\$($backup.Key.Split('/')[-1])" -Region $Facts.region | Out-Null
}
$drill = "drill_$db"
$fullFile = "$work\files\$($full.Key.Split('/')[-1])"
$moves = (Invoke-Sql -Query "RESTORE FILELISTONLY FROM DISK = N'$fullFile';" | ForEach-Object {
  "MOVE N'$($_.LogicalName)' TO N'$work\data\$($_.LogicalName)$([System.IO.Path]::GetExtension($_.PhysicalName))'"
}) -join ', '
$stopAt = if ($target) { ", STOPAT = N'$($target.ToString('yyyy-MM-ddTHH:mm:ss'))'" } else { '' }
Invoke-Sql -Query "RESTORE DATABASE [$drill] FROM DISK = N'$fullFile' WITH $moves, NORECOVERY, REPLACE, CHECKSUM;"
foreach ($log in $chain) {
  Invoke-Sql -Query "RESTORE LOG [$drill] FROM DISK = N'$work\files\$($log.Key.Split('/')[-1])' WITH NORECOVERY, CHECKSUM$stopAt;"
}
Invoke-Sql -Query "RESTORE DATABASE [$drill] WITH RECOVERY;"
Invoke-Sql -Query "DBCC CHECKDB (N'$drill') WITH NO_INFOMSGS, ALL_ERRORMSGS;"
$seconds = [math]::Round($watch.Elapsed.TotalSeconds)
$withinRto = $seconds -le ($Facts.rtoHours * 3600)
Write-HaloMetric -Name 'RestoreDrillSeconds' -Value $seconds -Unit 'Seconds'
Write-HaloMetric -Name 'RestoreDrillWithinRto' -Value ([int]$withinRto)
Write-Output "Restored $db$(if ($target) { " to $($target.ToString('u'))" }) and checked it (DBCC CHECKDB clean) in $seconds s; RTO $($Facts.rtoHours) h"
if (-not $withinRto) { throw "The restore took $seconds s, over the $($Facts.rtoHours) h RTO" }
