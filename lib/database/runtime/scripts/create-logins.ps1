# Formation step: both application logins exist on this node; the one in the connection secret has its password.
$connection = (Get-SECSecretValue -SecretId $Facts.connectionSecretArn -Region $Facts.region).SecretString | ConvertFrom-Json
foreach ($login in $Facts.applicationLogins) {
  if ($login -eq $connection.username) {
    Set-ApplicationLogin -Login $login -Password $connection.password
    Test-ApplicationLogin -Login $login -Password $connection.password
  } elseif (-not (Invoke-Sql -Query "SELECT 1 AS found FROM sys.sql_logins WHERE name = N'$login';")) {
    # The other login gets its password at its first rotation; until then a random one nobody holds.
    Set-ApplicationLogin -Login $login -Password ([Guid]::NewGuid().ToString('N') + 'Aa1')
  }
}
