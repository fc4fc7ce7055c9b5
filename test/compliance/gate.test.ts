import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App, RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as fsx from 'aws-cdk-lib/aws-fsx';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import {
  acknowledge,
  acknowledgementRegister,
  addComplianceGate,
  compliancePacks,
  HaloChecks,
  readValidationReport,
  rules,
  unacknowledgedFindings,
} from '../../lib/compliance';
import { SQL_CLUSTER_TAG, SQL_NODE_TAG, WITNESS_TAG } from '../../lib/config/names';

const outdir = () => mkdtempSync(join(tmpdir(), 'halo-gate-'));

/** A throwaway stack that breaks each of our rules and some of AwsSolutions'. */
function nonCompliantApp() {
  const app = new App({ outdir: outdir(), builtinCloudFormationValidation: false });
  const stack = new Stack(app, 'Throwaway', { env: { account: '111122223333', region: 'eu-west-2' } });
  const bucket = new s3.Bucket(stack, 'Bucket', { removalPolicy: RemovalPolicy.DESTROY });
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    availabilityZones: ['eu-west-2a', 'eu-west-2b'],
    natGateways: 0,
    subnetConfiguration: [{ name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
  });
  const ssh = new ec2.SecurityGroup(stack, 'Ssh', { vpc, description: 'ssh from anywhere' });
  ssh.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(22));
  // A lone SQL node with a public IP and no IMDSv2, an unencrypted volume, a witness in the node's AZ.
  const subnet = vpc.isolatedSubnets[0].subnetId;
  const node = new ec2.CfnInstance(stack, 'SqlNode', {
    networkInterfaces: [{ deviceIndex: '0', subnetId: subnet, associatePublicIpAddress: true }],
    availabilityZone: 'eu-west-2a',
  });
  Tags.of(node).add(SQL_NODE_TAG, 'node-1');
  Tags.of(node).add(SQL_CLUSTER_TAG, 'cell');
  new ec2.CfnVolume(stack, 'Volume', { availabilityZone: 'eu-west-2a', size: 10 });
  const witness = new fsx.CfnFileSystem(stack, 'Witness', { fileSystemType: 'WINDOWS', subnetIds: [subnet] });
  Tags.of(witness).add(WITNESS_TAG, 'cell-witness');
  Tags.of(witness).add(SQL_CLUSTER_TAG, 'cell');
  // A backup plan of a stack with no declared residency, copying to another region.
  new backup.CfnBackupPlan(stack, 'CopyOut', {
    backupPlan: {
      backupPlanName: 'out',
      backupPlanRule: [
        {
          ruleName: 'daily',
          targetBackupVault: 'v',
          copyActions: [{ destinationBackupVaultArn: 'arn:aws:backup:us-east-1:111122223333:backup-vault:v' }],
        },
      ],
    },
  });
  // A public load balancer with no web ACL, an old TLS policy without HSTS, and an HTTP listener that serves.
  const alb = new elbv2.CfnLoadBalancer(stack, 'PublicAlb', { scheme: 'internet-facing', subnets: vpc.isolatedSubnets.map((s) => s.subnetId) });
  const fixed = [{ type: 'fixed-response', fixedResponseConfig: { statusCode: '200' } }];
  new elbv2.CfnListener(stack, 'OldTls', {
    loadBalancerArn: alb.ref,
    port: 443,
    protocol: 'HTTPS',
    sslPolicy: 'ELBSecurityPolicy-2016-08',
    defaultActions: fixed,
  });
  new elbv2.CfnListener(stack, 'PlainHttp', { loadBalancerArn: alb.ref, port: 80, protocol: 'HTTP', defaultActions: fixed });
  // A trail that gathers every region's events.
  new cloudtrail.CfnTrail(stack, 'EveryRegion', { isLogging: true, isMultiRegionTrail: true, s3BucketName: 'somewhere' });
  return { app, stack, bucket, ssh };
}

