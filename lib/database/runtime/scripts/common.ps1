# Shared by every Halo step on a SQL Server node: stop on any error, bounded retries, local SQL queries, metrics.
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
# The SDK's types (Amazon.*) exist only once the module is imported: naming a type does not autoload it.
if (Get-Module -ListAvailable -Name AWSPowerShell) {
  Import-Module AWSPowerShell
} else {
  Import-Module AWS.Tools.SecretsManager, AWS.Tools.S3, AWS.Tools.CloudWatch, AWS.Tools.ACMPCA
}

# Runs $Action until it succeeds, at most $Attempts times; the last failure names what failed and for how long it was tried.
function Invoke-WithRetry {
  param([Parameter(Mandatory)] [string] $What, [Parameter(Mandatory)] [scriptblock] $Action, [int] $Attempts = 30, [int] $DelaySeconds = 20)
  for ($attempt = 1; $attempt -le $Attempts; $attempt++) {
    try {
      return & $Action
    } catch {
      if ($attempt -eq $Attempts) { throw "${What} failed after $Attempts attempts over $($Attempts * $DelaySeconds) s: $($_.Exception.Message)" }
      # Write-Host, not the output stream: what a function writes there becomes part of its result.
      Write-Host "${What}: attempt $attempt of $Attempts failed ($($_.Exception.Message)); retrying in $DelaySeconds s"
      Start-Sleep -Seconds $DelaySeconds
    }
  }
}

# A query against a SQL Server instance of the cell; the nodes' certificates name the nodes, not localhost.
function Invoke-Sql {
  param([Parameter(Mandatory)] [string] $Query, [string] $Server = 'localhost')
  $options = @{ ServerInstance = $Server; Query = $Query; QueryTimeout = 0; ErrorAction = 'Stop' }
  if ((Get-Command Invoke-Sqlcmd).Parameters.ContainsKey('TrustServerCertificate')) { $options.TrustServerCertificate = $true }
  Invoke-Sqlcmd @options
}

# Runs a native command (certreq, icacls) and returns its exit code and all its output: with 'Stop', Windows
# PowerShell 5.1 would end the script at its first line on stderr, losing both.
function Invoke-Native {
  param([Parameter(Mandatory)] [scriptblock] $Command)
  $ErrorActionPreference = 'Continue'
  $output = & $Command 2>&1 | Out-String
  [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = $output.Trim() }
}

# Waits until the instance answers queries again (after a restart), at most five minutes.
function Wait-SqlServer {
  param([string] $Server = 'localhost')
  Invoke-WithRetry -What "SQL Server on $Server to accept connections" -Attempts 30 -DelaySeconds 10 -Action {
    Invoke-Sql -Server $Server -Query 'SELECT 1 AS up' | Out-Null
  }
}

# Restarts SQL Server and its Agent on this node (the Agent does not always come back by itself).
function Restart-SqlServer {
  Restart-Service -Name MSSQLSERVER -Force
  Start-Service -Name SQLSERVERAGENT
  Wait-SqlServer
}

# Publishes one value to the cell's SQL Server metrics.
function Write-HaloMetric {
  param([Parameter(Mandatory)] [string] $Name, [Parameter(Mandatory)] [double] $Value, [string] $Unit = 'Count', [hashtable] $Dimensions = @{})
  $datum = New-Object Amazon.CloudWatch.Model.MetricDatum
  $datum.MetricName = $Name
  $datum.Value = $Value
  $datum.Unit = $Unit
  $datum.Timestamp = (Get-Date).ToUniversalTime()
  $all = @{ Cell = $Facts.cellId } + $Dimensions
  # A new list: SDK v4 (AWS Tools v5) leaves collections null, v3 an empty list.
  $datum.Dimensions = New-Object 'System.Collections.Generic.List[Amazon.CloudWatch.Model.Dimension]'
  foreach ($key in $all.Keys) {
    $dimension = New-Object Amazon.CloudWatch.Model.Dimension
    $dimension.Name = $key
    $dimension.Value = $all[$key]
    $datum.Dimensions.Add($dimension)
  }
  Write-CWMetricData -Namespace $Facts.metricsNamespace -MetricData $datum -Region $Facts.region
}

# This node's role in the cell's availability group: PRIMARY, SECONDARY, or '' outside one.
function Get-ReplicaRole {
  $row = Invoke-Sql -Query "SELECT rs.role_desc FROM sys.dm_hadr_availability_replica_states rs JOIN sys.availability_groups g ON g.group_id = rs.group_id WHERE rs.is_local = 1 AND g.name = N'$($Facts.availabilityGroup)';"
  if ($row) { [string]$row.role_desc } else { '' }
}

# The server name that answers a connection, opened with a full connection string (e.g. to the listener with MultiSubnetFailover).
function Get-ServerNameAt([string] $ConnectionString) {
  $connection = New-Object System.Data.SqlClient.SqlConnection $ConnectionString
  try {
    $connection.Open()
    $command = $connection.CreateCommand()
    $command.CommandText = 'SELECT @@SERVERNAME'
    [string]$command.ExecuteScalar()
  } finally {
    $connection.Dispose()
  }
}
