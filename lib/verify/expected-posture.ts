import { CfnResource, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { FactName } from 'aws-cdk-lib/region-info';
import type { IConstruct } from 'constructs';
import type { CellBackupPlan } from '../backup/cell-backup-plan';
import type { LockedBackupVault } from '../backup/locked-backup-vault';
import type { RegionConfig } from '../config';
import type { CellSqlServer } from '../database/cell-sql-server';
import type { AuditTrail } from '../security/audit-trail';
import { standardArn, type ThreatDetection } from '../security/threat-detection';
import type { ExpectedBucket, ExpectedPosture, ServiceOwner } from './types';

/** The constructs of one region whose settings the live verifier expects to find deployed (a RegionStage is one). */
export interface VerifiedRegion extends IConstruct {
  readonly regionConfig: RegionConfig;
  /** How the names of the region's buckets start: each bucket under this scope is expected live. */
  readonly bucketNamePrefixes: readonly string[];
  readonly security: { readonly trail: AuditTrail; readonly threatDetection: ThreatDetection };
  readonly backup: { readonly vault: LockedBackupVault };
  /** Each cell's backup plan and SQL Server, by cell id. */
  readonly data: Readonly<Record<string, { readonly backupPlan: CellBackupPlan; readonly sqlServer: Pick<CellSqlServer, 'nodes' | 'drills'> }>>;
}

/** A value the stack knows at synth; one known only at deploy time cannot be an expectation. */
function known(stack: Stack, value: string | undefined, what: string): string {
  const resolved = stack.resolve(value);
  if (typeof resolved !== 'string') throw new Error(`expected posture: ${what} ${JSON.stringify(resolved)} is known only at deploy time`);
  return resolved;
}

function owner(region: RegionConfig, service: 'guardDuty' | 'securityHub' | 'config'): ServiceOwner {
  const managed = region.services.organizationManaged;
  return managed?.[service] ? { organizationAdministrator: managed.administratorAccountId } : 'stack';
}

/** Every bucket the region declares, as CloudFormation tags it (stack name and logical ID). */
function bucketsOf(scope: IConstruct): ExpectedBucket[] {
  return scope.node
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
}

/** What the region declares, as the live verifier expects to find it. */
export function expectedPosture(stage: VerifiedRegion): ExpectedPosture {
  const region = stage.regionConfig;
  const { trail, threatDetection } = stage.security;
  const vault = stage.backup.vault;
  const partition = Stack.of(threatDetection).regionalFact(FactName.PARTITION);
  return {
    region: region.code,
    regionName: region.name,
    stage: region.stageName,
    account: region.account,
    buckets: bucketsOf(stage),
    bucketNamePrefixes: stage.bucketNamePrefixes,
    guardDutyFeatures: ((threatDetection.detector?.features as { name: string; status: string }[]) ?? [])
      .filter((f) => f.status === 'ENABLED')
      .map((f) => f.name),
    securityServices: { guardDuty: owner(region, 'guardDuty'), securityHub: owner(region, 'securityHub'), config: owner(region, 'config') },
    // The standards the Security stack enables, or, where the organization runs Security Hub, must have enabled.
    securityHubStandards: region.services.securityHubStandards.map((name) => standardArn(region.code, name, partition)),
    trailName: known(Stack.of(trail.trail), trail.trail.trailName, 'trail name'),
    vault: { name: vault.vaultName, minRetentionDays: vault.minRetentionDays, maxRetentionDays: vault.maxRetentionDays },
    backupPlans: Object.entries(stage.data).map(([cell, d]) => ({ cell, name: d.backupPlan.planName })),
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
