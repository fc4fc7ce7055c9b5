/**
 * The one mapping from rules to the controls they evidence. A rule (a cdk-nag check, shared by the
 * packs that run it, a Halo rule, or an AWS Control Tower control by its objective) evidences one or
 * more control objectives; each objective names the controls it satisfies in each framework.
 * PCI DSS requirements are cited from v4.0.1 (cdk-nag's pack is named after 3.2.1, which is retired).
 */

/** The frameworks the report maps to, by the name it prints. */
export const FRAMEWORKS = [
  'ISO/IEC 27001:2022 Annex A',
  'SOC 2 (2017 TSC)',
  'PCI DSS v4.0.1',
  'HIPAA Security Rule',
  'NIST SP 800-53 Rev. 5',
  'GDPR Article 32',
] as const;
export type Framework = (typeof FRAMEWORKS)[number];

type Controls = Readonly<Record<Framework, readonly string[]>>;

const controls = (iso: string[], soc2: string[], pci: string[], hipaa: string[], nist: string[], gdpr: string[]): Controls => ({
  [FRAMEWORKS[0]]: iso,
  [FRAMEWORKS[1]]: soc2,
  [FRAMEWORKS[2]]: pci,
  [FRAMEWORKS[3]]: hipaa,
  [FRAMEWORKS[4]]: nist,
  [FRAMEWORKS[5]]: gdpr,
});

