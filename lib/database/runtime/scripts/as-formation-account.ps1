# Runs $Body as the cell's formation account: CredSSP to this node by its FQDN (the delegation policy the node
# preparation set covers *.<domain>), so that the body can act on the other node of the cluster too.
$setup = (Get-SECSecretValue -SecretId $Facts.setupSecretArn -Region $Facts.region).SecretString | ConvertFrom-Json
$password = ConvertTo-SecureString $setup.password -AsPlainText -Force
$credential = New-Object System.Management.Automation.PSCredential ("$($Facts.netbiosName)\$($setup.username)", $password)
$self = "$env:COMPUTERNAME.$($Facts.domainName)"
$remote = [scriptblock]::Create("param(`$FactsJson)`n`$Facts = ConvertFrom-Json `$FactsJson`n$Body")
Invoke-WithRetry -What "a CredSSP session to $self as $($setup.username)" -Attempts 10 -DelaySeconds 30 -Action {
  Test-WSMan -ComputerName $self -Credential $credential -Authentication Credssp | Out-Null
}
Invoke-Command -ComputerName $self -Credential $credential -Authentication Credssp -ArgumentList $FactsJson -ScriptBlock $remote
