import { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagPack, NagPackProps } from 'cdk-nag';
import * as rules from './rules';

/** Name of the project's own pack; its rule ids read `Halo-<RuleName>`. */
export const HALO_PACK = 'Halo';

/**
 * The project's own rules for what the cdk-nag packs do not check: residency, retention of
 * stateful resources, key rotation, and exposure to the internet.
 */
export class HaloChecks extends NagPack {
  public readonly name = HALO_PACK;

  constructor(props?: NagPackProps) {
    super(undefined, props);
    this.packName = HALO_PACK;
  }

  protected checkResource(node: CfnResource): void {
    this.applyRule({
      info: 'A stateful resource is not retained on stack deletion or on replacement.',
      explanation: 'Keys, buckets, volumes, log groups, file systems, directories and backup vaults hold customer data or the means to read it; deleting a stack must never delete them.',
      level: NagMessageLevel.ERROR,
      rule: rules.StatefulResourceRetained,
      node,
    });
    this.applyRule({
      info: 'A symmetric KMS key does not rotate its key material.',
      explanation: 'Halo promises AES-256 at rest under customer-managed keys with rotation on (PCI DSS 3.6.4, NIST SC-12).',
      level: NagMessageLevel.ERROR,
      rule: rules.KmsKeyRotationEnabled,
      node,
    });
    this.applyRule({
      info: 'A security group admits 0.0.0.0/0 or ::/0 other than a load balancer on TCP 443 or 80.',
      explanation: 'Only load balancers face the internet; instances are reached through them or through Session Manager.',
      level: NagMessageLevel.ERROR,
      rule: rules.OpenIngressOnlyToLoadBalancers,
      node,
    });
    this.applyRule({
      info: 'The SQL Server nodes of a cluster do not span two availability zones.',
      explanation: 'Automatic failover for the loss of a node or a whole AZ needs the replicas in different AZs.',
      level: NagMessageLevel.ERROR,
      rule: rules.SqlNodesSpanTwoAzs,
      node,
    });
    this.applyRule({
      info: 'A cluster\'s file-share witness shares an availability zone with one of its nodes, or its placement is unknown.',
      explanation: 'With the witness in a third AZ the cluster keeps quorum when any one AZ is lost; beside a node, losing that AZ loses two of three votes.',
      level: NagMessageLevel.ERROR,
      rule: rules.WitnessInNodeFreeAz,
      node,
    });
    this.applyRule({
      info: 'An EBS volume or block device is not encrypted with a customer-managed KMS key.',
      explanation: 'All databases and backups are encrypted at rest with AES-256 under keys the platform controls and rotates.',
      level: NagMessageLevel.ERROR,
      rule: rules.EbsEncryptedWithCmk,
      node,
    });
    this.applyRule({
      info: 'An instance or launch template gets a public IP address.',
      explanation: 'Application and database hosts live in private subnets and are reached through load balancers or Session Manager only.',
      level: NagMessageLevel.ERROR,
      rule: rules.InstanceNoPublicIp,
      node,
    });
    this.applyRule({
      info: 'An instance, launch template or launch configuration does not require IMDSv2.',
      explanation: 'Session-token metadata access blocks credential theft through SSRF and open proxies.',
      level: NagMessageLevel.ERROR,
      rule: rules.Imdsv2Required,
      node,
    });
    this.applyRule({
      info: 'A backup copy, replication rule or replica sends data to a region outside the residency zone of its owner, or to a region that cannot be known at synth.',
      explanation: 'Data residency is law: EU data stays in London and Frankfurt, UK-only data in London, and every other zone in its region, backups included.',
      level: NagMessageLevel.ERROR,
      rule: rules.CrossRegionDestinationsInZone,
      node,
    });
    this.applyRule({
      info: 'An HTTPS or TLS listener uses an SSL policy outside the TLS 1.2+ allow-list.',
      explanation: 'Data in transit is protected with TLS 1.2 or later only; older protocol versions are refused.',
      level: NagMessageLevel.ERROR,
      rule: rules.HttpsListenerTlsPolicyAllowListed,
      node,
    });
    this.applyRule({
      info: 'An HTTPS listener does not set Strict-Transport-Security with max-age of at least 31536000 and includeSubDomains.',
      explanation: 'HSTS keeps browsers from ever falling back to plain HTTP for the platform\'s hosts.',
      level: NagMessageLevel.ERROR,
      rule: rules.HttpsListenerSetsHsts,
      node,
    });
    this.applyRule({
      info: 'A plain-HTTP listener or one of its rules does something other than redirect to HTTPS.',
      explanation: 'Port 80 exists only to send clients to HTTPS; it never serves content.',
      level: NagMessageLevel.ERROR,
      rule: rules.HttpListenerOnlyRedirects,
      node,
    });
    this.applyRule({
      info: 'An internet-facing Application Load Balancer has no web ACL.',
      explanation: 'Every public endpoint is filtered by AWS managed rules and the API rate baseline.',
      level: NagMessageLevel.ERROR,
      rule: rules.InternetFacingLoadBalancerHasWebAcl,
      node,
    });
    this.applyRule({
      info: 'A trail, Config delivery channel, Security Lake replication or Security Hub aggregation sends data outside the residency zone, or to a place that cannot be known at synth.',
      explanation: 'Audit logs and findings describe customer systems and stay inside the residency zone like the data they describe.',
      level: NagMessageLevel.ERROR,
      rule: rules.SecurityDataStaysInZone,
      node,
    });
  }
}
