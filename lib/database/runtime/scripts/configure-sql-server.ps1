# SQL Server as the Quick Start configures it, and more: default paths, tempdb on its own volume, memory and
# parallelism sized to the instance, mixed-mode logins, the cell's administrators. Restarts only when a setting needs it.
Write-Output "AWS Tools for PowerShell $(@(Get-Module AWSPowerShell, AWS.Tools.Common | Select-Object -ExpandProperty Version)[0])"
Wait-SqlServer
Set-Service -Name SQLSERVERAGENT -StartupType Automatic
$restart = $false

# The image's SQL Server still carries the name of the machine it was installed on; replicas go by the node's name.
$serverName = (Invoke-Sql -Query 'SELECT @@SERVERNAME AS name;').name
if ($serverName -ne $env:COMPUTERNAME) {
  Invoke-Sql -Query "EXEC sp_dropserver N'$serverName'; EXEC sp_addserver N'$env:COMPUTERNAME', N'local';"
  Write-Output "SQL Server renamed from $serverName to $env:COMPUTERNAME"
  $restart = $true
}
$regKey = 'Software\Microsoft\MSSQLServer\MSSQLServer'

function Get-InstanceSetting([string] $Name) {
  (Invoke-Sql -Query "DECLARE @value nvarchar(512); EXEC master.dbo.xp_instance_regread N'HKEY_LOCAL_MACHINE', N'$regKey', N'$Name', @value OUTPUT; SELECT @value AS value;").value
}

# Default locations of new databases and of backups.
foreach ($setting in @(@{ Name = 'DefaultData'; Value = $Facts.paths.data }, @{ Name = 'DefaultLog'; Value = $Facts.paths.log }, @{ Name = 'BackupDirectory'; Value = $Facts.paths.backup })) {
  if ((Get-InstanceSetting $setting.Name) -ne $setting.Value) {
    Invoke-Sql -Query "EXEC master.dbo.xp_instance_regwrite N'HKEY_LOCAL_MACHINE', N'$regKey', N'$($setting.Name)', REG_SZ, N'$($setting.Value)';"
    $restart = $true
  }
}

# Mixed mode: the application signs in with SQL logins (LoginMode 2); sa stays disabled.
if ([string](Get-InstanceSetting 'LoginMode') -ne '2') {
  Invoke-Sql -Query "EXEC master.dbo.xp_instance_regwrite N'HKEY_LOCAL_MACHINE', N'$regKey', N'LoginMode', REG_DWORD, 2; ALTER LOGIN [sa] DISABLE;"
  $restart = $true
}

# Memory for the OS (the larger of 4 GB and a tenth), MAXDOP per NUMA node capped at 8, as Microsoft recommends.
$totalMb = [math]::Floor((Get-CimInstance Win32_ComputerSystem).TotalPhysicalMemory / 1MB)
$maxMemoryMb = $totalMb - [math]::Max(4096, [math]::Ceiling($totalMb / 10))
$cpu = Invoke-Sql -Query "SELECT cpu_count, (SELECT COUNT(*) FROM sys.dm_os_nodes WHERE node_state_desc = N'ONLINE') AS numa_nodes FROM sys.dm_os_sys_info;"
$maxdop = [math]::Min(8, [math]::Ceiling($cpu.cpu_count / [math]::Max(1, $cpu.numa_nodes)))
Invoke-Sql -Query (@(
  "EXEC sp_configure N'show advanced options', 1; RECONFIGURE;",
  "EXEC sp_configure N'max server memory (MB)', $maxMemoryMb;",
  "EXEC sp_configure N'max degree of parallelism', $maxdop;",
  "EXEC sp_configure N'cost threshold for parallelism', 50;",
  "EXEC sp_configure N'backup compression default', 1;",
  "EXEC sp_configure N'backup checksum default', 1;",
  'RECONFIGURE;'
) -join ' ')
Write-Output "max server memory $maxMemoryMb MB of $totalMb MB; MAXDOP $maxdop"

