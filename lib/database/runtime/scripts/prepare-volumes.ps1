# The SQL volumes, each on its own drive: EBS NVMe disks carry the volume id (without its dash) as serial number.
$volumes = [ordered]@{ 'D' = '{{ DataVolumeId }}'; 'L' = '{{ LogVolumeId }}'; 'T' = '{{ TempdbVolumeId }}'; 'B' = '{{ BackupVolumeId }}' }
foreach ($letter in $volumes.Keys) {
  $serial = $volumes[$letter] -replace '-', ''
  $disk = Invoke-WithRetry -What "disk of volume $($volumes[$letter])" -Attempts 20 -DelaySeconds 15 -Action {
    $found = Get-Disk | Where-Object { $_.SerialNumber -like "$serial*" }
    if (-not $found) { throw 'not attached yet' }
    $found
  }
  if ($disk.PartitionStyle -eq 'RAW') {
    $disk | Initialize-Disk -PartitionStyle GPT -PassThru | New-Partition -DriveLetter $letter -UseMaximumSize |
      Format-Volume -FileSystem NTFS -AllocationUnitSize 65536 -NewFileSystemLabel "SQL-$letter" -Confirm:$false | Out-Null
  } elseif (-not (Get-Partition -DiskNumber $disk.Number | Where-Object { $_.DriveLetter -eq $letter })) {
    throw "Volume $($volumes[$letter]) holds data but is not drive ${letter}: attach it by hand or restore the node"
  }
}
foreach ($path in @($Facts.paths.data, $Facts.paths.log, $Facts.paths.tempdb, $Facts.paths.backup)) {
  New-Item -ItemType Directory -Force -Path $path | Out-Null
}
# SQL Server writes its backups and the Agent's jobs remove the shipped ones.
foreach ($account in @('NT SERVICE\MSSQLSERVER', 'NT SERVICE\SQLSERVERAGENT')) {
  $run = Invoke-Native { icacls $Facts.paths.backup /grant "${account}:(OI)(CI)M" }
  if ($run.ExitCode -ne 0) { throw "icacls $($Facts.paths.backup) for $account exited $($run.ExitCode): $($run.Output)" }
}
