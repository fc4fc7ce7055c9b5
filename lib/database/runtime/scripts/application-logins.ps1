# The application's SQL logins (two, used in turn, so a rotation never invalidates the password in use). Each has the
# same SID on every node, derived from the cell and the login name, so database users map after a failover.
function Get-LoginSid([string] $Login) {
  $md5 = [System.Security.Cryptography.MD5]::Create()
  $bytes = $md5.ComputeHash([System.Text.Encoding]::UTF8.GetBytes("$($Facts.cellId)/$Login"))
  '0x' + (($bytes | ForEach-Object { $_.ToString('X2') }) -join '')
}

# Creates a login if missing (refusing one with another SID) and sets its password.
function Set-ApplicationLogin([string] $Login, [string] $Password) {
  $sid = Get-LoginSid $Login
  $existing = Invoke-Sql -Query "SELECT CONVERT(varchar(34), sid, 1) AS sid FROM sys.sql_logins WHERE name = N'$Login';"
  if (-not $existing) {
    Invoke-Sql -Query "CREATE LOGIN [$Login] WITH PASSWORD = N'$Password', SID = $sid, CHECK_EXPIRATION = OFF, CHECK_POLICY = ON, DEFAULT_DATABASE = [master];"
  } elseif ($existing.sid -ne $sid) {
    throw "Login $Login exists on $env:COMPUTERNAME with SID $($existing.sid), not the cell's ${sid}: its database users would not map after a failover"
  } else {
    Invoke-Sql -Query "ALTER LOGIN [$Login] WITH PASSWORD = N'$Password'; ALTER LOGIN [$Login] ENABLE;"
  }
}

# Signs in as the login over TLS to this node's own name: proves the password and the certificate chain.
function Test-ApplicationLogin([string] $Login, [string] $Password) {
  $builder = New-Object System.Data.SqlClient.SqlConnectionStringBuilder
  $builder['Data Source'] = "tcp:$env:COMPUTERNAME.$($Facts.domainName),1433"
  $builder['User ID'] = $Login
  $builder['Password'] = $Password
  $builder['Encrypt'] = $true
  $builder['TrustServerCertificate'] = $false
  $builder['Initial Catalog'] = 'master'
  $connection = New-Object System.Data.SqlClient.SqlConnection $builder.ConnectionString
  try {
    $connection.Open()
    Write-Output "Signed in as $Login over TLS to $env:COMPUTERNAME"
  } finally {
    $connection.Dispose()
  }
}
