/**
 * The promise index: each promise of the seed documents (in the project's words, with the seed file and its words), and
 * where it lives: the constructs and configuration checks that keep it, the compliance rules that check every synth, the
 * permission proofs and the tests that pin it. `npm run docs` renders it as docs/promises.md; test/docs/promises.test.ts
 * fails when the file and this table disagree, or when the table names a path, export, rule, proof or test that is gone.
 */

/** The seed documents, in ../shared/seeds/. */
export const SEED_FILES = {
  faq: '000_b93540925d3865d0.txt',
  overview: '002_48f5c89f600c1ece.txt',
} as const;

export type SeedFile = (typeof SEED_FILES)[keyof typeof SEED_FILES];

/** Where a seed makes the promise: its file, the section (or question) and its own words, verbatim. */
export interface SeedSource {
  readonly seed: SeedFile;
  readonly section: string;
  readonly quote: string;
}

/** A construct, configuration check or constant that keeps a promise: a repository path and a name it exports. */
export interface CodeRef {
  readonly path: string;
  readonly symbol: string;
}

/** A permission proof (`proveAllowed`/`proveRefused`) by the file that declares it and its id (or the id's fixed prefix). */
export interface ProofRef {
  readonly path: string;
  readonly proof: string;
}

/**
 * kept: the repository keeps it; partly kept and not yet kept: `pending` says what is missing and which issue keeps it;
 * outside this repository: the application or a process keeps it, `pending` says who.
 */
export type PromiseStatus = 'kept' | 'partly kept' | 'not yet kept' | 'outside this repository';

export interface PlatformPromise {
  /** Stable anchor, e.g. `witness-third-az`. */
  readonly id: string;
  /** The promise in the project's words. */
  readonly promise: string;
  readonly sources: readonly SeedSource[];
  readonly status: PromiseStatus;
  /** What is not kept yet and the issue that will keep it (or who keeps it, outside this repository). */
  readonly pending?: string;
  readonly keptBy: readonly CodeRef[];
  /** Rule ids of the compliance gate: `Halo-<Rule>` (lib/compliance/rules/) or a cdk-nag pack's `<Pack>-<Rule>`. */
  readonly rules: readonly string[];
  readonly proofs: readonly ProofRef[];
  /** Test files (repository paths) that pin it. */
  readonly tests: readonly string[];
}

const { faq, overview } = SEED_FILES;

