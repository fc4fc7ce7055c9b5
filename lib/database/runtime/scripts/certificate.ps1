# The node's TLS certificate for client connections, from the region's private CA: the key is made on the node and
# never leaves it; the certificate names the node and the listener, so read-only routing and the listener both verify.
function Get-SqlNetLibKey {
  $instanceId = (Get-ItemProperty 'HKLM:\SOFTWARE\Microsoft\Microsoft SQL Server\Instance Names\SQL').MSSQLSERVER
  "HKLM:\SOFTWARE\Microsoft\Microsoft SQL Server\$instanceId\MSSQLServer\SuperSocketNetLib"
}

# The certificate SQL Server uses now, or $null.
function Get-SqlCertificate {
  $thumbprint = (Get-ItemProperty (Get-SqlNetLibKey)).Certificate
  if (-not $thumbprint) { return $null }
  Get-Item "Cert:\LocalMachine\My\$($thumbprint.ToUpperInvariant())" -ErrorAction SilentlyContinue
}

# Days until the certificate SQL Server uses expires (-1 without one).
function Get-SqlCertificateDaysLeft {
  $certificate = Get-SqlCertificate
  if (-not $certificate) { return -1 }
  [math]::Floor(($certificate.NotAfter - (Get-Date)).TotalDays)
}

# The DNS names the certificate must carry on this node.
function Get-SqlCertificateNames {
  @("$env:COMPUTERNAME.$($Facts.domainName)".ToLowerInvariant(), $env:COMPUTERNAME.ToLowerInvariant()) + @($Facts.certificate.extraNames)
}

# Whether the certificate is missing, misses a name, or expires within the renewal period.
function Test-SqlCertificateDue {
  $certificate = Get-SqlCertificate
  if (-not $certificate) { return $true }
  $names = @($certificate.DnsNameList | ForEach-Object { $_.Unicode.ToLowerInvariant() })
  $missing = @(Get-SqlCertificateNames | Where-Object { $names -notcontains $_ })
  ($missing.Count -gt 0) -or ($certificate.NotAfter -lt (Get-Date).AddDays($Facts.certificate.renewDaysBefore))
}

