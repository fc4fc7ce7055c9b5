import { DescribeKeyCommand } from '@aws-sdk/client-kms';
import {
  DescribeDBClusterSnapshotAttributesCommand,
  DescribeDBClustersCommand,
  DescribeDBClusterSnapshotsCommand,
  DescribeDBInstancesCommand,
  DescribeDBSnapshotAttributesCommand,
  DescribeDBSnapshotsCommand,
} from '@aws-sdk/client-rds';
import { NotChecked, read, required } from '../aws-call';
import { judgeEach, verdict } from '../judge';
import { pageAll } from '../paging';
import { CheckContext, CheckResult } from '../types';

/** Whether a KMS key is customer-managed (not AWS-managed); asked once per key and run. Throws NotChecked when the key cannot be read. */
export async function isCustomerManagedKey(ctx: CheckContext, keyId: string): Promise<boolean> {
  const memoKey = `kms:DescribeKey ${keyId}`;
  if (!ctx.memo.has(memoKey))
    ctx.memo.set(
      memoKey,
      read(ctx.clients.kms, new DescribeKeyCommand({ KeyId: keyId }), 'KeyMetadata').then((m) => required(m, 'KeyManager', 'kms:DescribeKey')),
    );
  return (await ctx.memo.get(memoKey)) === 'CUSTOMER';
}

/** What is wrong with an encrypted-at-rest resource: nothing, or why. */
async function encryption(ctx: CheckContext, encrypted: boolean | undefined, keyId: string | undefined): Promise<string[]> {
  // An answer that does not say whether it is encrypted read nothing about it: not checked, not "not encrypted".
  if (encrypted === undefined) throw new NotChecked('missing-data', 'the answer did not say whether the resource is encrypted');
  if (!encrypted) return ['not encrypted'];
  if (!keyId) throw new NotChecked('missing-data', 'the answer named no KMS key for an encrypted resource');
  return (await isCustomerManagedKey(ctx, keyId)) ? [] : [`encrypted with an AWS-managed key ${keyId}`];
}

const EXPECTED_AT_REST = 'encrypted with a customer-managed KMS key';

/** Every DB instance in the region, the app's or not: CMK-encrypted, private, deletion-protected. */
export async function rdsInstances(ctx: CheckContext): Promise<CheckResult> {
  const instances = await pageAll(ctx.clients.rds, (Marker) => new DescribeDBInstancesCommand({ Marker }), { items: 'DBInstances', next: 'Marker' });
  const judged = await judgeEach(
    ctx,
    instances,
    (db) => db.DBInstanceIdentifier ?? '?',
    (db) => [
      encryption(ctx, db.StorageEncrypted, db.KmsKeyId),
      // A setting the answer did not give is not checked: neither "private" nor "unprotected".
      flag(db.PubliclyAccessible, 'PubliclyAccessible', 'rds:DescribeDBInstances').then((open) => (open ? ['publicly accessible'] : [])),
      // Aurora and DocumentDB members carry deletion protection on their cluster, which the cluster check reads (no DBClusterIdentifier: not a member).
      db.DBClusterIdentifier
        ? Promise.resolve([])
        : flag(db.DeletionProtection, 'DeletionProtection', 'rds:DescribeDBInstances').then((on) => (on ? [] : ['no deletion protection'])),
    ],
  );
  return verdict(
    ctx,
    'RDS DB instances',
    `every DB instance ${EXPECTED_AT_REST}, not publicly accessible, with deletion protection (on its cluster for cluster members)`,
    instances.length,
    'DB instances',
    judged,
  );
}

/** Every DB cluster in the region: CMK-encrypted and deletion-protected. */
export async function rdsClusters(ctx: CheckContext): Promise<CheckResult> {
  const clusters = await pageAll(ctx.clients.rds, (Marker) => new DescribeDBClustersCommand({ Marker }), { items: 'DBClusters', next: 'Marker' });
  const judged = await judgeEach(
    ctx,
    clusters,
    (c) => c.DBClusterIdentifier ?? '?',
    (c) => [
      encryption(ctx, c.StorageEncrypted, c.KmsKeyId),
      flag(c.DeletionProtection, 'DeletionProtection', 'rds:DescribeDBClusters').then((on) => (on ? [] : ['no deletion protection'])),
    ],
  );
  return verdict(ctx, 'RDS DB clusters', `every DB cluster ${EXPECTED_AT_REST}, with deletion protection`, clusters.length, 'DB clusters', judged);
}

