import { DescribeInstancesCommand, DescribeVolumesCommand } from '@aws-sdk/client-ec2';
import { CELL_TAG, SQL_NODE_TAG } from '../../config/names';
import { NotChecked, required } from '../aws-call';
import { judgeEach, verdict } from '../judge';
import { pageAll } from '../paging';
import { CheckContext, CheckResult, ResourceFinding } from '../types';

/** A SQL node instance as it runs; a field is undefined when the answer did not give it (not read, never a default). */
export interface LiveSqlNode {
  readonly instanceId: string | undefined;
  /** Undefined when the instance's tags were not read: which cell and node it is is unknown. */
  readonly cell: string | undefined;
  readonly hostName: string | undefined;
  readonly availabilityZone: string | undefined;
  readonly httpTokens: string | undefined;
  /** Undefined when its block device mappings, or a mapping's volume id, were not read. */
  readonly volumeIds: readonly string[] | undefined;
}

const DESCRIBE_INSTANCES = 'ec2:DescribeInstances';

async function describeNodes(ctx: CheckContext): Promise<LiveSqlNode[]> {
  const reservations = await pageAll(
    ctx.clients.ec2,
    (NextToken) =>
      new DescribeInstancesCommand({
        Filters: [
          { Name: 'tag-key', Values: [SQL_NODE_TAG] },
          { Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped'] },
        ],
        NextToken,
      }),
    { items: 'Reservations', next: 'NextToken' },
  );
  // A reservation without its Instances read none of them: what needs the nodes is not checked.
  return reservations
    .flatMap((r) => required(r, 'Instances', DESCRIBE_INSTANCES))
    .map((i) => {
      // No Tags at all is no answer (the filter asks for a tagged instance); a tag absent from a read tag set is ''.
      const tag = (key: string): string | undefined => {
        const found = i.Tags?.find((t) => t.Key === key);
        return i.Tags === undefined ? undefined : found ? found.Value : '';
      };
      const mappings = i.BlockDeviceMappings;
      return {
        instanceId: i.InstanceId,
        cell: tag(CELL_TAG),
        hostName: tag(SQL_NODE_TAG),
        availabilityZone: i.Placement?.AvailabilityZone,
        httpTokens: i.MetadataOptions?.HttpTokens,
        volumeIds: mappings === undefined || mappings.some((b) => !b.Ebs?.VolumeId) ? undefined : mappings.map((b) => b.Ebs!.VolumeId!),
      };
    });
}

/** The region's SQL node instances (not terminated), asked once per run. */
export function sqlNodeInstances(ctx: CheckContext): Promise<LiveSqlNode[]> {
  if (!ctx.memo.has('sql nodes')) ctx.memo.set('sql nodes', describeNodes(ctx));
  return ctx.memo.get('sql nodes') as Promise<LiveSqlNode[]>;
}

/** Whether a node's cell and host name were read (its tags were in the answer). */
export const identified = (n: LiveSqlNode) => n.cell !== undefined && n.hostName !== undefined;

const notRead = (what: string) => new NotChecked('missing-data', `the answer of ${DESCRIBE_INSTANCES} had no ${what}: nothing was read`);
/** A field of a node as a finding's input: a field not read rejects, so the finding is not checked. */
const known = <T>(value: T | undefined, what: string): Promise<T> => (value === undefined ? Promise.reject(notRead(what)) : Promise.resolve(value));

/** Each cell's SQL nodes run in their configured AZs, require IMDSv2, and have only encrypted volumes. */
export async function sqlNodes(ctx: CheckContext): Promise<CheckResult> {
  const nodes = await sqlNodeInstances(ctx);
  const volumeIds = nodes.flatMap((n) => n.volumeIds ?? []);
  const volumes =
    volumeIds.length === 0
      ? []
      : await pageAll(ctx.clients.ec2, (NextToken) => new DescribeVolumesCommand({ VolumeIds: volumeIds, NextToken }), { items: 'Volumes', next: 'NextToken' });
  const encryptedOf = new Map(volumes.map((v) => [v.VolumeId, v.Encrypted]));
  const unidentified = nodes.filter((n) => !identified(n));
  const missing = ctx.expected.sqlNodes.filter((want) => !nodes.some((n) => n.cell === want.cell && n.hostName === want.hostName));
  const present = ctx.expected.sqlNodes.flatMap((want) => nodes.filter((n) => n.cell === want.cell && n.hostName === want.hostName).map((n) => ({ want, n })));
  const judged = await judgeEach(
    ctx,
    present,
    ({ want, n }) => `${want.cell}/${want.hostName} (${n.instanceId ?? 'no instance id'})`,
    ({ want, n }) => [
      known(n.availabilityZone, 'Placement.AvailabilityZone').then((az) => (az === want.availabilityZone ? [] : [`in ${az}, not ${want.availabilityZone}`])),
      known(n.httpTokens, 'MetadataOptions.HttpTokens').then((tokens) => (tokens === 'required' ? [] : [`IMDSv2 ${tokens}`])),
      // No volume read is no evidence that every volume is encrypted.
      known(n.volumeIds, 'BlockDeviceMappings with a volume id for each').then((ids) => {
        if (ids.length === 0) throw notRead('volume id in BlockDeviceMappings');
        return ids.filter((v) => encryptedOf.get(v) === false).map((v) => `volume ${v} not encrypted`);
      }),
      ...(n.volumeIds ?? [])
        .filter((v) => encryptedOf.get(v) === undefined)
        .map((v) => Promise.reject(new NotChecked('missing-data', `ec2:DescribeVolumes did not say whether volume ${v} is encrypted`))),
    ],
  );
  const untagged = unidentified.map((n) => n.instanceId ?? 'an instance with no id').join(', ');
  // An instance whose tags were not read may be any declared node: a node not found by its tags is then not checked.
  const absent: ResourceFinding[] = missing.map((want) => ({
    resource: `${want.cell}/${want.hostName}`,
    found: unidentified.length ? `not found by its tags; the tags of ${untagged} were not read` : 'no instance',
  }));
  (unidentified.length ? judged.unchecked : judged.failures).unshift(...absent);
  judged.unchecked.push(
    ...unidentified.map((n) => ({ resource: n.instanceId ?? '?', found: `the answer of ${DESCRIBE_INSTANCES} had no Tags: which node it is was not read` })),
  );
  return verdict(
    ctx,
    'SQL Server nodes',
    "each cell's nodes in their configured AZs, IMDSv2 required, every volume encrypted",
    ctx.expected.sqlNodes.length,
    'nodes',
    judged,
  );
}