# tempdb on its volume: first move every file (effective at restart; sizing it on C: could fill C:), then size and add.
$tempdb = $Facts.paths.tempdb
$files = @(Invoke-Sql -Query "SELECT name, type_desc, physical_name FROM tempdb.sys.database_files;")
$misplaced = @($files | Where-Object { -not $_.physical_name.StartsWith("$tempdb\", [StringComparison]::OrdinalIgnoreCase) })
if ($misplaced.Count -gt 0) {
  foreach ($file in $misplaced) {
    $extension = if ($file.type_desc -eq 'LOG') { 'ldf' } elseif ($file.name -eq 'tempdev') { 'mdf' } else { 'ndf' }
    Invoke-Sql -Query "ALTER DATABASE tempdb MODIFY FILE (NAME = N'$($file.name)', FILENAME = N'$tempdb\$($file.name).$extension');"
  }
  Write-Output "tempdb files moved to $tempdb; restarting"
  Restart-SqlServer
  $restart = $false
}
$fileCount = [math]::Min(8, [int]$cpu.cpu_count)
$volumeMb = [math]::Floor((Get-Volume -DriveLetter $tempdb.Substring(0, 1)).Size / 1MB)
$dataFileMb = [math]::Floor($volumeMb * 0.8 / $fileCount)
$logFileMb = [math]::Floor($volumeMb * 0.1)
$files = @(Invoke-Sql -Query "SELECT name, type_desc, size / 128 AS size_mb FROM tempdb.sys.database_files;")
$dataFiles = @($files | Where-Object { $_.type_desc -eq 'ROWS' })
for ($i = $dataFiles.Count + 1; $i -le $fileCount; $i++) {
  Invoke-Sql -Query "ALTER DATABASE tempdb ADD FILE (NAME = N'temp$i', FILENAME = N'$tempdb\temp$i.ndf', SIZE = ${dataFileMb}MB, FILEGROWTH = 256MB);"
}
foreach ($file in $files) {
  $target = if ($file.type_desc -eq 'LOG') { $logFileMb } else { $dataFileMb }
  if ($file.size_mb -lt $target) {
    Invoke-Sql -Query "ALTER DATABASE tempdb MODIFY FILE (NAME = N'$($file.name)', SIZE = ${target}MB, FILEGROWTH = 256MB);"
  }
}
Write-Output "tempdb: $fileCount data files of $dataFileMb MB and a $logFileMb MB log on $tempdb"

# The cell's administrators (a group of the cell, never a directory-wide one) are sysadmin and local administrators;
# SYSTEM (SSM's scripts) stays sysadmin by name before the logins that reach beyond the cell are dropped.
$admins = "$($Facts.netbiosName)\$($Facts.administratorsGroup)"
Invoke-Sql -Query "IF SUSER_ID(N'NT AUTHORITY\SYSTEM') IS NULL CREATE LOGIN [NT AUTHORITY\SYSTEM] FROM WINDOWS; ALTER SERVER ROLE [sysadmin] ADD MEMBER [NT AUTHORITY\SYSTEM];"
Invoke-WithRetry -What "the group $admins known to this node's domain controller" -Action {
  Invoke-Sql -Query "IF SUSER_ID(N'$admins') IS NULL CREATE LOGIN [$admins] FROM WINDOWS; ALTER SERVER ROLE [sysadmin] ADD MEMBER [$admins];"
}
if (-not (Get-LocalGroupMember -Group Administrators | Where-Object { $_.Name -eq $admins })) {
  Add-LocalGroupMember -Group Administrators -Member $admins
}
foreach ($login in $Facts.revokedSysadminLogins) {
  Invoke-Sql -Query "IF SUSER_ID(N'$login') IS NOT NULL DROP LOGIN [$login];"
  Write-Output "No SQL Server login for $login"
}

if ($Facts.clustered) {
  # The cluster's resource DLL and service watch the availability group's health (SQL Server 2017+ needs these grants).
  foreach ($account in @('NT AUTHORITY\SYSTEM', 'NT SERVICE\ClusSvc')) {
    Invoke-Sql -Query "IF SUSER_ID(N'$account') IS NULL CREATE LOGIN [$account] FROM WINDOWS; GRANT ALTER ANY AVAILABILITY GROUP TO [$account]; GRANT CONNECT SQL TO [$account]; GRANT VIEW SERVER STATE TO [$account];"
  }
  # CredSSP lets the formation account, signed in on this node, act on the other node too (the second hop).
  Enable-WSManCredSSP -Role Server -Force | Out-Null
  Enable-WSManCredSSP -Role Client -DelegateComputer "*.$($Facts.domainName)" -Force | Out-Null
}

if ($restart) {
  Write-Output 'Restarting SQL Server for the default paths and the login mode'
  Restart-SqlServer
}
Start-Service -Name SQLSERVERAGENT
