# Runs as the formation account on the first node: validates and forms the Windows failover cluster, prestages the
# listener's computer object for the cluster, and sets the file-share witness. Every step can run again safely.
Import-Module FailoverClusters, ActiveDirectory
$nodes = @($Facts.nodes | ForEach-Object { $_.hostName })
$addresses = @($Facts.nodes | ForEach-Object { $_.clusterAddress })
$domainControllers = @(Get-ADDomainController -Filter * -Server $Facts.domainName | ForEach-Object { $_.HostName })
Write-Output "Domain controllers: $($domainControllers -join ', ')"

# Each node is known to every domain controller and answers remoting before the cluster forms.
foreach ($node in $nodes) {
  foreach ($dc in $domainControllers) {
    Invoke-WithRetry -What "computer $node on $dc" -Action { Get-ADComputer -Identity $node -Server $dc | Out-Null }
  }
  Invoke-WithRetry -What "remoting to $node" -Action { Test-WSMan -ComputerName "$node.$($Facts.domainName)" | Out-Null }
}

function Test-ClusterExists {
  try { Get-Cluster -Name $Facts.clusterName | Out-Null; $true } catch { $false }
}

if (-not (Test-ClusterExists)) {
  # Validation (no storage tests: the nodes share no disks), kept in the cell's bucket for the engineers.
  $stamp = (Get-Date).ToUniversalTime().ToString('yyyyMMddTHHmmssZ')
  $reportDir = 'C:\Halo\cluster-validation'
  New-Item -ItemType Directory -Force -Path $reportDir | Out-Null
  Test-Cluster -Node $nodes -Include 'Inventory', 'Network', 'System Configuration' -ReportName "$reportDir\validation-$stamp" | Out-Null
  $report = Get-ChildItem -Path $reportDir -Filter "validation-$stamp*" | Select-Object -First 1
  if (-not $report) { throw "Test-Cluster wrote no report to $reportDir" }
  $key = "$($Facts.prefixes.reports)$($Facts.clusterName)/validation-$stamp$($report.Extension)"
  Write-S3Object -BucketName $Facts.backupBucket -Key $key -File $report.FullName -ServerSideEncryption aws:kms `
    -ServerSideEncryptionKeyManagementServiceKeyId $Facts.backupKeyArn -ChecksumAlgorithm CRC32 -Region $Facts.region
  Write-Output "Cluster validation report: s3://$($Facts.backupBucket)/$key"
  New-Cluster -Name $Facts.clusterName -Node $nodes -StaticAddress $addresses -NoStorage -AdministrativeAccessPoint ActiveDirectoryAndDns | Out-Null
  Write-Output "Cluster $($Facts.clusterName) formed on $($nodes -join ', ') at $($addresses -join ', ')"
}

# The cluster name object must reach every domain controller before anything is granted to it.
foreach ($dc in $domainControllers) {
  Invoke-WithRetry -What "cluster name object $($Facts.clusterName) on $dc" -Action { Get-ADComputer -Identity $Facts.clusterName -Server $dc | Out-Null }
}
$cno = Get-ADComputer -Identity $Facts.clusterName
$ou = $cno.DistinguishedName -replace '^CN=[^,]+,', ''

# The listener's computer object, prestaged (disabled) with full control for the cluster, which then takes it over
# when SQL Server adds the listener: the cluster needs no right to create objects in the OU.
$vco = Get-ADComputer -Filter "Name -eq '$($Facts.listenerName)'"
if (-not $vco) {
  New-ADComputer -Name $Facts.listenerName -SamAccountName "$($Facts.listenerName)`$" -Path $ou -Enabled $false -Description "Listener of $($Facts.availabilityGroup), prestaged for $($Facts.clusterName)"
  $vco = Invoke-WithRetry -What "the new object $($Facts.listenerName)" -Attempts 10 -DelaySeconds 5 -Action { Get-ADComputer -Identity $Facts.listenerName }
}
$path = "AD:\$($vco.DistinguishedName)"
$acl = Get-Acl -Path $path
$fullControl = [System.DirectoryServices.ActiveDirectoryRights]::GenericAll
$sidType = [System.Security.Principal.SecurityIdentifier]
function Test-ClusterControls($rules) {
  [bool]($rules | Where-Object { $_.IdentityReference -eq $cno.SID -and $_.AccessControlType -eq 'Allow' -and ($_.ActiveDirectoryRights -band $fullControl) -eq $fullControl })
}
if (-not (Test-ClusterControls $acl.GetAccessRules($true, $false, $sidType))) {
  $acl.AddAccessRule((New-Object System.DirectoryServices.ActiveDirectoryAccessRule($cno.SID, $fullControl, [System.Security.AccessControl.AccessControlType]::Allow)))
  Set-Acl -Path $path -AclObject $acl
}
foreach ($dc in $domainControllers) {
  Invoke-WithRetry -What "listener object $($Facts.listenerName) with the cluster's full control on $dc" -Action {
    $object = Get-ADComputer -Identity $Facts.listenerName -Server $dc -Properties nTSecurityDescriptor
    if (-not (Test-ClusterControls $object.nTSecurityDescriptor.GetAccessRules($true, $false, $sidType))) { throw 'not replicated yet' }
  }
}

# The witness folder, owned by the cluster name object: FSx asks its own domain controller, so the grant is retried.
$witness = $Facts.witnessPath
Invoke-WithRetry -What "witness folder $witness" -Action { New-Item -ItemType Directory -Force -Path $witness | Out-Null }
$cnoAccount = "$($Facts.netbiosName)\$($Facts.clusterName)`$"
Invoke-WithRetry -What "full control of $witness for $cnoAccount" -Action {
  $run = Invoke-Native { icacls $witness /grant "${cnoAccount}:(OI)(CI)F" }
  if ($run.ExitCode -ne 0) { throw "icacls exited $($run.ExitCode): $($run.Output)" }
  $granted = Invoke-Native { icacls $witness }
  if ($granted.Output -notmatch [regex]::Escape($cnoAccount)) { throw "the grant to $cnoAccount is not on the folder yet" }
}
Invoke-WithRetry -What "quorum on the file-share witness $witness" -Action {
  Set-ClusterQuorum -Cluster $Facts.clusterName -NodeAndFileShareMajority $witness | Out-Null
}
Write-Output "Quorum: node and file-share majority on $witness"
