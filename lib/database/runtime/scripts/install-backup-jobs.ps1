# Formation step: the backup script, its facts and the SQL Agent jobs that run it (recreated, so a rerun updates them).
$jobs = $Facts.jobsPath
New-Item -ItemType Directory -Force -Path $jobs | Out-Null
Set-Content -Path "$jobs\facts.json" -Value $FactsJson -Encoding UTF8
Set-Content -Path "$jobs\common.ps1" -Value $CommonScript -Encoding UTF8
Set-Content -Path "$jobs\certificate.ps1" -Value $CertificateScript -Encoding UTF8
Set-Content -Path "$jobs\sql-backup.ps1" -Value $BackupScript -Encoding UTF8
foreach ($job in $Facts.agentJobs) {
  $command = "powershell.exe -NoProfile -ExecutionPolicy Bypass -File $jobs\sql-backup.ps1 -Kind $($job.kind)"
  Invoke-Sql -Query (@(
    "IF EXISTS (SELECT 1 FROM msdb.dbo.sysjobs WHERE name = N'$($job.name)') EXEC msdb.dbo.sp_delete_job @job_name = N'$($job.name)';",
    "EXEC msdb.dbo.sp_add_job @job_name = N'$($job.name)', @description = N'$($job.description)';",
    "EXEC msdb.dbo.sp_add_jobstep @job_name = N'$($job.name)', @step_name = N'run', @subsystem = N'CmdExec', @command = N'$command', @retry_attempts = 1, @retry_interval = 5;",
    "EXEC msdb.dbo.sp_add_jobschedule @job_name = N'$($job.name)', @name = N'$($job.scheduleName)', @freq_type = $($job.freqType), @freq_interval = 1, @freq_subday_type = $($job.subdayType), @freq_subday_interval = $($job.subdayInterval), @active_start_time = $($job.startTime);",
    "EXEC msdb.dbo.sp_add_jobserver @job_name = N'$($job.name)';"
  ) -join ' ')
  Write-Output "SQL Agent job $($job.name): $($job.description)"
}
