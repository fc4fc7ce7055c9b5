import { DescribeKeyCommand } from '@aws-sdk/client-kms';
import {
  DescribeDBClusterSnapshotAttributesCommand, DescribeDBClustersCommand, DescribeDBClusterSnapshotsCommand, DescribeDBInstancesCommand,
  DescribeDBSnapshotAttributesCommand, DescribeDBSnapshotsCommand,
} from '@aws-sdk/client-rds';
import { NotChecked, read } from '../aws-call';
import { judgeEach, verdict } from '../judge';
import { pageAll } from '../paging';
import { CheckContext, CheckResult } from '../types';

/** Whether a KMS key is customer-managed (not AWS-managed); asked once per key and run. Throws NotChecked when the key cannot be read. */
export async function isCustomerManagedKey(ctx: CheckContext, keyId: string): Promise<boolean> {
  const memoKey = `kms:DescribeKey ${keyId}`;
  if (!ctx.memo.has(memoKey)) ctx.memo.set(memoKey, read(ctx.clients.kms, new DescribeKeyCommand({ KeyId: keyId }), 'KeyMetadata').then((m) => m.KeyManager ?? 'unknown'));
  return (await ctx.memo.get(memoKey)) === 'CUSTOMER';
}

/** What is wrong with an encrypted-at-rest resource: nothing, or why. */
async function encryption(ctx: CheckContext, encrypted: boolean | undefined, keyId: string | undefined): Promise<string[]> {
  if (!encrypted) return ['not encrypted'];
  if (!keyId) throw new NotChecked('missing-data', 'the answer named no KMS key for an encrypted resource');
  return (await isCustomerManagedKey(ctx, keyId)) ? [] : [`encrypted with an AWS-managed key ${keyId}`];
}

const EXPECTED_AT_REST = 'encrypted with a customer-managed KMS key';

/** Every DB instance in the region, the app's or not: CMK-encrypted, private, deletion-protected. */
export async function rdsInstances(ctx: CheckContext): Promise<CheckResult> {
  const instances = await pageAll(ctx.clients.rds, (Marker) => new DescribeDBInstancesCommand({ Marker }), { items: 'DBInstances', next: 'Marker' });
  const judged = await judgeEach(ctx, instances, (db) => db.DBInstanceIdentifier ?? '?', (db) => [
    encryption(ctx, db.StorageEncrypted, db.KmsKeyId),
    Promise.resolve([
      ...(db.PubliclyAccessible ? ['publicly accessible'] : []),
      // Aurora and DocumentDB members carry deletion protection on their cluster, which the cluster check reads.
      ...(db.DeletionProtection || db.DBClusterIdentifier ? [] : ['no deletion protection']),
    ]),
  ]);
  return verdict(ctx, 'RDS DB instances', `every DB instance ${EXPECTED_AT_REST}, not publicly accessible, with deletion protection (on its cluster for cluster members)`, instances.length, 'DB instances', judged);
}

/** Every DB cluster in the region: CMK-encrypted and deletion-protected. */
export async function rdsClusters(ctx: CheckContext): Promise<CheckResult> {
  const clusters = await pageAll(ctx.clients.rds, (Marker) => new DescribeDBClustersCommand({ Marker }), { items: 'DBClusters', next: 'Marker' });
  const judged = await judgeEach(ctx, clusters, (c) => c.DBClusterIdentifier ?? '?', (c) => [
    encryption(ctx, c.StorageEncrypted, c.KmsKeyId),
    Promise.resolve(c.DeletionProtection ? [] : ['no deletion protection']),
  ]);
  return verdict(ctx, 'RDS DB clusters', `every DB cluster ${EXPECTED_AT_REST}, with deletion protection`, clusters.length, 'DB clusters', judged);
}

const isPublic = (attributes: { AttributeName?: string; AttributeValues?: string[] }[]) => attributes.some((a) => a.AttributeName === 'restore' && (a.AttributeValues ?? []).includes('all'));

/** Whether a manual snapshot is restorable by every AWS account. */
async function shared(ctx: CheckContext, id: string, cluster: boolean): Promise<string[]> {
  const { rds } = ctx.clients;
  const attributes = cluster
    ? (await read(rds, new DescribeDBClusterSnapshotAttributesCommand({ DBClusterSnapshotIdentifier: id }), 'DBClusterSnapshotAttributesResult')).DBClusterSnapshotAttributes
    : (await read(rds, new DescribeDBSnapshotAttributesCommand({ DBSnapshotIdentifier: id }), 'DBSnapshotAttributesResult')).DBSnapshotAttributes;
  return isPublic(attributes ?? []) ? ['restorable by every AWS account'] : [];
}

/** Every DB and cluster snapshot in the region: CMK-encrypted, and no manual snapshot restorable by everyone. */
export async function rdsSnapshots(ctx: CheckContext): Promise<CheckResult> {
  const { rds } = ctx.clients;
  const [instanceSnapshots, clusterSnapshots] = await Promise.all([
    pageAll(rds, (Marker) => new DescribeDBSnapshotsCommand({ Marker }), { items: 'DBSnapshots', next: 'Marker' }),
    pageAll(rds, (Marker) => new DescribeDBClusterSnapshotsCommand({ Marker }), { items: 'DBClusterSnapshots', next: 'Marker' }),
  ]);
  const snapshots = [
    ...instanceSnapshots.map((s) => ({ id: s.DBSnapshotIdentifier ?? '?', encrypted: s.Encrypted, keyId: s.KmsKeyId, manual: s.SnapshotType === 'manual', cluster: false })),
    ...clusterSnapshots.map((s) => ({ id: s.DBClusterSnapshotIdentifier ?? '?', encrypted: s.StorageEncrypted, keyId: s.KmsKeyId, manual: s.SnapshotType === 'manual', cluster: true })),
  ];
  const judged = await judgeEach(ctx, snapshots, (s) => s.id, (s) => [
    encryption(ctx, s.encrypted, s.keyId),
    s.manual ? shared(ctx, s.id, s.cluster) : Promise.resolve([]),
  ]);
  return verdict(ctx, 'RDS snapshots', `every DB and cluster snapshot ${EXPECTED_AT_REST}, none public`, snapshots.length, 'snapshots', judged);
}
