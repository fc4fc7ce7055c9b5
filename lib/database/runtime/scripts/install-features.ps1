# The Windows features the node needs. A restart they (or earlier updates) ask for is made by SSM: exit 3010
# restarts the node and runs this step again, which then finds nothing to install and nothing pending.
$features = @('RSAT-AD-PowerShell')
if ($Facts.clustered) { $features += @('Failover-Clustering', 'RSAT-Clustering-PowerShell', 'RSAT-Clustering-Mgmt') }
$result = Install-WindowsFeature -Name $features
if (-not $result.Success) { throw "Installing $($features -join ', ') failed: $($result.ExitCode)" }
if ($result.RestartNeeded -eq 'Yes') {
  Write-Output "Installed $($features -join ', '); restarting"
  exit 3010
}
$pending = @(
  'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based Servicing\RebootPending',
  'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\WindowsUpdate\Auto Update\RebootRequired'
) | Where-Object { Test-Path $_ }
if ($pending) {
  Write-Output "A restart is pending ($($pending -join ', ')); restarting"
  exit 3010
}
