import { CfnResource, Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { RegionConfig } from '../lib/config';
import { standardArn } from '../lib/security/threat-detection';
import type { ExpectedPosture, ServiceOwner } from '../lib/verify/types';
import type { RegionStage } from './region-stage';

/** A value the app declares, rendered as deployed in the region's (commercial) partition. */
function literal(stack: Stack, value: unknown): string {
  const pseudo: Record<string, string> = {
    'AWS::Partition': 'aws',
    'AWS::Region': stack.region,
    'AWS::AccountId': stack.account,
    'AWS::URLSuffix': 'amazonaws.com',
  };
  const render = (v: unknown): string => {
    if (typeof v === 'string') return v;
    const o = v as { Ref?: string; 'Fn::Join'?: [string, unknown[]] };
    if (o?.Ref && pseudo[o.Ref]) return pseudo[o.Ref];
    if (o?.['Fn::Join']) return o['Fn::Join'][1].map(render).join(o['Fn::Join'][0]);
    throw new Error(`expected posture: ${JSON.stringify(v)} is known only at deploy time`);
  };
  return render(stack.resolve(value));
}

function owner(region: RegionConfig, service: 'guardDuty' | 'securityHub' | 'config'): ServiceOwner {
  const managed = region.services.organizationManaged;
  return managed?.[service] ? { organizationAdministrator: managed.administratorAccountId } : 'stack';
}

/** What the region's Stage declares, as the live verifier expects to find it. */
export function expectedPosture(stage: RegionStage): ExpectedPosture {
  const region = stage.regionConfig;
  const security = stage.security;
  const vault = stage.backup.vault.vault.node.defaultChild as backup.CfnBackupVault;
  const lock = vault.lockConfiguration as backup.CfnBackupVault.LockConfigurationTypeProperty;
  const buckets = stage.node
    .findAll()
    .filter((c): c is s3.CfnBucket => CfnResource.isCfnResource(c) && c instanceof s3.CfnBucket)
    .map((b) => {
      const stack = Stack.of(b);
      return {
        stack: stack.stackName,
        logicalId: stack.resolve(b.logicalId) as string,
        versioned: (stack.resolve(b.versioningConfiguration) as { status?: string } | undefined)?.status === 'Enabled',
        objectLock: b.objectLockEnabled === true,
      };
    });
  return {
    region: region.code,
    regionName: region.name,
    stage: region.stageName,
    account: region.account,
    buckets,
    // CloudFormation names a bucket after its stack; named buckets carry the account and region (naming.ts).
    bucketNamePrefixes: [region.names.stackBucketPrefix, region.names.namedBucketPrefix],
    guardDutyFeatures: ((security.threatDetection.detector?.features as { name: string; status: string }[]) ?? [])
      .filter((f) => f.status === 'ENABLED')
      .map((f) => f.name),
    securityServices: { guardDuty: owner(region, 'guardDuty'), securityHub: owner(region, 'securityHub'), config: owner(region, 'config') },
    // Where the organization runs Security Hub, the configured standards are what it must have enabled.
    securityHubStandards: security.threatDetection.hub
      ? security.threatDetection.standards.map((s) => literal(Stack.of(s), s.standardsArn))
      : region.services.securityHubStandards.map((name) => standardArn(region.code, name)),
    trailName: literal(security, security.trail.trail.trailName),
    vault: {
      name: literal(stage.backup, vault.backupVaultName),
      minRetentionDays: lock.minRetentionDays,
      maxRetentionDays: lock.maxRetentionDays ?? lock.minRetentionDays,
    },
    backupPlans: Object.entries(stage.data).map(([cell, d]) => ({
      cell,
      name: (Stack.of(d.backupPlan).resolve(d.backupPlan.plan.backupPlan) as { backupPlanName: string }).backupPlanName,
    })),
    restoreTests: region.cells.filter((c) => c.environment === 'production').map((c) => ({ cell: c.id })),
    sqlNodes: region.cells.flatMap((cell) =>
      stage.data[cell.id].sqlServer.nodes.map((n) => ({ cell: cell.id, hostName: n.hostName, availabilityZone: n.availabilityZone })),
    ),
    sqlDrills: region.cells.flatMap((cell) => {
      const names = stage.data[cell.id].sqlServer.drills.documentNames;
      return [
        ...(names.failover ? [{ cell: cell.id, kind: 'failover' as const, documentName: names.failover }] : []),
        { cell: cell.id, kind: 'restore' as const, documentName: names.restore },
      ];
    }),
  };
}