/** A boolean setting of a resource; one the answer did not give rejects, so its finding is not checked. */
const flag = (value: boolean | undefined, field: string, action: string): Promise<boolean> =>
  value === undefined ? Promise.reject(new NotChecked('missing-data', `the answer of ${action} had no ${field}: nothing was read`)) : Promise.resolve(value);

/** Whether the snapshot's `restore` attribute lists `all`; the answer always has that attribute, so one without it read nothing. */
function isPublic(attributes: { AttributeName?: string; AttributeValues?: string[] }[], action: string): boolean {
  const restore = attributes.find((a) => a.AttributeName === 'restore');
  if (!restore || attributes.some((a) => a.AttributeName === undefined))
    throw new NotChecked('missing-data', `the answer of ${action} had no restore attribute: who may restore the snapshot was not read`);
  return required(restore, 'AttributeValues', action).includes('all');
}

/** Whether a manual snapshot is restorable by every AWS account. */
async function shared(ctx: CheckContext, id: string, cluster: boolean): Promise<string[]> {
  const { rds } = ctx.clients;
  const action = cluster ? 'rds:DescribeDBClusterSnapshotAttributes' : 'rds:DescribeDBSnapshotAttributes';
  // No attribute list is no answer about sharing: not checked, never "not public".
  const attributes = cluster
    ? required(
        await read(rds, new DescribeDBClusterSnapshotAttributesCommand({ DBClusterSnapshotIdentifier: id }), 'DBClusterSnapshotAttributesResult'),
        'DBClusterSnapshotAttributes',
        action,
      )
    : required(
        await read(rds, new DescribeDBSnapshotAttributesCommand({ DBSnapshotIdentifier: id }), 'DBSnapshotAttributesResult'),
        'DBSnapshotAttributes',
        action,
      );
  return isPublic(attributes, action) ? ['restorable by every AWS account'] : [];
}

/** Every DB and cluster snapshot in the region: CMK-encrypted, and no manual snapshot restorable by everyone. */
export async function rdsSnapshots(ctx: CheckContext): Promise<CheckResult> {
  const { rds } = ctx.clients;
  // eslint-disable-next-line @cdklabs/promiseall-no-unbounded-parallelism -- two calls
  const [instanceSnapshots, clusterSnapshots] = await Promise.all([
    pageAll(rds, (Marker) => new DescribeDBSnapshotsCommand({ Marker }), { items: 'DBSnapshots', next: 'Marker' }),
    pageAll(rds, (Marker) => new DescribeDBClusterSnapshotsCommand({ Marker }), { items: 'DBClusterSnapshots', next: 'Marker' }),
  ]);
  const snapshots = [
    ...instanceSnapshots.map((s) => ({ id: s.DBSnapshotIdentifier, encrypted: s.Encrypted, keyId: s.KmsKeyId, type: s.SnapshotType, cluster: false })),
    ...clusterSnapshots.map((s) => ({
      id: s.DBClusterSnapshotIdentifier,
      encrypted: s.StorageEncrypted,
      keyId: s.KmsKeyId,
      type: s.SnapshotType,
      cluster: true,
    })),
  ];
  const action = (s: { cluster: boolean }) => (s.cluster ? 'rds:DescribeDBClusterSnapshots' : 'rds:DescribeDBSnapshots');
  const judged = await judgeEach(
    ctx,
    snapshots,
    (s) => s.id ?? '?',
    (s) => [
      encryption(ctx, s.encrypted, s.keyId),
      // Without its type it is unknown whether the snapshot can be shared; without its id its sharing cannot be asked.
      s.type === undefined
        ? Promise.reject(new NotChecked('missing-data', `the answer of ${action(s)} had no SnapshotType: whether it can be shared was not read`))
        : s.type !== 'manual'
          ? Promise.resolve([])
          : s.id === undefined
            ? Promise.reject(new NotChecked('missing-data', `the answer of ${action(s)} had no snapshot identifier: its sharing cannot be asked`))
            : shared(ctx, s.id, s.cluster),
    ],
  );
  return verdict(ctx, 'RDS snapshots', `every DB and cluster snapshot ${EXPECTED_AT_REST}, none public`, snapshots.length, 'snapshots', judged);
}
