import { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagPack, NagPackProps, NagRuleResult } from 'cdk-nag';
import * as rules from './rules';

/** Name of the project's own pack; its rule ids read `Halo-<RuleName>`. */
export const HALO_PACK = 'Halo';

/** One of the project's rules, with what the auditor report says of it. */
export interface HaloRule {
  readonly rule: (node: CfnResource) => NagRuleResult;
  /** The promise it guards, e.g. `residency`: the report groups the pack's results by it. */
  readonly topic: string;
  /** Why the rule fires. */
  readonly info: string;
  /** Why the rule exists. */
  readonly explanation: string;
}

/** The project's rules, in the order they run and are reported. */
export const HALO_RULES: readonly HaloRule[] = [
  {
    rule: rules.StatefulResourceRetained,
    topic: 'retention',
    info: 'A stateful resource is not retained on stack deletion or on replacement.',
    explanation:
      'Keys, buckets, volumes, log groups, file systems, directories and backup vaults hold customer data or the means to read it; deleting a stack must never delete them.',
  },
  {
    rule: rules.OpenIngressOnlyToLoadBalancers,
    topic: 'exposure',
    info: 'A security group admits 0.0.0.0/0 or ::/0 other than a load balancer on TCP 443 or 80.',
    explanation: 'Only load balancers face the internet; instances are reached through them or through Session Manager.',
  },
  {
    rule: rules.SqlNodesSpanTwoAzs,
    topic: 'witness placement',
    info: 'The SQL Server nodes of a cluster do not span two availability zones.',
    explanation: 'Automatic failover for the loss of a node or a whole AZ needs the replicas in different AZs.',
  },
  {
    rule: rules.WitnessInNodeFreeAz,
    topic: 'witness placement',
    info: "A cluster's file-share witness shares an availability zone with one of its nodes, or its placement is unknown.",
    explanation: 'With the witness in a third AZ the cluster keeps quorum when any one AZ is lost; beside a node, losing that AZ loses two of three votes.',
  },
  {
    rule: rules.EbsEncryptedWithCmk,
    topic: 'encryption',
    info: 'An EBS volume or block device is not encrypted with a customer-managed KMS key.',
    explanation: 'All databases and backups are encrypted at rest with AES-256 under keys the platform controls and rotates.',
  },
  {
    rule: rules.InstanceNoPublicIp,
    topic: 'exposure',
    info: 'An instance or launch template gets a public IP address.',
    explanation: 'Application and database hosts live in private subnets and are reached through load balancers or Session Manager only.',
  },
  {
    rule: rules.Imdsv2Required,
    topic: 'exposure',
    info: 'An instance, launch template or launch configuration does not require IMDSv2.',
    explanation: 'Session-token metadata access blocks credential theft through SSRF and open proxies.',
  },
  {
    rule: rules.CrossRegionDestinationsInZone,
    topic: 'residency',
    info: 'A backup copy, replication rule or replica sends data to a region outside the residency zone of its owner, or to a region that cannot be known at synth.',
    explanation: 'Data residency is law: EU data stays in London and Frankfurt, UK-only data in London, and every other zone in its region, backups included.',
  },
  {
    rule: rules.BackupPlanMeetsPromise,
    topic: 'backup cadence',
    info: 'A backup plan does not run a daily full backup kept as long as its published promise, or a monthly one where promised, or declares no promise.',
    explanation:
      'Recovery points must exist as often and as long as the seed documents publish (production: daily kept 14 days, monthly kept 90 days; UAT: daily kept 14 days), copies included.',
  },
  {
    rule: rules.HttpsListenerTlsPolicyAllowListed,
    topic: 'TLS',
    info: 'An HTTPS or TLS listener uses an SSL policy outside the TLS 1.2+ allow-list.',
    explanation: 'Data in transit is protected with TLS 1.2 or later only; older protocol versions are refused.',
  },
  {
    rule: rules.HttpsListenerSetsHsts,
    topic: 'HSTS',
    info: 'An HTTPS listener does not set Strict-Transport-Security with max-age of at least 31536000 and includeSubDomains.',
    explanation: "HSTS keeps browsers from ever falling back to plain HTTP for the platform's hosts.",
  },
  {
    rule: rules.HttpListenerOnlyRedirects,
    topic: 'TLS',
    info: 'A plain-HTTP listener or one of its rules does something other than redirect to HTTPS.',
    explanation: 'Port 80 exists only to send clients to HTTPS; it never serves content.',
  },
  {
    rule: rules.SecurityDataStaysInZone,
    topic: 'residency',
    info: 'A trail, Config delivery channel, Security Lake replication or Security Hub aggregation sends data outside the residency zone, or to a place that cannot be known at synth.',
    explanation: 'Audit logs and findings describe customer systems and stay inside the residency zone like the data they describe.',
  },
];

/**
 * The project's own rules for what the cdk-nag packs do not check, or check less strictly (each rule's doc line names the
 * pack rule it is stricter than): residency, retention of stateful resources, backup cadence, cluster and witness placement,
 * TLS policy and HSTS, customer-managed EBS keys, and exposure to the internet.
 */
export class HaloChecks extends NagPack {
  public readonly name = HALO_PACK;

  constructor(props?: NagPackProps) {
    super(undefined, props);
    this.packName = HALO_PACK;
  }

  protected checkResource(node: CfnResource): void {
    HALO_RULES.forEach(({ rule, info, explanation }) => this.applyRule({ rule, info, explanation, level: NagMessageLevel.ERROR, node }));
  }
}
