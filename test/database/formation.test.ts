import { APPLICATION_LOGINS, CLUSTER_FIREWALL_RULES, SQL_FIREWALL_RULES } from '../../lib/database/cell-sql-facts';
import { NODE_PREPARATION_STEPS } from '../../lib/database/node-preparation';
import { scriptText } from '../../lib/database/powershell';
import { fixtureStage } from '../fixtures/assembly';

const london = fixtureStage('London');
type Resource = { Type: string; Properties: Record<string, any>; DependsOn?: string[] };

/** A cell's SSM documents and associations, by their logical id without the hash. */
function formationOf(cellId: string) {
  const resources = london.templateJson(`${cellId}-Data`).Resources as Record<string, Resource>;
  const short = (id: string) => id.replace(/^SqlCluster/, '').replace(/[0-9A-F]{8}$/, '');
  const entries = Object.entries(resources);
  const documents = Object.fromEntries(entries.filter(([, r]) => r.Type === 'AWS::SSM::Document').map(([id, r]) => [short(id), r.Properties]));
  const associations = Object.fromEntries(entries.filter(([, r]) => r.Type === 'AWS::SSM::Association').map(([id, r]) => [short(id), r]));
  const idOf = Object.fromEntries(entries.map(([id]) => [short(id), id]));
  const dependsOn = (name: string) => (associations[name].DependsOn ?? []).map(short).sort();
  const text = (name: string) => JSON.stringify(documents[name].Content);
  const steps = (name: string) => documents[name].Content.mainSteps as { name: string; action: string; inputs: Record<string, any> }[];
  /** The $Facts the scripts of a document's last step read, with each deploy-time value as "<token>". */
  const facts = (name: string): Record<string, any> => {
    const lines = steps(name).at(-1)!.inputs.runCommand as unknown[];
    const header = lines.find((l) => JSON.stringify(l).includes("$FactsJson = @'")) as string | { 'Fn::Join': [string, unknown[]] };
    const text = typeof header === 'string' ? header : header['Fn::Join'][1].map((p) => (typeof p === 'string' ? p : '<token>')).join('');
    return JSON.parse(text.replace(/^\$FactsJson = @'\n/, '').replace(/\n'@$/, ''));
  };
  return { resources, documents, associations, idOf, dependsOn, text, steps, facts };
}