# Issues a certificate from the private CA for a key made here, binds it, trusts the CA; returns the new thumbprint.
function New-SqlCertificate {
  $work = 'C:\Halo\certificate'
  New-Item -ItemType Directory -Force -Path $work | Out-Null
  $fqdn = "$env:COMPUTERNAME.$($Facts.domainName)".ToLowerInvariant()
  $san = (Get-SqlCertificateNames | ForEach-Object { "_continue_ = `"DNS=$_&`"" }) -join "`r`n"
  $inf = @"
[Version]
Signature = "`$Windows NT`$"

[NewRequest]
Subject = "CN=$fqdn"
KeyAlgorithm = RSA
KeyLength = 2048
KeySpec = AT_KEYEXCHANGE
KeyUsage = "CERT_DIGITAL_SIGNATURE_KEY_USAGE | CERT_KEY_ENCIPHERMENT_KEY_USAGE"
MachineKeySet = TRUE
Exportable = FALSE
SMIME = FALSE
ProviderName = "Microsoft RSA SChannel Cryptographic Provider"
ProviderType = 12
RequestType = PKCS10
HashAlgorithm = sha256

[Extensions]
2.5.29.17 = "{text}"
$san
2.5.29.37 = "{text}1.3.6.1.5.5.7.3.1"
"@
  Set-Content -Path "$work\request.inf" -Value $inf -Encoding ASCII
  Remove-Item -Path "$work\request.csr", "$work\issued.cer", "$work\ca.cer" -ErrorAction SilentlyContinue
  $run = Invoke-Native { certreq.exe -new -q -machine "$work\request.inf" "$work\request.csr" }
  if ($run.ExitCode -ne 0) { throw "certreq -new exited $($run.ExitCode): $($run.Output)" }
  # certreq writes a NEW CERTIFICATE REQUEST header; the CA expects the PKCS#10 one.
  $csr = (Get-Content -Raw -Path "$work\request.csr") -replace 'NEW CERTIFICATE REQUEST', 'CERTIFICATE REQUEST'
  $validity = New-Object Amazon.ACMPCA.Model.Validity
  $validity.Type = [Amazon.ACMPCA.ValidityPeriodType]::DAYS
  $validity.Value = [long]$Facts.certificate.validityDays
  $ca = $Facts.certificate.authorityArn
  $issued = New-PCACertificate -CertificateAuthorityArn $ca -Csr ([System.Text.Encoding]::ASCII.GetBytes($csr)) -SigningAlgorithm SHA256WITHRSA `
    -TemplateArn $Facts.certificate.templateArn -Validity $validity -IdempotencyToken ([Guid]::NewGuid().ToString('N').Substring(0, 32)) -Region $Facts.region
  $pem = Invoke-WithRetry -What "the issued certificate $issued" -Attempts 20 -DelaySeconds 3 -Action {
    Get-PCACertificate -CertificateAuthorityArn $ca -CertificateArn $issued -Region $Facts.region
  }
  # The CA's own certificate first, so the issued one chains to a trusted root (and this node verifies the cell's names).
  $root = Get-PCACertificateAuthorityCertificate -CertificateAuthorityArn $ca -Region $Facts.region
  Set-Content -Path "$work\ca.cer" -Value $root.Certificate -Encoding ASCII
  Import-Certificate -FilePath "$work\ca.cer" -CertStoreLocation Cert:\LocalMachine\Root | Out-Null
  Set-Content -Path "$work\issued.cer" -Value $pem.Certificate -Encoding ASCII
  $run = Invoke-Native { certreq.exe -accept -q -machine "$work\issued.cer" }
  if ($run.ExitCode -ne 0) { throw "certreq -accept exited $($run.ExitCode): $($run.Output)" }
  $certificate = New-Object System.Security.Cryptography.X509Certificates.X509Certificate2 "$work\issued.cer"
  $installed = Get-Item "Cert:\LocalMachine\My\$($certificate.Thumbprint)"
  if (-not $installed.HasPrivateKey) { throw "certificate $($certificate.Thumbprint) was installed without its private key" }
  # SQL Server's service account reads the key (a CSP machine key of the SChannel provider).
  $keyFile = Join-Path "$env:ProgramData\Microsoft\Crypto\RSA\MachineKeys" $installed.PrivateKey.CspKeyContainerInfo.UniqueKeyContainerName
  $run = Invoke-Native { icacls $keyFile /grant 'NT SERVICE\MSSQLSERVER:R' }
  if ($run.ExitCode -ne 0) { throw "icacls on the certificate key exited $($run.ExitCode): $($run.Output)" }
  Set-ItemProperty -Path (Get-SqlNetLibKey) -Name Certificate -Value $certificate.Thumbprint.ToLowerInvariant()
  Set-ItemProperty -Path (Get-SqlNetLibKey) -Name ForceEncryption -Value 1 -Type DWord
  Write-Output "Certificate $($certificate.Thumbprint) for $((Get-SqlCertificateNames) -join ', ') valid until $($certificate.NotAfter.ToString('u'))"
  $certificate.Thumbprint
}

# Renews the certificate when due and restarts SQL Server to load it; never restarts an availability group's primary
# (that would fail the group over): the failover drill renews each node while it is the secondary.
function Update-SqlCertificate {
  if (-not (Test-SqlCertificateDue)) {
    Write-Output "Certificate valid for $(Get-SqlCertificateDaysLeft) more days; nothing to renew"
    return
  }
  if ($Facts.clustered -and (Get-ReplicaRole) -eq 'PRIMARY') {
    Write-Output 'Certificate due, but this node is the primary replica: the failover drill renews it when it is the secondary'
    return
  }
  New-SqlCertificate | Out-Null
  Restart-SqlServer
}
