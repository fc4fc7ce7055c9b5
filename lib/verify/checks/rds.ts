import {
  DescribeDBClusterSnapshotAttributesCommand, DescribeDBSnapshotAttributesCommand, paginateDescribeDBClusters,
  paginateDescribeDBClusterSnapshots, paginateDescribeDBInstances, paginateDescribeDBSnapshots,
} from '@aws-sdk/client-rds';
import { DescribeKeyCommand } from '@aws-sdk/client-kms';
import { collect, mapPool } from '../resilience';
import { CheckContext, CheckResult, verdict } from '../types';

const keyManagers = new WeakMap<object, Map<string, Promise<string | undefined>>>();

/** Whether a KMS key is customer-managed (not AWS-managed); asked once per key and client. */
export async function isCustomerManagedKey(ctx: CheckContext, keyId: string | undefined): Promise<boolean> {
  if (!keyId) return false;
  const cache = keyManagers.get(ctx.clients.kms) ?? new Map<string, Promise<string | undefined>>();
  keyManagers.set(ctx.clients.kms, cache);
  if (!cache.has(keyId)) cache.set(keyId, ctx.clients.kms.send(new DescribeKeyCommand({ KeyId: keyId })).then((r) => r.KeyMetadata?.KeyManager));
  return (await cache.get(keyId)) === 'CUSTOMER';
}

/** What is wrong with an encrypted-at-rest resource: nothing, or why. */
async function encryption(ctx: CheckContext, encrypted: boolean | undefined, keyId: string | undefined): Promise<string[]> {
  if (!encrypted) return ['not encrypted'];
  return (await isCustomerManagedKey(ctx, keyId)) ? [] : [`encrypted with an AWS-managed key ${keyId}`];
}

const EXPECTED_AT_REST = 'encrypted with a customer-managed KMS key';

/** Every DB instance in the region, the app's or not: CMK-encrypted, private, deletion-protected. */
export async function rdsInstances(ctx: CheckContext): Promise<CheckResult> {
  const instances = await collect(paginateDescribeDBInstances({ client: ctx.clients.rds }, {}), (p) => p.DBInstances);
  const failures = (await mapPool(instances, ctx.concurrency ?? 16, async (db) => {
    const problems = [
      ...await encryption(ctx, db.StorageEncrypted, db.KmsKeyId),
      ...(db.PubliclyAccessible ? ['publicly accessible'] : []),
      // Aurora and DocumentDB members carry deletion protection on their cluster, which the cluster check reads.
      ...(db.DeletionProtection || db.DBClusterIdentifier ? [] : ['no deletion protection']),
    ];
    return { resource: db.DBInstanceIdentifier ?? '?', found: problems.join(', ') };
  })).filter((f) => f.found);
  return verdict(ctx, 'RDS DB instances', `every DB instance ${EXPECTED_AT_REST}, not publicly accessible, with deletion protection (on its cluster for cluster members)`, instances.length, 'DB instances', failures);
}

/** Every DB cluster in the region: CMK-encrypted and deletion-protected. */
export async function rdsClusters(ctx: CheckContext): Promise<CheckResult> {
  const clusters = await collect(paginateDescribeDBClusters({ client: ctx.clients.rds }, {}), (p) => p.DBClusters);
  const failures = (await mapPool(clusters, ctx.concurrency ?? 16, async (c) => {
    const problems = [...await encryption(ctx, c.StorageEncrypted, c.KmsKeyId), ...(c.DeletionProtection ? [] : ['no deletion protection'])];
    return { resource: c.DBClusterIdentifier ?? '?', found: problems.join(', ') };
  })).filter((f) => f.found);
  return verdict(ctx, 'RDS DB clusters', `every DB cluster ${EXPECTED_AT_REST}, with deletion protection`, clusters.length, 'DB clusters', failures);
}

/** Every DB and cluster snapshot in the region: CMK-encrypted, and no manual snapshot restorable by everyone. */
export async function rdsSnapshots(ctx: CheckContext): Promise<CheckResult> {
  const { rds } = ctx.clients;
  const [instanceSnapshots, clusterSnapshots] = await Promise.all([
    collect(paginateDescribeDBSnapshots({ client: rds }, {}), (p) => p.DBSnapshots),
    collect(paginateDescribeDBClusterSnapshots({ client: rds }, {}), (p) => p.DBClusterSnapshots),
  ]);
  const isPublic = (attributes?: { AttributeName?: string; AttributeValues?: string[] }[]) => (attributes ?? []).some((a) => a.AttributeName === 'restore' && (a.AttributeValues ?? []).includes('all'));
  const snapshots = [
    ...instanceSnapshots.map((s) => ({ id: s.DBSnapshotIdentifier ?? '?', encrypted: s.Encrypted, keyId: s.KmsKeyId, manual: s.SnapshotType === 'manual', cluster: false })),
    ...clusterSnapshots.map((s) => ({ id: s.DBClusterSnapshotIdentifier ?? '?', encrypted: s.StorageEncrypted, keyId: s.KmsKeyId, manual: s.SnapshotType === 'manual', cluster: true })),
  ];
  const failures = (await mapPool(snapshots, ctx.concurrency ?? 16, async (s) => {
    let shared = false;
    if (s.manual) {
      shared = s.cluster
        ? isPublic((await rds.send(new DescribeDBClusterSnapshotAttributesCommand({ DBClusterSnapshotIdentifier: s.id }))).DBClusterSnapshotAttributesResult?.DBClusterSnapshotAttributes)
        : isPublic((await rds.send(new DescribeDBSnapshotAttributesCommand({ DBSnapshotIdentifier: s.id }))).DBSnapshotAttributesResult?.DBSnapshotAttributes);
    }
    return { resource: s.id, found: [...await encryption(ctx, s.encrypted, s.keyId), ...(shared ? ['restorable by every AWS account'] : [])].join(', ') };
  })).filter((f) => f.found);
  return verdict(ctx, 'RDS snapshots', `every DB and cluster snapshot ${EXPECTED_AT_REST}, none public`, snapshots.length, 'snapshots', failures);
}