/** Control objectives and the controls each satisfies. An empty list: the framework has no control for it. */
export const CONTROL_OBJECTIVES = {
  'encryption-at-rest': {
    title: 'Encrypt data at rest',
    controls: controls(['A.8.24'], ['CC6.1'], ['3.5.1'], ['164.312(a)(2)(iv)'], ['SC-28', 'SC-28(1)', 'SC-13'], ['32(1)(a)']),
  },
  'encryption-in-transit': {
    title: 'Encrypt data in transit',
    controls: controls(['A.8.24', 'A.5.14'], ['CC6.7'], ['4.2.1'], ['164.312(e)(1)', '164.312(e)(2)(ii)'], ['SC-8', 'SC-8(1)', 'SC-13'], ['32(1)(a)']),
  },
  'key-management': {
    title: 'Manage and rotate encryption keys',
    controls: controls(['A.8.24'], ['CC6.1'], ['3.6.1', '3.7.4'], ['164.312(a)(2)(iv)'], ['SC-12'], ['32(1)(a)']),
  },
  'logging-monitoring': {
    title: 'Log and monitor activity',
    controls: controls(
      ['A.8.15', 'A.8.16'],
      ['CC7.2', 'CC7.3'],
      ['10.2.1', '10.4.1'],
      ['164.312(b)', '164.308(a)(1)(ii)(D)'],
      ['AU-2', 'AU-3', 'AU-6', 'AU-12', 'SI-4'],
      ['32(1)(b)', '32(1)(d)'],
    ),
  },
  'log-retention': {
    title: 'Keep audit logs for their retention period',
    controls: controls(['A.8.15', 'A.5.33'], ['CC7.2'], ['10.5.1'], ['164.312(b)'], ['AU-11'], ['32(1)(b)']),
  },
  'data-integrity': {
    title: 'Protect the integrity of data and logs',
    controls: controls(['A.5.33', 'A.8.15'], ['PI1.5'], ['10.3.2', '10.3.4'], ['164.312(c)(1)', '164.312(c)(2)'], ['AU-9', 'SI-7'], ['32(1)(b)']),
  },
  'least-privilege': {
    title: 'Grant least privilege',
    controls: controls(
      ['A.5.15', 'A.5.18', 'A.8.2'],
      ['CC6.1', 'CC6.3'],
      ['7.2.1', '7.2.2'],
      ['164.308(a)(4)(ii)(B)', '164.312(a)(1)'],
      ['AC-3', 'AC-6'],
      ['32(1)(b)', '32(4)'],
    ),
  },
  'strong-authentication': {
    title: 'Authenticate strongly; protect and rotate credentials',
    controls: controls(['A.8.5', 'A.5.17'], ['CC6.1', 'CC6.2'], ['8.3.1', '8.6.3'], ['164.312(d)', '164.308(a)(5)(ii)(D)'], ['IA-2', 'IA-5'], ['32(1)(b)']),
  },
  'network-access': {
    title: 'Limit network access; keep hosts private',
    controls: controls(['A.8.20', 'A.8.22'], ['CC6.6'], ['1.3.1', '1.4.1'], ['164.312(a)(1)', '164.312(e)(1)'], ['SC-7', 'AC-4'], ['32(1)(b)']),
  },
  'web-protection': {
    title: 'Filter traffic to public web applications',
    controls: controls(['A.8.20', 'A.8.7'], ['CC6.6', 'CC6.8'], ['6.4.2'], ['164.308(a)(5)(ii)(B)'], ['SC-5', 'SC-7', 'SI-4'], ['32(1)(b)']),
  },
  'configuration-protection': {
    title: 'Keep secure, validated configurations',
    controls: controls(['A.8.9', 'A.8.32'], ['CC7.1', 'CC8.1'], ['2.2.1'], [], ['CM-2', 'CM-6', 'CM-7'], ['32(1)(b)']),
  },
  'vulnerability-management': {
    title: 'Manage technical vulnerabilities',
    controls: controls(['A.8.8'], ['CC7.1'], ['6.3.3'], ['164.308(a)(5)(ii)(B)'], ['RA-5', 'SI-2'], ['32(1)(d)']),
  },
  'incident-response': {
    title: 'Alert on and respond to incidents',
    controls: controls(['A.5.24', 'A.5.26'], ['CC7.3', 'CC7.4'], ['10.7.2', '12.10.1'], ['164.308(a)(6)(ii)'], ['IR-4', 'IR-6'], ['32(1)(c)']),
  },
  availability: {
    title: 'Stay available through the loss of a node or an AZ',
    controls: controls(['A.8.14'], ['A1.2'], [], ['164.308(a)(7)(ii)(B)', '164.308(a)(7)(ii)(C)'], ['CP-10', 'SC-5', 'SC-36'], ['32(1)(b)', '32(1)(c)']),
  },
  capacity: { title: 'Manage capacity', controls: controls(['A.8.6'], ['A1.1'], [], [], ['CP-2(2)'], ['32(1)(b)']) },
  'cost-optimisation': { title: 'Optimise costs (evidences no security control)', controls: controls([], [], [], [], [], []) },
  'backup-recovery': {
    title: 'Back up, keep and restore data as promised',
    controls: controls(
      ['A.8.13', 'A.5.30'],
      ['A1.2', 'A1.3'],
      ['12.10.1'],
      ['164.308(a)(7)(ii)(A)', '164.310(d)(2)(iv)'],
      ['CP-9', 'CP-10'],
      ['32(1)(c)', '32(2)'],
    ),
  },
  'data-retention': {
    title: 'Keep stored data from accidental destruction',
    controls: controls(['A.5.33', 'A.8.13'], ['A1.2', 'C1.1'], [], ['164.310(d)(2)(iv)'], ['CP-9', 'SI-12'], ['32(2)']),
  },
  // Transfers outside the EU are GDPR chapter V (articles 44-49), not article 32: no article 32 control is claimed.
  'data-residency': { title: 'Keep data in its residency zone', controls: controls(['A.5.34', 'A.5.31'], ['C1.1'], [], [], ['SA-9(5)'], []) },
} as const;
export type ObjectiveId = keyof typeof CONTROL_OBJECTIVES;

/**
 * What each check evidences, by the check's name: a cdk-nag rule's name (one entry covers every pack
 * that runs it, e.g. `S3BucketSSLRequestsOnly` for AwsSolutions-S10 and the HIPAA, PCI and NIST ids),
 * a Halo rule's name, or a plugin's name for rules known only by id (aws-cdk-lib's `CloudFormation Validate`).
 */