describe('production cell formation (availability group)', () => {
  const f = formationOf('prod-stable');

  test('declares exactly the documents of a cluster cell', () => {
    expect(Object.keys(f.documents).sort()).toEqual([
      'DrillsFailoverDrill',
      'DrillsFailoverDrillStep',
      'DrillsRestoreDrill',
      'DrillsRestoreDrillStep',
      'FormationCreateAvailabilityGroup',
      'FormationCreateCluster',
      'OperationsAddTenantDatabase',
      'OperationsCreateLogins',
      'OperationsInstallBackupJobs',
      'OperationsSetLoginPassword',
      'PreparationDocument',
    ]);
  });

  test('prepares each node in order: name, domain (in the customer OU), features, VSS components, then volumes, firewall, SQL Server and certificate', () => {
    expect(f.steps('PreparationDocument').map((s) => s.name)).toEqual([...NODE_PREPARATION_STEPS]);
    expect(NODE_PREPARATION_STEPS).toEqual(['renameHost', 'joinDomain', 'installFeatures', 'installVssComponents', 'configureNode']);
    const [, join, , vss, configure] = f.steps('PreparationDocument');
    expect(join.inputs).toMatchObject({ directoryName: 'london.halo.internal', directoryOU: 'OU=Computers,OU=HALOLONDON,DC=london,DC=halo,DC=internal' });
    expect(vss).toEqual({ action: 'aws:configurePackage', name: 'installVssComponents', inputs: { name: 'AwsVssComponents', action: 'Install' } });
    const lines = JSON.stringify(configure.inputs.runCommand);
    const order = ['prepare-volumes', 'open-firewall', 'configure-sql-server', 'certificate', 'install-certificate'].map((file) =>
      lines.indexOf(JSON.stringify(scriptText(file)).slice(1, 60)),
    );
    expect(order.every((at, i) => at > 0 && (i === 0 || at > order[i - 1]))).toBe(true);
  });

  test('restarts through SSM (exit 3010) after renaming and after features ask for it, never by itself', () => {
    expect(scriptText('rename-host')).toMatch(/exit 3010/);
    expect(scriptText('install-features')).toMatch(/RestartNeeded -eq 'Yes'\) \{[\s\S]*exit 3010/);
    expect(scriptText('install-features')).toMatch(/RebootPending/);
    expect(f.text('PreparationDocument')).not.toMatch(/Restart-Computer/);
  });

  test('opens 1433, 1434/udp and the AG endpoint 5022 in Windows Firewall', () => {
    expect([...SQL_FIREWALL_RULES, ...CLUSTER_FIREWALL_RULES].map((r) => `${r.protocol} ${r.port}`)).toEqual(['TCP 1433', 'UDP 1434', 'TCP 5022']);
    expect(f.facts('PreparationDocument').firewallRules).toEqual([...SQL_FIREWALL_RULES, ...CLUSTER_FIREWALL_RULES]);
    expect(scriptText('open-firewall')).toMatch(
      /New-NetFirewallRule -Name \$rule\.name .* -Direction Inbound -Action Allow -Protocol \$rule\.protocol -LocalPort \$rule\.port/,
    );
  });

  test('configures SQL Server as the Quick Start does: paths, tempdb on its volume, max server memory, MAXDOP, mixed mode', () => {
    const script = scriptText('configure-sql-server');
    for (const setting of [
      'DefaultData',
      'DefaultLog',
      'BackupDirectory',
      'LoginMode',
      'max server memory \\(MB\\)',
      'max degree of parallelism',
      'ALTER DATABASE tempdb MODIFY FILE',
      'sp_addserver',
    ]) {
      expect(script).toMatch(new RegExp(setting));
    }
    expect(f.facts('PreparationDocument').paths).toEqual({ data: 'D:\\Data', log: 'L:\\Log', tempdb: 'T:\\TempDB', backup: 'B:\\Backup' });
  });

  test("makes the cell's own group sysadmin, and drops logins that reach beyond the cell", () => {
    const facts = f.facts('PreparationDocument');
    expect([facts.administratorsGroup, facts.revokedSysadminLogins]).toEqual([
      'prod-stable-sql-admins',
      ['HALOLONDON\\AWS Delegated Administrators', 'BUILTIN\\Administrators'],
    ]);
    const script = scriptText('configure-sql-server');
    expect(script.indexOf('ADD MEMBER [NT AUTHORITY\\SYSTEM]')).toBeLessThan(script.indexOf('DROP LOGIN'));
  });

  test('forms the cluster from node 1 once both nodes are prepared, the formation account is granted and the witness exists; then the AG; then logins and backup jobs', () => {
    expect(f.dependsOn('PreparationNode1')).toEqual(
      expect.arrayContaining([
        'Node1BackupAttachment',
        'Node1DataAttachment',
        'Node1LogAttachment',
        'Node1TempdbAttachment',
        'SetupAccountAdministratorsGroup',
      ]),
    );
    expect(f.dependsOn('FormationCreateClusterOnPrimary')).toEqual(
      expect.arrayContaining(['PreparationNode1', 'PreparationNode2', 'SetupAccountGrant', 'WitnessFileSystem']),
    );
    expect(f.dependsOn('FormationCreateAvailabilityGroupOnPrimary')).toEqual(['FormationCreateClusterOnPrimary']);
    expect(f.dependsOn('OperationsCreateLoginsOnNodes')).toEqual(['FormationCreateAvailabilityGroupOnPrimary']);
    expect(f.dependsOn('OperationsInstallBackupJobsOnNodes')).toEqual(['FormationCreateAvailabilityGroupOnPrimary']);
    expect(f.associations.FormationCreateClusterOnPrimary.Properties.Targets[0].Values).toHaveLength(1);
    expect(f.associations.OperationsCreateLoginsOnNodes.Properties.Targets[0].Values).toHaveLength(2);
    const revoke = Object.entries(f.resources).find(([id]) => id.startsWith('SqlClusterSetupAccountRevoke'))![1];
    expect(revoke.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^SqlClusterFormationCreateAvailabilityGroupOnPrimary/)]));
  });

  test("elevates the formation account into Server Administrators and the cell's group only while the cluster forms", () => {
    const accounts = Object.values(f.resources)
      .filter((r) => r.Type === 'Custom::CellDirectory')
      .map((r) => [r.Properties.Action, r.Properties.UserName ?? r.Properties.GroupName, r.Properties.Groups]);
    expect(accounts).toEqual([
      ['group', 'prod-stable-sql-admins', undefined],
      ['grant', 'prod-stable-setup', ['AWS Delegated Server Administrators', 'prod-stable-sql-admins']],
      ['revoke', 'prod-stable-setup', ['AWS Delegated Server Administrators', 'prod-stable-sql-admins']],
    ]);
  });

  test('validates the cluster, keeps the report, waits for the cluster name on every domain controller, prestages the listener object for it and grants the witness', () => {
    const script = scriptText('create-cluster');
    const at = (pattern: RegExp) => script.search(pattern);
    const steps = [
      /Test-Cluster -Node \$nodes -Include 'Inventory', 'Network', 'System Configuration'/,
      /Write-S3Object .*\$Facts\.prefixes\.reports|\$key = "\$\(\$Facts\.prefixes\.reports\)/,
      /New-Cluster -Name \$Facts\.clusterName -Node \$nodes -StaticAddress \$addresses -NoStorage/,
      /cluster name object .* on \$dc/,
      /New-ADComputer -Name \$Facts\.listenerName .* -Enabled \$false/,
      /ActiveDirectoryAccessRule\(\$cno\.SID, \$fullControl/,
      /with the cluster's full control on \$dc/,
      /icacls \$witness \/grant/,
      /Set-ClusterQuorum -Cluster \$Facts\.clusterName -NodeAndFileShareMajority \$witness/,
    ];
    const positions = steps.map(at);
    expect(positions.every((p, i) => p >= 0 && (i === 0 || p > positions[i - 1]))).toBe(true);
    expect(script).toMatch(/if \(\$run\.ExitCode -ne 0\) \{ throw "icacls exited/);
    expect(f.text('FormationCreateCluster')).toContain('SqlClusterSetupAccountSecret');
    expect(f.text('FormationCreateCluster')).not.toContain('DirectoryAdminSecret');
    const facts = f.facts('FormationCreateCluster');
    expect([facts.clusterName, facts.listenerName, facts.availabilityGroup, facts.subnetMask, facts.setupSecretArn, facts.witnessPath]).toEqual([
      'prod-stable-cl',
      'prod-stable-ag',
      'prod-stable-ag',
      '255.255.255.0',
      '<token>',
      '\\\\<token>\\share\\prod-stable-witness',
    ]);
    expect(facts.nodes).toEqual([1, 2].map((n) => ({ hostName: `prod-stable-${n}`, clusterAddress: '<token>', listenerAddress: '<token>' })));
  });

  test('enables Always On on the secondary first and the primary last, each back (with its Agent) before the next', () => {
    const script = scriptText('create-availability-group');
    expect(script).toMatch(/foreach \(\$node in @\(\$nodes \| Select-Object -Skip 1\) \+ \$primary\)/);
    expect(script).toMatch(
      /Enable-SqlAlwaysOn -ServerInstance \$node -Force\s+Wait-SqlServer -Server \$node\s+Invoke-Command .* Start-Service -Name SQLSERVERAGENT/,
    );
    expect(script).toMatch(/AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, FAILOVER_MODE = AUTOMATIC, SEEDING_MODE = AUTOMATIC/);
    expect(script).toMatch(/ALLOW_CONNECTIONS = READ_ONLY, READ_ONLY_ROUTING_URL/);
    expect(script).toMatch(/ADD LISTENER N'\$\(\$Facts\.listenerName\)' \(WITH IP \(\$listenerIps\), PORT = 1433\)/);
    expect(script).toMatch(/ENCRYPTION = REQUIRED ALGORITHM AES/);
  });

  test('creates both application logins on every node with SIDs derived from the cell, and never another SID', () => {
    const script = scriptText('application-logins');
    expect(script).toMatch(/ComputeHash\(\[System\.Text\.Encoding\]::UTF8\.GetBytes\("\$\(\$Facts\.cellId\)\/\$Login"\)\)/);
    expect(script).toMatch(/CREATE LOGIN \[\$Login\] WITH PASSWORD = N'\$Password', SID = \$sid/);
    expect(script).toMatch(/exists on \$env:COMPUTERNAME with SID .* not the cell's/);
    expect(APPLICATION_LOGINS).toEqual(['halo_app_a', 'halo_app_b']);
    expect(f.facts('OperationsCreateLogins').applicationLogins).toEqual(['halo_app_a', 'halo_app_b']);
    expect(f.text('OperationsCreateLogins')).toContain('ConnectionSecret');
    // A login is proven by signing in with it over TLS, the certificate verified.
    expect(script).toMatch(/\$builder\['TrustServerCertificate'\] = \$false/);
  });

  test('schedules native backups: a daily full, logs every 15 minutes, metrics every 5 minutes, each from the preferred replica', () => {
    const jobs = f
      .facts('OperationsInstallBackupJobs')
      .agentJobs.map((j: Record<string, unknown>) => [j.name, j.kind, j.subdayType, j.subdayInterval, j.startTime]);
    // Daily at 23:00 UTC (two hours before AWS Backup's 01:00 images); every 15 and 5 minutes (msdb subday types 4: minutes).
    expect(jobs).toEqual([
      ['halo-full-backup', 'Full', 1, 0, 230000],
      ['halo-log-backup', 'Log', 4, 15, 500],
      ['halo-backup-metrics', 'Metrics', 4, 5, 0],
    ]);
    const script = scriptText('sql-backup');
    expect(script).toMatch(/sys\.fn_hadr_backup_is_preferred_replica\(d\.name\) = 1/);
    // One failing database never stops the others; the job fails at the end, and the failure count is a metric.
    expect(script).toMatch(/catch \{\s+\$failed \+= \$db/);
    expect(script).toMatch(/Write-HaloMetric -Name 'BackupFailures'[\s\S]*if \(\$failed\.Count -gt 0\) \{ throw/);
    expect(script).toMatch(/Write-S3Object -BucketName \$Facts\.backupBucket .* -ServerSideEncryption aws:kms/);
    // Object Lock's default retention needs a checksum header on every upload; CRC32 works with AWS Tools v4 and v5.
    expect(script).toMatch(/-ChecksumAlgorithm CRC32/);
    expect(scriptText('create-cluster')).toMatch(/-ChecksumAlgorithm CRC32/);
    expect(script).not.toMatch(/TO URL|S3 Access Key/);
  });

  test('adds a tenant database on the primary in full recovery, with both logins, a first full backup, joined by seeding and waited for', () => {
    const script = scriptText('add-tenant-database');
    expect(f.documents.OperationsAddTenantDatabase.Content.parameters.TenantId.allowedPattern).toBe('^[a-z0-9][a-z0-9-]{0,62}$');
    for (const step of [
      /Get-ReplicaRole/,
      /SET RECOVERY \$recovery/,
      /CREATE USER \[\$_\] FOR LOGIN/,
      /sql-backup\.ps1" -Kind Full -Database \$db/,
      /ADD DATABASE \[\$db\]/,
      /seeded and synchronized on every replica/,
    ]) {
      expect(script).toMatch(step);
    }
  });
});

describe('UAT cell formation (standalone)', () => {
  const f = formationOf('uat');

  test('has no cluster, no failover drill, and renews its certificate in the maintenance window instead', () => {
    expect(Object.keys(f.documents).sort()).toEqual([
      'DrillsRenewCertificate',
      'DrillsRestoreDrill',
      'DrillsRestoreDrillStep',
      'OperationsAddTenantDatabase',
      'OperationsCreateLogins',
      'OperationsInstallBackupJobs',
      'OperationsSetLoginPassword',
      'PreparationDocument',
    ]);
    expect(f.dependsOn('OperationsCreateLoginsOnNodes')).toEqual(['PreparationNode1']);
  });

  test('keeps daily fulls only, in simple recovery, and opens no AG endpoint', () => {
    const facts = f.facts('OperationsInstallBackupJobs');
    expect([facts.logBackups, facts.clustered, facts.agentJobs.map((j: { name: string }) => j.name)]).toEqual([
      false,
      false,
      ['halo-full-backup', 'halo-backup-metrics'],
    ]);
    expect(f.facts('PreparationDocument').firewallRules.map((r: { port: string }) => r.port)).toEqual(['1433', '1434']);
  });

  test('has no formation account: its directory function only makes the administrators group', () => {
    const objects = Object.values(f.resources)
      .filter((r) => r.Type === 'Custom::CellDirectory')
      .map((r) => r.Properties.Action);
    expect(objects).toEqual(['group']);
  });
});

describe('the common functions every node script starts with', () => {
  const common = scriptText('common');

  test('import the AWS module first: naming an SDK type (Amazon.*) does not load it', () => {
    expect(common.indexOf('Import-Module AWSPowerShell')).toBeGreaterThan(0);
    expect(common.indexOf('Import-Module AWSPowerShell')).toBeLessThan(common.indexOf('New-Object Amazon.'));
  });

  test('write retry notes to the host, never into the result of the retried action', () => {
    const retry = common.slice(common.indexOf('function Invoke-WithRetry'), common.indexOf('function Invoke-Sql'));
    expect(retry).toMatch(/Write-Host "\$\{What\}: attempt/);
    expect(retry).not.toMatch(/Write-Output/);
  });

  test('run native commands with their exit code and whole output, not stopped at their first line on stderr', () => {
    expect(common).toMatch(/function Invoke-Native \{[\s\S]*\$ErrorActionPreference = 'Continue'[\s\S]*ExitCode = \$LASTEXITCODE/);
    for (const file of ['certificate', 'create-cluster', 'prepare-volumes']) expect(scriptText(file)).not.toMatch(/2>&1/);
  });

  test('give metrics a new dimension list (AWS Tools v5 leaves SDK collections null)', () => {
    expect(common).toMatch(/\$datum\.Dimensions = New-Object 'System\.Collections\.Generic\.List\[Amazon\.CloudWatch\.Model\.Dimension\]'/);
  });
});