const findings = (report: { violations: { ruleName: string; violatingResources: { constructPath?: string }[] }[] }) =>
  report.violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} ${r.constructPath}`));

describe('the compliance gate', () => {
  test('runs the four cdk-nag packs and our own', () => {
    expect(compliancePacks().map((p) => p.name)).toEqual(['AwsSolutions', 'HIPAA.Security', 'PCI.DSS.321', 'NIST.800.53.R5', 'Halo']);
  });

  test('each of our rules fires on a deliberately non-compliant resource', () => {
    const { app } = nonCompliantApp();
    app.synth(); // applies the tags the placement rules read
    const found = findings(new HaloChecks().validateScope(app));
    expect(found).toEqual(
      expect.arrayContaining([
        'Halo-StatefulResourceRetained Throwaway/Bucket/Resource',
        'Halo-OpenIngressOnlyToLoadBalancers Throwaway/Ssh/Resource',
        'Halo-SqlNodesSpanTwoAzs Throwaway/SqlNode',
        'Halo-WitnessInNodeFreeAz Throwaway/Witness',
        'Halo-EbsEncryptedWithCmk Throwaway/Volume',
        'Halo-InstanceNoPublicIp Throwaway/SqlNode',
        'Halo-Imdsv2Required Throwaway/SqlNode',
        'Halo-CrossRegionDestinationsInZone Throwaway/CopyOut',
        'Halo-HttpsListenerTlsPolicyAllowListed Throwaway/OldTls',
        'Halo-HttpsListenerSetsHsts Throwaway/OldTls',
        'Halo-HttpListenerOnlyRedirects Throwaway/PlainHttp',
        'Halo-SecurityDataStaysInZone Throwaway/EveryRegion',
      ]),
    );
    const everyRule = Object.entries(rules)
      .filter(([, r]) => typeof r === 'function')
      .map(([name]) => `Halo-${name}`);
    expect(new Set(found.map((f) => f.split(' ')[0]))).toEqual(new Set(everyRule));
  });

  test('AwsSolutions fires on the same resources', () => {
    const { app } = nonCompliantApp();
    const found = findings(new AwsSolutionsChecks().validateScope(app));
    expect(found).toEqual(
      expect.arrayContaining([
        'AwsSolutions-S1 Throwaway/Bucket/Resource',
        'AwsSolutions-S10 Throwaway/Bucket/Resource',
        'AwsSolutions-EC23 Throwaway/Ssh/Resource',
      ]),
    );
  });

  test('as wired into synthesis, fails the synth and names every finding', () => {
    const { app } = nonCompliantApp();
    addComplianceGate(app);
    expect(() => app.synth()).toThrow(/Halo-StatefulResourceRetained[\s\S]*Halo-OpenIngressOnlyToLoadBalancers/);
  });

  test('an acknowledged finding passes, is reported as suppressed with its reason and control, and enters the register', () => {
    const { app, stack, bucket } = nonCompliantApp();
    // Keep only the bucket: drop the other offenders so the acknowledgement is what decides the outcome.
    ['Ssh', 'Vpc', 'SqlNode', 'Volume', 'Witness', 'CopyOut', 'PublicAlb', 'OldTls', 'PlainHttp', 'EveryRegion'].forEach((id) => stack.node.tryRemoveChild(id));
    acknowledge(bucket, 'Halo-StatefulResourceRetained', {
      reason: 'A scratch bucket whose objects the pipeline rebuilds on every deployment.',
      compensatingControl: 'Manual review of every change to the bucket, tracked in the release runbook.',
    });
    addComplianceGate(app, { only: ['Halo'] });
    const assembly = app.synth();
    expect(unacknowledgedFindings(assembly.directory)).toEqual([]);
    const halo = readValidationReport(assembly.directory).pluginReports.find((p) => p.pluginName === 'Halo')!;
    expect(JSON.stringify(halo.suppressedViolations)).toContain('Compensating control: Manual review of every change to the bucket');
    expect(acknowledgementRegister(app)).toEqual([
      {
        rule: 'Halo-StatefulResourceRetained',
        path: 'Throwaway/Bucket',
        reason: 'A scratch bucket whose objects the pipeline rebuilds on every deployment.',
        compensatingControl: 'Manual review of every change to the bucket, tracked in the release runbook.',
      },
    ]);
  });

  test('an acknowledgement without a compensating control or with an unknown rule id is refused', () => {
    const { bucket } = nonCompliantApp();
    expect(() => acknowledge(bucket, 'Halo-StatefulResourceRetained', { reason: 'A scratch bucket the pipeline rebuilds.', compensatingControl: '' })).toThrow(
      /compensatingControl must say it in at least 20 characters/,
    );
    expect(() => acknowledge(bucket, 'Nag-Whatever', { reason: 'A long enough reason here.', compensatingControl: 'A long enough control here.' })).toThrow(
      /rule "Nag-Whatever" is not a rule id/,
    );
  });
});
