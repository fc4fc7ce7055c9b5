# Rotation step (Secrets Manager's rotation function runs it on every node): the pending login gets the pending
# password, and signs in with it over TLS; the login in use keeps working meanwhile.
$pending = (Get-SECSecretValue -SecretId $Facts.connectionSecretArn -VersionStage AWSPENDING -Region $Facts.region).SecretString | ConvertFrom-Json
if ($Facts.applicationLogins -notcontains $pending.username) { throw "The pending secret names $($pending.username), not one of $($Facts.applicationLogins -join ', ')" }
Set-ApplicationLogin -Login $pending.username -Password $pending.password
Test-ApplicationLogin -Login $pending.username -Password $pending.password