export const CHECK_OBJECTIVES: Readonly<Record<string, readonly ObjectiveId[]>> = {
  // Encryption at rest and keys
  CloudTrailEncryptionEnabled: ['encryption-at-rest'],
  CloudWatchLogGroupEncrypted: ['encryption-at-rest'],
  EC2EBSVolumeEncrypted: ['encryption-at-rest'],
  EbsEncryptedWithCmk: ['encryption-at-rest', 'key-management'],
  S3DefaultEncryptionKMS: ['encryption-at-rest', 'key-management'],
  SNSEncryptedKMS: ['encryption-at-rest'],
  SecretsManagerUsingKMSKey: ['encryption-at-rest', 'key-management'],
  KMSBackingKeyRotationEnabled: ['key-management'],
  // Encryption in transit
  ALBHttpToHttpsRedirection: ['encryption-in-transit'],
  ELBv2ACMCertificateRequired: ['encryption-in-transit'],
  HttpListenerOnlyRedirects: ['encryption-in-transit'],
  HttpsListenerSetsHsts: ['encryption-in-transit'],
  HttpsListenerTlsPolicyAllowListed: ['encryption-in-transit'],
  S3BucketSSLRequestsOnly: ['encryption-in-transit'],
  SNSTopicSSLPublishOnly: ['encryption-in-transit'],
  ALBHttpDropInvalidHeaderEnabled: ['web-protection'],
  // Logging, monitoring, integrity
  CloudTrailCloudWatchLogsEnabled: ['logging-monitoring', 'incident-response'],
  CloudTrailLogFileValidationEnabled: ['data-integrity'],
  CloudWatchAlarmAction: ['incident-response'],
  CloudWatchLogGroupRetentionPeriod: ['log-retention'],
  EC2InstanceDetailedMonitoringEnabled: ['logging-monitoring'],
  ELBLoggingEnabled: ['logging-monitoring'],
  S3BucketLoggingEnabled: ['logging-monitoring'],
  VPCFlowLogsEnabled: ['logging-monitoring'],
  WAFv2LoggingEnabled: ['logging-monitoring'],
  AutoScalingGroupScalingNotifications: ['logging-monitoring', 'capacity'],
  // Access
  EC2InstanceProfileAttached: ['least-privilege'],
  IAMGroupHasUsers: ['least-privilege'],
  IAMNoInlinePolicy: ['least-privilege'],
  IAMNoManagedPolicies: ['least-privilege'],
  IAMNoWildcardPermissions: ['least-privilege'],
  IAMPolicyNoStatementsWithAdminAccess: ['least-privilege'],
  IAMPolicyNoStatementsWithFullAccess: ['least-privilege'],
  IAMUserGroupMembership: ['least-privilege'],
  IAMUserNoPolicies: ['least-privilege'],
  LambdaFunctionPublicAccessProhibited: ['least-privilege', 'network-access'],
  S3BucketLevelPublicAccessProhibited: ['least-privilege', 'network-access'],
  S3BucketPublicReadProhibited: ['least-privilege', 'network-access'],
  S3BucketPublicWriteProhibited: ['least-privilege', 'network-access'],
  S3WebBucketOAIAccess: ['least-privilege'],
  SecretsManagerRotationEnabled: ['strong-authentication'],
  Imdsv2Required: ['strong-authentication', 'network-access'],
  EC2IMDSv2Enabled: ['strong-authentication', 'network-access'],
  // Network
  EC2InstanceNoPublicIp: ['network-access'],
  EC2InstancesInVPC: ['network-access'],
  EC2RestrictedCommonPorts: ['network-access'],
  EC2RestrictedInbound: ['network-access'],
  EC2RestrictedSSH: ['network-access'],
  EC2SecurityGroupDescription: ['configuration-protection'],
  InstanceNoPublicIp: ['network-access'],
  LambdaInsideVPC: ['network-access'],
  OpenIngressOnlyToLoadBalancers: ['network-access'],
  VPCDefaultSecurityGroupClosed: ['network-access'],
  VPCNoUnrestrictedRouteToIGW: ['network-access'],
  VPCSubnetAutoAssignPublicIpDisabled: ['network-access'],
  ALBWAFEnabled: ['web-protection'],
  // Availability, capacity, resilience
  AutoScalingGroupCooldownPeriod: ['capacity'],
  AutoScalingGroupELBHealthCheckRequired: ['availability'],
  AutoScalingGroupHealthCheck: ['availability'],
  EC2EBSOptimizedInstance: ['capacity'],
  EC2InstanceTerminationProtection: ['data-retention'],
  ELBDeletionProtectionEnabled: ['availability'],
  LambdaConcurrency: ['capacity'],
  LambdaDLQ: ['availability'],
  LambdaLatestVersion: ['vulnerability-management'],
  SqlNodesSpanTwoAzs: ['availability'],
  WitnessInNodeFreeAz: ['availability'],
  // Backup, retention, residency
  BackupPlanMeetsPromise: ['backup-recovery'],
  EC2EBSInBackupPlan: ['backup-recovery'],
  S3BucketReplicationEnabled: ['backup-recovery'],
  S3BucketVersioningEnabled: ['backup-recovery', 'data-integrity'],
  StatefulResourceRetained: ['data-retention'],
  CrossRegionDestinationsInZone: ['data-residency'],
  SecurityDataStaysInZone: ['data-residency'],
  // The permission proofs (lib/proofs): who may and may not use keys, buckets, secrets, topics and vaults
  PermissionProof: ['least-privilege', 'key-management'],
  // The live verifier's checks (npm run verify), by check name
  'RDS DB instances': ['encryption-at-rest', 'key-management', 'network-access', 'data-retention'],
  'RDS DB clusters': ['encryption-at-rest', 'key-management', 'data-retention'],
  'RDS snapshots': ['encryption-at-rest', 'network-access'],
  'S3 default encryption': ['encryption-at-rest'],
  'S3 public access': ['network-access', 'least-privilege'],
  'S3 TLS only': ['encryption-in-transit'],
  'S3 versioning': ['backup-recovery', 'data-integrity'],
  'S3 Object Lock': ['data-integrity', 'data-retention'],
  'S3 app buckets in region': ['data-residency'],
  'GuardDuty detector': ['logging-monitoring', 'incident-response'],
  'Security Hub standards': ['configuration-protection', 'vulnerability-management'],
  'CloudTrail trail': ['logging-monitoring', 'data-integrity', 'data-residency'],
  'Backup vault lock': ['backup-recovery', 'data-retention'],
  'Backup plans': ['backup-recovery'],
  'Restore tests': ['backup-recovery'],
  'SQL Server nodes': ['availability', 'strong-authentication', 'encryption-at-rest'],
  // One live check per cell and drill: "SQL Server drill: <cell> <kind>".
  'SQL Server drill': ['backup-recovery', 'availability'],
  // aws-cdk-lib's built-in template validation (cfn-lint rule ids)
  'CloudFormation Validate': ['configuration-protection'],
};

/** AWS Control Tower's control objectives (each control's metadata names one) and what they evidence here. */
export const CONTROL_TOWER_OBJECTIVES: Readonly<Record<string, readonly ObjectiveId[]>> = {
  'CO.1': ['logging-monitoring'],
  'CO.2': ['encryption-at-rest'],
  'CO.3': ['encryption-in-transit'],
  'CO.4': ['data-integrity'],
  'CO.5': ['least-privilege'],
  'CO.6': ['network-access'],
  'CO.7': ['cost-optimisation'],
  'CO.8': ['backup-recovery'],
  'CO.9': ['availability'],
  'CO.10': ['configuration-protection'],
  'CO.11': ['incident-response'],
  'CO.12': ['vulnerability-management'],
  'CO.15': ['strong-authentication'],
};

/** The objectives a check evidences; empty when the table has no row for it. */
export function objectivesOf(check: string): readonly ObjectiveId[] {
  return CHECK_OBJECTIVES[check] ?? CONTROL_TOWER_OBJECTIVES[check] ?? CHECK_OBJECTIVES[check.split(':')[0]] ?? [];
}