export const PROMISES: readonly PlatformPromise[] = [
  {
    id: 'seven-regions',
    promise:
      'Seven regions: London (eu-west-2), Frankfurt (eu-central-1), N. Virginia (us-east-1), Canada Central (ca-central-1), Cape Town (af-south-1), Sydney (ap-southeast-2), Bahrain (me-south-1), each with a production cell.',
    sources: [{ seed: overview, section: 'The Hosting Layer', quote: 'hosted on Amazon Web Services across seven active regions' }],
    status: 'kept',
    keptBy: [
      { path: 'regions/index.ts', symbol: 'REGIONS' },
      { path: 'lib/config/catalogue.ts', symbol: 'checkCatalogue' },
      { path: 'stacks/region-stage.ts', symbol: 'RegionStage' },
    ],
    rules: [],
    proofs: [],
    tests: ['test/shipped-config.test.ts'],
  },
  {
    id: 'residency',
    promise:
      "Customer data stays in its residency zone: EU data only in London or Frankfurt, UK-only in London, every other zone in its region; a cell's zone must hold its region.",
    sources: [
      {
        seed: overview,
        section: 'The Hosting Layer',
        quote: 'EU customer data is hosted exclusively in the London or Frankfurt regions and never leaves the EU, including backups',
      },
      { seed: faq, section: 'Where is customer data stored?', quote: 'Data is stored for the customer on their relevant AWS hosted data centre zone' },
    ],
    status: 'kept',
    keptBy: [
      { path: 'regions/zones.ts', symbol: 'RESIDENCY_ZONES' },
      { path: 'lib/config/residency.ts', symbol: 'checkZones' },
      { path: 'lib/compliance/residency.ts', symbol: 'declareResidency' },
    ],
    rules: ['Halo-CrossRegionDestinationsInZone', 'Halo-SecurityDataStaysInZone'],
    proofs: [],
    tests: ['test/backup/residency-rule.test.ts', 'test/compliance/rules/SecurityDataStaysInZone.test.ts', 'test/shipped-config.test.ts'],
  },
  {
    id: 'backups-in-zone',
    promise:
      "Backups stay in the zone: each cell's AWS Backup recovery points go to its region's vault, a copy only to a region of the cell's residency zone; native SQL backups stay in a bucket of the cell's region.",
    sources: [
      { seed: overview, section: 'Automated Backup Policy', quote: 'stored within the same regional boundary as primary data' },
      {
        seed: overview,
        section: 'The Hosting Layer',
        quote: 'EU customer data is hosted exclusively in the London or Frankfurt regions and never leaves the EU, including backups',
      },
    ],
    status: 'kept',
    keptBy: [
      { path: 'lib/backup/cell-backup-plan.ts', symbol: 'CellBackupPlan' },
      { path: 'lib/config/cells.ts', symbol: 'copyRegionOf' },
      { path: 'lib/database/sql-backup-bucket.ts', symbol: 'SqlBackupBucket' },
      { path: 'lib/config/residency.ts', symbol: 'checkZones' },
    ],
    rules: ['Halo-CrossRegionDestinationsInZone'],
    proofs: [
      { path: 'stacks/halo-app.ts', proof: 'CopyGrantsOnDestinationKey' },
      { path: 'lib/database/sql-node-access.ts', proof: 'NodeWritesBackups' },
    ],
    tests: ['test/backup/residency-rule.test.ts', 'test/backup/backup-stack.test.ts', 'test/shipped-config.test.ts'],
  },
  {
    id: 'three-azs-nat',
    promise:
      'Each region runs over three availability zones; application and database hosts are in private subnets with no public IP, reaching the internet only through a NAT gateway per AZ; only load balancers face the internet.',
    sources: [
      { seed: overview, section: 'The Hosting Layer', quote: 'a minimum of three physically separate data centres' },
      {
        seed: overview,
        section: 'The Hosting Layer',
        quote: 'All application and database infrastructure is held within a private subnet, accessible only via a public NAT gateway',
      },
      { seed: faq, section: 'What IPs does Halo use for X component/process?', quote: 'they are held within a private subnet' },
    ],
    status: 'kept',
    keptBy: [
      { path: 'lib/network/region-network.ts', symbol: 'RegionNetwork' },
      { path: 'stacks/network-stack.ts', symbol: 'NetworkStack' },
    ],
    rules: [
      'Halo-InstanceNoPublicIp',
      'Halo-OpenIngressOnlyToLoadBalancers',
      'NIST.800.53.R5-VPCSubnetAutoAssignPublicIpDisabled',
      'NIST.800.53.R5-EC2InstanceNoPublicIp',
      'PCI.DSS.321-VPCFlowLogsEnabled',
    ],
    proofs: [{ path: 'lib/network/region-network.ts', proof: 'FlowLogsWriteEvents' }],
    tests: ['test/network-stack.test.ts', 'test/compliance/rules/InstanceNoPublicIp.test.ts', 'test/config/network.test.ts'],
  },
  {
    id: 'sql-always-on',
    promise:
      'Production SQL Server runs as an Always On availability group: node 1 in AZ 1, node 2 in AZ 2, synchronous commit and automatic failover for the loss of a node or a whole AZ; validation refuses a production cell on one node.',
    sources: [
      {
        seed: overview,
        section: 'High-Availability Architecture',
        quote: 'Deployed across production-replica database clusters spanning multiple AWS Availability Zones.',
      },
      { seed: overview, section: 'The Hosting Layer', quote: 'zero-downtime failover for both node-level and full availability zone failures' },
    ],
    status: 'kept',
    keptBy: [
      { path: 'lib/database/cell-sql-server.ts', symbol: 'CellSqlServer' },
      { path: 'lib/database/sql-server-node.ts', symbol: 'SqlServerNode' },
      { path: 'lib/database/cluster-formation.ts', symbol: 'ClusterFormation' },
      { path: 'lib/config/cells.ts', symbol: 'checkCells' },
    ],
    rules: ['Halo-SqlNodesSpanTwoAzs'],
    proofs: [
      { path: 'lib/database/cell-sql-server.ts', proof: 'NodesReadFormationAccount' },
      { path: 'lib/database/sql-server-drills.ts', proof: 'DrillReportsFailure' },
    ],
    tests: [
      'test/database/data-stack.test.ts',
      'test/database/formation.test.ts',
      'test/database/drills.test.ts',
      'test/compliance/rules/SqlNodesSpanTwoAzs.test.ts',
    ],
  },
  {
    id: 'witness-third-az',
    promise: "A cluster's file-share witness (FSx for Windows) is in a third AZ, holding no node, so the cluster keeps quorum when any one AZ is lost.",
    sources: [
      {
        seed: overview,
        section: 'The Hosting Layer',
        quote: 'with a file-share witness providing automatic failover should any node become unhealthy',
      },
    ],
    status: 'kept',
    keptBy: [
      { path: 'lib/database/file-share-witness.ts', symbol: 'FileShareWitness' },
      { path: 'lib/database/cell-sql-server.ts', symbol: 'CellSqlServer' },
    ],
    rules: ['Halo-WitnessInNodeFreeAz'],
    proofs: [],
    tests: ['test/compliance/rules/WitnessInNodeFreeAz.test.ts', 'test/database/data-stack.test.ts'],
  },
  {
    id: 'database-per-customer',
    promise:
      "Each customer has its own database (`tenant_<id>`) in a cell's SQL Server; cells are shared by a subset of customers, and customers are data, not resources (templates do not grow with them).",
    sources: [
      { seed: faq, section: "How are different customers separated within Halo's system architecture?", quote: 'each customer has their own database' },
    ],
    status: 'kept',
    keptBy: [{ path: 'lib/database/database-operations.ts', symbol: 'DatabaseOperations' }],
    rules: [],
    proofs: [],
    tests: ['test/database/formation.test.ts', 'test/scale.test.ts'],
  },
  {
    id: 'power-bi-read-only',
    promise:
      'Read-only database access for Power BI: a readable secondary with read-only routing, reached through the connection secret’s reporting connection string (ApplicationIntent=ReadOnly).',
    sources: [
      {
        seed: overview,
        section: 'Automated Backup Policy',
        quote: 'Read-only database access is available for customers requiring direct Power BI connectivity',
      },
    ],
    status: 'kept',
    keptBy: [
      { path: 'lib/database/connection-secret.ts', symbol: 'ConnectionSecret' },
      { path: 'lib/database/cluster-formation.ts', symbol: 'ClusterFormation' },
    ],
    rules: [],
    proofs: [{ path: 'lib/app/fleet-access.ts', proof: 'FleetReadsConnection' }],
    tests: ['test/database/formation.test.ts', 'test/database/data-stack.test.ts'],
  },
  {
    id: 'encryption-at-rest',
    promise:
      'Everything at rest is encrypted with AES-256 under customer-managed KMS keys of the region (data, backup, logs, sessions) with rotation on: SQL volumes, backups, buckets, secrets, topics and log groups.',
    sources: [
      { seed: faq, section: 'How is customer data encrypted at rest?', quote: 'All databases and backups are encrypted at rest using AES-256 key encryption' },
      { seed: overview, section: 'Multi-Layer Encryption', quote: 'AES-256 encryption at rest for all databases and backups.' },
    ],
    status: 'kept',
    keptBy: [
      { path: 'lib/security/region-keys.ts', symbol: 'RegionKeys' },
      { path: 'lib/database/sql-server-node.ts', symbol: 'SqlServerNode' },
      { path: 'lib/security/private-bucket.ts', symbol: 'privateBucketProps' },
    ],
    rules: [
      'Halo-EbsEncryptedWithCmk',
      'AwsSolutions-KMS5',
      'PCI.DSS.321-S3DefaultEncryptionKMS',
      'PCI.DSS.321-SecretsManagerUsingKMSKey',
      'PCI.DSS.321-SNSEncryptedKMS',
      'PCI.DSS.321-KMSBackingKeyRotationEnabled',
    ],
    proofs: [
      { path: 'lib/app/app-fleet.ts', proof: 'AutoScalingGeneratesVolumeKey' },
      { path: 'stacks/backup-stack.ts', proof: 'BackupGrantsOnVaultKey' },
      { path: 'lib/database/sql-node-access.ts', proof: 'NodeEncryptsBackups' },
    ],
    tests: ['test/security/security-baseline.test.ts', 'test/compliance/rules/EbsEncryptedWithCmk.test.ts', 'test/proofs/app-proofs.test.ts'],
  },
  {
    id: 'tls-1-2',
    promise:
      'TLS 1.2 or later in transit: every HTTPS listener uses a policy of the allow-list, port 80 only redirects, buckets refuse plain HTTP; SQL Server forces encryption with a certificate of the region’s private CA.',
    sources: [{ seed: overview, section: 'Multi-Layer Encryption', quote: 'TLS 1.2+ with HSTS enforced in transit.' }],
    status: 'kept',
    keptBy: [
      { path: 'lib/app/secure-load-balancer.ts', symbol: 'SecureLoadBalancer' },
      { path: 'lib/config/tls-policies.ts', symbol: 'ALLOWED_TLS_POLICIES' },
      { path: 'lib/security/sql-certificate-authority.ts', symbol: 'SqlCertificateAuthority' },
    ],
    rules: [
      'Halo-HttpsListenerTlsPolicyAllowListed',
      'Halo-HttpListenerOnlyRedirects',
      'PCI.DSS.321-ELBTlsHttpsListenersOnly',
      'PCI.DSS.321-ALBHttpToHttpsRedirection',
      'PCI.DSS.321-S3BucketSSLRequestsOnly',
    ],
    proofs: [{ path: 'lib/database/cell-sql-server.ts', proof: 'NodesRequestServerCertificates' }],
    tests: [
      'test/app/secure-load-balancer.test.ts',
      'test/compliance/rules/HttpsListenerTlsPolicyAllowListed.test.ts',
      'test/compliance/rules/HttpListenerOnlyRedirects.test.ts',
    ],
  },
  {
    id: 'hsts',
    promise: 'Every HTTPS listener sets HSTS (Strict-Transport-Security with at least the minimum max-age).',
    sources: [{ seed: overview, section: 'Multi-Layer Encryption', quote: 'TLS 1.2+ with HSTS enforced in transit.' }],
    status: 'kept',
    keptBy: [
      { path: 'lib/app/secure-load-balancer.ts', symbol: 'SecureLoadBalancer' },
      { path: 'lib/config/tls-policies.ts', symbol: 'HSTS_ATTRIBUTE' },
      { path: 'lib/config/tls-policies.ts', symbol: 'MIN_HSTS_MAX_AGE_SECONDS' },
    ],
    rules: ['Halo-HttpsListenerSetsHsts'],
    proofs: [],
    tests: ['test/compliance/rules/HttpsListenerSetsHsts.test.ts', 'test/app/secure-load-balancer.test.ts'],
  },
  {
    id: 'backup-retention',
    promise:
      'Backup retention per environment: production keeps transaction logs 3 days, daily fulls 14 days, monthly fulls 90 days (one seed says 60, the other 90: 90 keeps both); UAT takes daily fulls only, kept 14 days.',
    sources: [
      {
        seed: faq,
        section: 'How is customer backup data retained with Halo?',
        quote: 'Monthly full backups are retained for 90 days. UAT environments only have the daily backups taken, also retained for 2 weeks.',
      },
      { seed: overview, section: 'Automated Backup Policy', quote: 'daily backups (2 weeks), and monthly backups (60 days)' },
    ],
    status: 'kept',
    keptBy: [
      { path: 'regions/backup-policies.ts', symbol: 'BACKUP_POLICIES' },
      { path: 'lib/config/backup-promises.ts', symbol: 'BACKUP_PROMISES' },
      { path: 'lib/config/backup-promises.ts', symbol: 'checkBackupPolicy' },
      { path: 'lib/backup/cell-backup-plan.ts', symbol: 'CellBackupPlan' },
      { path: 'lib/database/sql-backup-bucket.ts', symbol: 'pointInTimeRetentionDays' },
    ],
    rules: ['Halo-BackupPlanMeetsPromise'],
    proofs: [],
    tests: [
      'test/compliance/rules/BackupPlanMeetsPromise.test.ts',
      'test/backup/backup-stack.test.ts',
      'test/backup/runbook.test.ts',
      'test/config/mistakes.test.ts',
      'test/shipped-config.test.ts',
    ],
  },
  {
    id: 'hourly-log-backups',
    promise:
      'Production transaction logs are backed up at least hourly (SQL Agent, every 15 minutes) into the cell’s Object Lock bucket, and an alarm fires when the newest log backup is older than the RPO.',
    sources: [
      { seed: faq, section: 'How is customer backup data retained with Halo?', quote: 'Transactional backups are taken hourly, retained for 3 days.' },
      { seed: overview, section: 'Automated Backup Policy', quote: 'Transactional backups every hour (3-day retention)' },
    ],
    status: 'kept',
    keptBy: [
      { path: 'lib/database/database-operations.ts', symbol: 'DatabaseOperations' },
      { path: 'lib/database/sql-backup-bucket.ts', symbol: 'SqlBackupBucket' },
      { path: 'lib/monitoring/cell-sql-alarms.ts', symbol: 'CellSqlAlarms' },
      { path: 'lib/config/backup-promises.ts', symbol: 'checkBackupPolicy' },
    ],
    rules: [],
    proofs: [
      { path: 'lib/database/sql-node-access.ts', proof: 'NodeWritesBackups' },
      { path: 'lib/database/sql-node-access.ts', proof: 'NodeEncryptsBackups' },
    ],
    tests: ['test/database/formation.test.ts', 'test/database/data-stack.test.ts', 'test/monitoring/monitoring-stack.test.ts', 'test/backup/runbook.test.ts'],
  },
  {
    id: 'vault-lock',
    promise:
      'Recovery points cannot be deleted before their retention ends: each region’s vault is under Vault Lock, and only the break-glass role may delete recovery points or change the vault’s policy (CDK’s own deployment role is refused).',
    sources: [
      {
        seed: overview,
        section: 'Automated Backup Policy',
        quote: 'Transactional backups every hour (3-day retention), daily backups (2 weeks), and monthly backups (60 days).',
      },
    ],
    status: 'kept',
    keptBy: [
      { path: 'lib/backup/locked-backup-vault.ts', symbol: 'LockedBackupVault' },
      { path: 'stacks/backup-stack.ts', symbol: 'BackupStack' },
      { path: 'regions/access.ts', symbol: 'BREAK_GLASS_ROLE_NAME' },
    ],
    rules: ['Halo-StatefulResourceRetained'],
    proofs: [
      { path: 'stacks/backup-stack.ts', proof: 'NoVaultPolicyChange' },
      { path: 'stacks/backup-stack.ts', proof: 'NoDeleteRecoveryPoints' },
      { path: 'stacks/backup-stack.ts', proof: 'NoVaultDeletion' },
      { path: 'stacks/backup-stack.ts', proof: 'BreakGlassDeletesRecoveryPoints' },
    ],
    tests: ['test/backup/backup-stack.test.ts', 'test/proofs/app-proofs.test.ts'],
  },
  {
    id: 'rpo-rto',
    promise:
      'Recovery point objective 1 hour and recovery time objective 4 hours in production (UAT: 24 h each), declared on every backup plan, held by validation and rehearsed by the restore and failover drills.',
    sources: [
      {
        seed: faq,
        section: 'What are Halos recovery targets during an incident?',
        quote: 'Halo sets a recovery time objective of 4 hours for any given incident.',
      },
      { seed: faq, section: 'What are Halos recovery targets during an incident?', quote: 'We set a recovery point target of 1 hour' },
      {
        seed: overview,
        section: 'The Hosting Layer',
        quote: 'with a Recovery Time Objective of 4 hours and Recovery Point Objective of 1 hour for large-scale incidents',
      },
    ],
    status: 'kept',
    keptBy: [
      { path: 'lib/config/backup-promises.ts', symbol: 'BACKUP_PROMISES' },
      { path: 'lib/compliance/backup-promise.ts', symbol: 'declareBackupPromise' },
      { path: 'lib/database/sql-server-drills.ts', symbol: 'SqlServerDrills' },
      { path: 'lib/backup/runbook.ts', symbol: 'renderDisasterRecoveryRunbook' },
    ],
    rules: ['Halo-BackupPlanMeetsPromise'],
    proofs: [
      { path: 'lib/database/sql-server-drills.ts', proof: 'DrillReportsFailure' },
      { path: 'lib/database/sql-server-drills.ts', proof: 'ScratchReadsBackups' },
    ],
    tests: [
      'test/backup/runbook.test.ts',
      'test/database/drills.test.ts',
      'test/shipped-config.test.ts',
      'test/compliance/rules/BackupPlanMeetsPromise.test.ts',
    ],
  },
  {
    id: 'restore-tested-monthly',
    promise:
      'Backups are tested monthly: AWS Backup restore testing of every production SQL node, and each cell’s restore drill (and each cluster’s failover drill) in the region’s maintenance window.',
    sources: [{ seed: overview, section: 'Automated Backup Policy', quote: 'tested monthly for integrity' }],
    status: 'kept',
    keptBy: [
      { path: 'lib/backup/monthly-restore-testing.ts', symbol: 'MonthlyRestoreTesting' },
      { path: 'lib/database/sql-server-drills.ts', symbol: 'SqlServerDrills' },
    ],
    rules: [],
    proofs: [
      { path: 'lib/backup/monthly-restore-testing.ts', proof: 'ValidatorReportsResult' },
      { path: 'lib/database/sql-server-drills.ts', proof: 'DrillTerminatesScratch' },
    ],
    tests: [
      'test/backup/backup-stack.test.ts',
      'test/runtime/restore-validation-handler.test.ts',
      'test/database/drills.test.ts',
      'test/verify/verify-region.test.ts',
    ],
  },
  {
    id: 'blue-green',
    promise:
      'Blue/green releases: each cell’s web tier runs two fleets behind one load balancer forwarding by weight, so a release needs no scheduled downtime; the App stack holds no data.',
    sources: [
      { seed: overview, section: 'The Hosting Layer', quote: 'Halo follows a blue-green deployment model, eliminating scheduled downtime during updates' },
    ],
    status: 'kept',
    keptBy: [
      { path: 'lib/app/cell-application.ts', symbol: 'CellApplication' },
      { path: 'lib/app/app-fleet.ts', symbol: 'AppFleet' },
      { path: 'stacks/app-stack.ts', symbol: 'AppStack' },
    ],
    rules: [],
    proofs: [{ path: 'lib/app/fleet-access.ts', proof: 'FleetReadsRelease' }],
    tests: ['test/app/blue-green.test.ts', 'test/app/app-stack.test.ts'],
  },
  {
    id: 'microservices-own-lb',
    promise: 'Chat and automations each run on their own load balancer and Auto Scaling group, apart from the web tier.',
    sources: [{ seed: overview, section: 'The Application Layer', quote: 'each with their own load balancer and auto-scaling group' }],
    status: 'kept',
    keptBy: [
      { path: 'lib/app/cell-application.ts', symbol: 'CellApplication' },
      { path: 'lib/app/app-fleet.ts', symbol: 'AppFleet' },
    ],
    rules: [],
    proofs: [],
    tests: ['test/app/app-stack.test.ts'],
  },
  {
    id: 'release-channels',
    promise:
      'Two release channels, stable and beta: beta upgraded about every two weeks over two days, stable quarterly over several weeks (candidate announced 4 weeks, schedule 2 weeks before), both out of working hours in every region.',
    sources: [
      {
        seed: faq,
        section: 'What is the Halo release schedule/procedure for patches and upgrades?',
        quote: 'We have two different schedule paths available for customers, stable and beta.',
      },
      {
        seed: faq,
        section: 'What is the Halo release schedule/procedure for patches and upgrades?',
        quote: 'This will be out of working hours for all regions.',
      },
    ],
    status: 'kept',
    keptBy: [
      { path: 'lib/release/declared-regions.ts', symbol: 'withReleaseState' },
      { path: 'lib/release/state.ts', symbol: 'readCells' },
      { path: 'lib/release/plan.ts', symbol: 'planRelease' },
      { path: 'lib/release/execute.ts', symbol: 'applyWave' },
      { path: 'regions/release-calendars.ts', symbol: 'RELEASE_CALENDARS' },
      { path: 'lib/config/schema.ts', symbol: 'cellSchema' },
    ],
    rules: [],
    proofs: [],
    tests: [
      'test/release/plan.test.ts',
      'test/release/state.test.ts',
      'test/release/declared-regions.test.ts',
      'test/release/shipped.test.ts',
      'test/release/executor.test.ts',
    ],
  },
  {
    id: 'availability-monitoring',
    promise:
      'A 99.95% availability target for production, watched every 5 minutes: alarms on every SQL node and fleet, a health canary per cell, a composite unavailability alarm and a dashboard against the target, all notifying the encrypted alert topic.',
    sources: [
      { seed: faq, section: 'What is the target availability for Halo instances?', quote: 'We target a 99.95% uptime for all production instances' },
      {
        seed: overview,
        section: 'Continuous Monitoring & Intrusion Detection',
        quote: '5-minute health checks on all instances, database-level performance tracking',
      },
    ],
    status: 'kept',
    keptBy: [
      { path: 'lib/monitoring/cell-dashboard.ts', symbol: 'AVAILABILITY_TARGET_PERCENT' },
      { path: 'lib/monitoring/cell-health-canary.ts', symbol: 'CellHealthCanary' },
      { path: 'lib/monitoring/sql-node-monitoring.ts', symbol: 'SqlNodeAlarms' },
      { path: 'lib/monitoring/fleet-alarms.ts', symbol: 'FleetAlarms' },
      { path: 'lib/security/alert-topic.ts', symbol: 'AlertTopic' },
    ],
    rules: ['PCI.DSS.321-SNSEncryptedKMS'],
    proofs: [{ path: 'lib/monitoring/cell-health-canary.ts', proof: 'CanaryPutsMetrics' }],
    tests: ['test/monitoring/monitoring-stack.test.ts', 'test/runtime/cell-health-canary.test.ts'],
  },
  {
    id: 'security-services',
    promise:
      'In every region: a CloudTrail trail (log file validation, Object Lock bucket, metric-filter alarms), AWS Config, GuardDuty, Security Hub with the configured standards, and Security Lake wherever AWS offers it (Cape Town and Bahrain record a gap with its compensating control).',
    sources: [
      {
        seed: overview,
        section: 'Continuous Monitoring & Intrusion Detection',
        quote:
          'AWS CloudTrail logs all API activity; AWS GuardDuty monitors for anomalous account-level traffic; AWS Security Hub enforces benchmark compliance',
      },
      { seed: overview, section: 'Continuous Monitoring & Intrusion Detection', quote: 'All security data is centralised via AWS Security Lake.' },
    ],
    status: 'kept',
    keptBy: [
      { path: 'lib/security/audit-trail.ts', symbol: 'AuditTrail' },
      { path: 'lib/security/config-recorder.ts', symbol: 'ConfigRecorder' },
      { path: 'lib/security/threat-detection.ts', symbol: 'ThreatDetection' },
      { path: 'lib/security/region-security-lake.ts', symbol: 'RegionSecurityLake' },
      { path: 'lib/compliance/gaps.ts', symbol: 'recordGap' },
    ],
    rules: [
      'Halo-SecurityDataStaysInZone',
      'PCI.DSS.321-CloudTrailLogFileValidationEnabled',
      'PCI.DSS.321-CloudTrailCloudWatchLogsEnabled',
      'PCI.DSS.321-CloudTrailEncryptionEnabled',
    ],
    proofs: [
      { path: 'lib/security/audit-trail.ts', proof: 'TrailWritesLogFiles' },
      { path: 'lib/security/config-recorder.ts', proof: 'ConfigWritesSnapshots' },
      { path: 'lib/security/region-security-lake.ts', proof: 'SubscriberReadsLake' },
    ],
    tests: ['test/security-stack.test.ts', 'test/security/security-baseline.test.ts', 'test/verify/verify-region.test.ts'],
  },
  {
    id: 'time-bound-access',
    promise:
      'Access is restricted to engineers and expires: operator and break-glass roles for one hour at a time until the access review date, with MFA; no SSH or RDP, sessions only through Session Manager, encrypted and logged.',
    sources: [
      {
        seed: overview,
        section: 'The Hosting Layer',
        quote: 'all other access requires formal approval and is automatically revoked after a defined period',
      },
    ],
    status: 'kept',
    keptBy: [
      { path: 'lib/security/time-bound-access.ts', symbol: 'TimeBoundAccess' },
      { path: 'lib/security/session-manager-preferences.ts', symbol: 'SessionManagerPreferences' },
      { path: 'lib/config/security.ts', symbol: 'checkSecurity' },
    ],
    rules: ['Halo-OpenIngressOnlyToLoadBalancers'],
    proofs: [
      { path: 'lib/security/time-bound-access.ts', proof: 'Expired' },
      { path: 'lib/security/time-bound-access.ts', proof: 'MfaUser' },
      { path: 'lib/security/time-bound-access.ts', proof: 'OperatorOpensEncryptedSession' },
    ],
    tests: ['test/security/security-baseline.test.ts', 'test/proofs/app-proofs.test.ts'],
  },
  {
    id: 'api-rate-limit',
    promise: 'External API calls are held at the 200 calls a minute per client baseline on `/api/` by a web ACL on every public load balancer.',
    sources: [{ seed: overview, section: 'Performance at Scale', quote: '200 calls per minute (client-built integrations)' }],
    status: 'kept',
    keptBy: [{ path: 'lib/app/halo-web-acl.ts', symbol: 'HaloWebAcl' }],
    rules: ['PCI.DSS.321-ALBWAFEnabled', 'NIST.800.53.R5-ALBWAFEnabled', 'PCI.DSS.321-WAFv2LoggingEnabled'],
    proofs: [{ path: 'lib/app/halo-web-acl.ts', proof: 'WafLogDelivery' }],
    tests: ['test/app/app-stack.test.ts'],
  },
  {
    id: 'cell-baseline',
    promise: 'A cell is sized at most at the standard instance baseline (1,500 concurrent agents, 7,000,000 unarchived tickets); regions grow by adding cells.',
    sources: [{ seed: overview, section: 'Performance at Scale', quote: '1,500 simultaneous users' }],
    status: 'kept',
    keptBy: [{ path: 'lib/config/schema.ts', symbol: 'CELL_BASELINE' }],
    rules: [],
    proofs: [],
    tests: ['test/config/mistakes.test.ts', 'test/scale.test.ts'],
  },
  {
    id: 'compliance-frameworks',
    promise:
      'Every synth is checked against the AWS Solutions, HIPAA Security, PCI DSS 3.2.1 and NIST 800-53 R5 packs and the project’s rules, and the auditor report maps the results to ISO 27001, SOC 2, PCI DSS, HIPAA, NIST 800-53 and GDPR controls.',
    sources: [
      {
        seed: faq,
        section: 'Is Halo compliant with X standard/guideline?',
        quote: 'All certifications and security reports completed by Halo can be viewed on our trust centre portal',
      },
      {
        seed: overview,
        section: 'Security & Compliance',
        quote: 'Halo Service Solutions holds a comprehensive set of independently audited security certifications',
      },
    ],
    status: 'kept',
    keptBy: [
      { path: 'lib/compliance/gate.ts', symbol: 'addComplianceGate' },
      { path: 'lib/compliance/halo-checks.ts', symbol: 'HALO_RULES' },
      { path: 'lib/compliance/control-mapping.ts', symbol: 'CONTROL_OBJECTIVES' },
    ],
    rules: [],
    proofs: [],
    tests: ['test/compliance/gate.test.ts', 'test/compliance/report.test.ts', 'test/compliance/rules.test.ts'],
  },
  {
    id: 'application-audit-record',
    promise:
      'The tamper-evident record of every change in Halo lives in the SQL Server database: the application keeps it; the platform keeps the record of its own API activity (CloudTrail with log file validation into an Object Lock bucket).',
    sources: [{ seed: overview, section: 'Full Audit Trail', quote: 'is logged in a tamper-evident record stored directly in the SQL Server database' }],
    status: 'outside this repository',
    pending:
      'The application writes its audit record; this repository keeps the databases it lives in (sql-always-on, backup-retention) and the trail of API activity.',
    keptBy: [{ path: 'lib/security/audit-trail.ts', symbol: 'AuditTrail' }],
    rules: ['PCI.DSS.321-CloudTrailLogFileValidationEnabled'],
    proofs: [{ path: 'lib/security/audit-trail.ts', proof: 'OtherAccountsTrailCannotWrite' }],
    tests: ['test/security-stack.test.ts'],
  },
];
