import { DescribeInstancesCommand, DescribeVolumesCommand } from '@aws-sdk/client-ec2';
import { CELL_TAG } from '../../backup/cell-backup-plan';
import { SQL_NODE_TAG } from '../../compliance/rules';
import { NotChecked } from '../aws-call';
import { judgeEach, verdict } from '../judge';
import { pageAll } from '../paging';
import { CheckContext, CheckResult } from '../types';

/** A SQL node instance as it runs. */
export interface LiveSqlNode {
  readonly instanceId: string;
  readonly cell: string;
  readonly hostName: string;
  readonly availabilityZone: string;
  readonly httpTokens: string;
  readonly volumeIds: readonly string[];
}

async function describeNodes(ctx: CheckContext): Promise<LiveSqlNode[]> {
  const reservations = await pageAll(ctx.clients.ec2, (NextToken) => new DescribeInstancesCommand({
    Filters: [{ Name: 'tag-key', Values: [SQL_NODE_TAG] }, { Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped'] }], NextToken,
  }), { items: 'Reservations', next: 'NextToken' });
  return reservations.flatMap((r) => r.Instances ?? []).map((i) => {
    const tag = (key: string) => i.Tags?.find((t) => t.Key === key)?.Value ?? '';
    return {
      instanceId: i.InstanceId ?? '?', cell: tag(CELL_TAG), hostName: tag(SQL_NODE_TAG), availabilityZone: i.Placement?.AvailabilityZone ?? '?',
      httpTokens: i.MetadataOptions?.HttpTokens ?? 'optional', volumeIds: (i.BlockDeviceMappings ?? []).flatMap((b) => (b.Ebs?.VolumeId ? [b.Ebs.VolumeId] : [])),
    };
  });
}

/** The region's SQL node instances (not terminated), asked once per run. */
export function sqlNodeInstances(ctx: CheckContext): Promise<LiveSqlNode[]> {
  if (!ctx.memo.has('sql nodes')) ctx.memo.set('sql nodes', describeNodes(ctx));
  return ctx.memo.get('sql nodes') as Promise<LiveSqlNode[]>;
}

/** Each cell's SQL nodes run in their configured AZs, require IMDSv2, and have only encrypted volumes. */
export async function sqlNodes(ctx: CheckContext): Promise<CheckResult> {
  const nodes = await sqlNodeInstances(ctx);
  const volumeIds = nodes.flatMap((n) => n.volumeIds);
  const volumes = volumeIds.length === 0 ? [] : await pageAll(ctx.clients.ec2, (NextToken) => new DescribeVolumesCommand({ VolumeIds: volumeIds, NextToken }), { items: 'Volumes', next: 'NextToken' });
  const encryptedOf = new Map(volumes.map((v) => [v.VolumeId, v.Encrypted]));
  const missing = ctx.expected.sqlNodes.filter((want) => !nodes.some((n) => n.cell === want.cell && n.hostName === want.hostName));
  const present = ctx.expected.sqlNodes.flatMap((want) => nodes.filter((n) => n.cell === want.cell && n.hostName === want.hostName).map((n) => ({ want, n })));
  const judged = await judgeEach(ctx, present, ({ want, n }) => `${want.cell}/${want.hostName} (${n.instanceId})`, ({ want, n }) => [
    Promise.resolve([
      ...(n.availabilityZone === want.availabilityZone ? [] : [`in ${n.availabilityZone}, not ${want.availabilityZone}`]),
      ...(n.httpTokens === 'required' ? [] : [`IMDSv2 ${n.httpTokens}`]),
      ...n.volumeIds.filter((v) => encryptedOf.get(v) === false).map((v) => `volume ${v} not encrypted`),
    ]),
    ...n.volumeIds.filter((v) => encryptedOf.get(v) === undefined)
      .map((v) => Promise.reject(new NotChecked('missing-data', `ec2:DescribeVolumes did not say whether volume ${v} is encrypted`))),
  ]);
  judged.failures.unshift(...missing.map((want) => ({ resource: `${want.cell}/${want.hostName}`, found: 'no instance' })));
  return verdict(ctx, 'SQL Server nodes', 'each cell\'s nodes in their configured AZs, IMDSv2 required, every volume encrypted', ctx.expected.sqlNodes.length, 'nodes', judged);
}
