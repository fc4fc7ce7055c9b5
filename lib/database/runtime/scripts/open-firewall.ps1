# Windows Firewall rules for SQL Server: installing Failover Clustering opens only the cluster's own ports.
foreach ($rule in $Facts.firewallRules) {
  if (Get-NetFirewallRule -Name $rule.name -ErrorAction SilentlyContinue) {
    Set-NetFirewallRule -Name $rule.name -Enabled True -Direction Inbound -Action Allow -Protocol $rule.protocol -LocalPort $rule.port -Profile Any
  } else {
    New-NetFirewallRule -Name $rule.name -DisplayName $rule.description -Direction Inbound -Action Allow -Protocol $rule.protocol -LocalPort $rule.port -Profile Any | Out-Null
  }
  Write-Output "Firewall: $($rule.protocol) $($rule.port) open ($($rule.description))"
}
