import { readFileSync } from 'fs';
import { join } from 'path';
import { CfnResource, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { NagRuleCompliance } from 'cdk-nag';
import { compliancePacks, HALO_PACK, HALO_RULES } from '../../lib/compliance';
import { installedCdkNagVersion, NagRule, rulesOf } from '../../lib/compliance/cdk-nag-adapter';
import { ruleStack } from './fixtures';

/** What an own rule shares with the cdk-nag packs the gate runs. */
interface Overlap {
  /** Pack rules that check the same property of the same resources; the own rule's doc line names each one's check. */
  readonly packRules: readonly string[];
  /** Pack rules that refuse the sample too but are acknowledged by design where the own rule keeps checking. */
  readonly acknowledged?: readonly string[];
  /** A resource the own rule refuses and every rule of `packRules` passes or does not apply to: why it is stricter. */
  readonly sample?: (stack: Stack) => CfnResource;
}

const inPacks = (packs: string[], check: string) => packs.map((pack) => `${pack}-${check}`);
const HIPAA_PCI_NIST = ['HIPAA.Security', 'PCI.DSS.321', 'NIST.800.53.R5'];

/**
 * Every own rule, with the pack rules it overlaps. Gone because they only repeated a pack rule (issue 17):
 * KmsKeyRotationEnabled (KMSBackingKeyRotationEnabled: AwsSolutions-KMS5, PCI DSS, NIST, the same test of EnableKeyRotation)
 * and InternetFacingLoadBalancerHasWebAcl (ALBWAFEnabled of PCI DSS and NIST checks every ALB, and is acknowledged only on internal ones).
 */
const OVERLAPS: Readonly<Record<string, Overlap>> = {
  // No pack reads DeletionPolicy or UpdateReplacePolicy (deletion and termination protection are API settings).
  StatefulResourceRetained: { packRules: [] },
  OpenIngressOnlyToLoadBalancers: {
    packRules: [...inPacks(HIPAA_PCI_NIST, 'EC2RestrictedCommonPorts'), ...inPacks(HIPAA_PCI_NIST, 'EC2RestrictedSSH')],
    // SecureLoadBalancer acknowledges it on every internet-facing load balancer's group.
    acknowledged: ['AwsSolutions-EC23'],
    sample: (stack) => {
      const group = new ec2.CfnSecurityGroup(stack, 'LbGroup', {
        groupDescription: 'load balancer',
        vpcId: 'vpc-12345678',
        securityGroupIngress: [{ ipProtocol: 'tcp', fromPort: 8080, toPort: 8080, cidrIp: '0.0.0.0/0' }],
      });
      new elbv2.CfnLoadBalancer(stack, 'Lb', { securityGroups: [group.attrGroupId], subnets: ['subnet-1', 'subnet-2'] });
      return group;
    },
  },
  // RDSMultiAZSupport is about RDS; nothing in the packs places EC2 instances.
  SqlNodesSpanTwoAzs: { packRules: [] },
  WitnessInNodeFreeAz: { packRules: [] },
  EbsEncryptedWithCmk: {
    packRules: ['AwsSolutions-EC26'],
    sample: (stack) => new ec2.CfnVolume(stack, 'AwsManagedKey', { availabilityZone: 'eu-west-2a', size: 10, encrypted: true }),
  },
  InstanceNoPublicIp: {
    packRules: [...inPacks(HIPAA_PCI_NIST, 'EC2InstanceNoPublicIp'), ...inPacks(HIPAA_PCI_NIST, 'VPCSubnetAutoAssignPublicIpDisabled')],
    sample: (stack) => {
      const subnet = new ec2.CfnSubnet(stack, 'Public', { vpcId: 'vpc-12345678', cidrBlock: '10.0.0.0/24', mapPublicIpOnLaunch: true });
      return new ec2.CfnInstance(stack, 'InPublicSubnet', { subnetId: subnet.ref });
    },
  },
  Imdsv2Required: {
    packRules: inPacks(['HIPAA.Security', 'NIST.800.53.R5'], 'EC2IMDSv2Enabled'),
    sample: (stack) => {
      const template = new ec2.CfnLaunchTemplate(stack, 'V2', { launchTemplateData: { metadataOptions: { httpTokens: 'required' } } });
      return new ec2.CfnInstance(stack, 'AllowsV1', {
        launchTemplate: { launchTemplateId: template.ref, version: template.attrLatestVersionNumber },
        metadataOptions: { httpTokens: 'optional' },
      });
    },
  },
  // S3BucketReplicationEnabled asks that replication exist, never where it sends the data.
  CrossRegionDestinationsInZone: { packRules: [] },
  // EC2EBSInBackupPlan and its kin ask whether a resource is in some plan, never what the plan keeps or how often.
  BackupPlanMeetsPromise: { packRules: [] },
  // ELBTlsHttpsListenersOnly checks a classic load balancer's listener protocols, never an SSL policy.
  HttpsListenerTlsPolicyAllowListed: { packRules: [] },
  HttpsListenerSetsHsts: { packRules: [] },
  HttpListenerOnlyRedirects: {
    packRules: inPacks(HIPAA_PCI_NIST, 'ALBHttpToHttpsRedirection'),
    sample: (stack) => {
      const redirect = [{ type: 'redirect', redirectConfig: { protocol: 'HTTPS', port: '443', statusCode: 'HTTP_301' } }];
      const listener = new elbv2.CfnListener(stack, 'Http', { loadBalancerArn: 'arn:lb', port: 80, protocol: 'HTTP', defaultActions: redirect });
      return new elbv2.CfnListenerRule(stack, 'Serves', {
        listenerArn: listener.ref,
        priority: 1,
        conditions: [{ field: 'path-pattern', values: ['/api/*'] }],
        actions: [{ type: 'fixed-response', fixedResponseConfig: { statusCode: '200' } }],
      });
    },
  },
  // The CloudTrail rules check encryption, log validation and CloudWatch delivery, never where the logs go.
  SecurityDataStaysInZone: { packRules: [] },
};

const packRules = new Map<string, NagRule>(
  compliancePacks()
    .filter((pack) => pack.name !== HALO_PACK)
    .flatMap((pack) => rulesOf(pack).map((rule) => [rule.id, rule] as const)),
);
const ownRule = (name: string) => HALO_RULES.find((r) => r.rule.name === name)!.rule;
/** The first sentence of the rule file's doc comment. */
const docLine = (name: string) =>
  /\/\*\*\n \* (.+)\n/.exec(readFileSync(join(__dirname, '..', '..', 'lib', 'compliance', 'rules', `${name}.ts`), 'utf8'))?.[1] ?? '';
const refuses = (result: unknown) => result === NagRuleCompliance.NON_COMPLIANT || (Array.isArray(result) && result.length > 0);

describe('own rules and the cdk-nag rules they overlap', () => {
  test('every own rule has an entry, and every entry an own rule', () => {
    const own = HALO_RULES.map((r) => r.rule.name);
    expect({ withoutEntry: own.filter((name) => !(name in OVERLAPS)), withoutRule: Object.keys(OVERLAPS).filter((name) => !own.includes(name)) }).toEqual({
      withoutEntry: [],
      withoutRule: [],
    });
  });

  test.each(Object.entries(OVERLAPS))('%s: each pack rule it names exists in the installed cdk-nag and its doc line names it', (name, overlap) => {
    for (const id of [...overlap.packRules, ...(overlap.acknowledged ?? [])]) {
      const rule = packRules.get(id);
      if (!rule)
        throw new Error(`Halo-${name} overlaps ${id}, which cdk-nag ${installedCdkNagVersion()} no longer has: check what replaced it and update the table`);
      expect({ id, docLineNames: docLine(name).includes(rule.check.name) }).toEqual({ id, docLineNames: true });
    }
  });

  test.each(Object.entries(OVERLAPS).filter(([, o]) => o.packRules.length > 0))(
    '%s is stricter: it refuses a resource the pack rules pass',
    (name, overlap) => {
      expect(overlap.sample).toBeDefined();
      const sample = overlap.sample!(ruleStack());
      expect({ own: refuses(ownRule(name)(sample)) }).toEqual({ own: true });
      const passing = (ids: readonly string[]) => ids.filter((id) => !refuses(packRules.get(id)!.check(sample)));
      expect(passing(overlap.packRules)).toEqual(overlap.packRules);
      // An acknowledged pack rule refuses the sample too: where it is acknowledged, the own rule is what still refuses it.
      expect(passing(overlap.acknowledged ?? [])).toEqual([]);
    },
  );
});
