# Formation step: the node's TLS certificate (issued, or renewed when due).
Update-SqlCertificate
