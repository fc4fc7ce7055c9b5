import { paginateDescribeInstances, paginateDescribeVolumes } from '@aws-sdk/client-ec2';
import { CELL_TAG } from '../../backup/cell-backup-plan';
import { SQL_NODE_TAG } from '../../compliance/rules';
import { collect } from '../resilience';
import { CheckContext, CheckResult, verdict } from '../types';

/** A SQL node instance as it runs. */
export interface LiveSqlNode {
  readonly instanceId: string;
  readonly cell: string;
  readonly hostName: string;
  readonly availabilityZone: string;
  readonly httpTokens: string;
  readonly volumeIds: readonly string[];
}

const liveNodes = new WeakMap<CheckContext, Promise<LiveSqlNode[]>>();

/** The region's SQL node instances (not terminated), asked once per run. */
export function sqlNodeInstances(ctx: CheckContext): Promise<LiveSqlNode[]> {
  if (!liveNodes.has(ctx)) {
    liveNodes.set(ctx, collect(paginateDescribeInstances({ client: ctx.clients.ec2 }, {
      Filters: [{ Name: 'tag-key', Values: [SQL_NODE_TAG] }, { Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped'] }],
    }), (p) => (p.Reservations ?? []).flatMap((r) => r.Instances ?? [])).then((instances) => instances.map((i) => {
      const tag = (key: string) => i.Tags?.find((t) => t.Key === key)?.Value ?? '';
      return {
        instanceId: i.InstanceId ?? '?', cell: tag(CELL_TAG), hostName: tag(SQL_NODE_TAG), availabilityZone: i.Placement?.AvailabilityZone ?? '?',
        httpTokens: i.MetadataOptions?.HttpTokens ?? 'optional', volumeIds: (i.BlockDeviceMappings ?? []).flatMap((b) => (b.Ebs?.VolumeId ? [b.Ebs.VolumeId] : [])),
      };
    })));
  }
  return liveNodes.get(ctx)!;
}

/** Each cell's SQL nodes run in their configured AZs, require IMDSv2, and have only encrypted volumes. */
export async function sqlNodes(ctx: CheckContext): Promise<CheckResult> {
  const nodes = await sqlNodeInstances(ctx);
  const volumeIds = nodes.flatMap((n) => n.volumeIds);
  const volumes = volumeIds.length === 0 ? [] : await collect(paginateDescribeVolumes({ client: ctx.clients.ec2 }, { VolumeIds: volumeIds }), (p) => p.Volumes);
  const encrypted = new Set(volumes.filter((v) => v.Encrypted).map((v) => v.VolumeId));
  const failures = ctx.expected.sqlNodes.flatMap((want) => {
    const live = nodes.filter((n) => n.cell === want.cell && n.hostName === want.hostName);
    const resource = `${want.cell}/${want.hostName}`;
    if (live.length === 0) return [{ resource, found: 'no instance' }];
    return live.flatMap((n) => {
      const problems = [
        ...(n.availabilityZone === want.availabilityZone ? [] : [`in ${n.availabilityZone}, not ${want.availabilityZone}`]),
        ...(n.httpTokens === 'required' ? [] : [`IMDSv2 ${n.httpTokens}`]),
        ...n.volumeIds.filter((v) => !encrypted.has(v)).map((v) => `volume ${v} not encrypted`),
      ];
      return problems.length ? [{ resource: `${resource} (${n.instanceId})`, found: problems.join(', ') }] : [];
    });
  });
  return verdict(ctx, 'SQL Server nodes', 'each cell\'s nodes in their configured AZs, IMDSv2 required, every volume encrypted', ctx.expected.sqlNodes.length, 'nodes', failures);
}
