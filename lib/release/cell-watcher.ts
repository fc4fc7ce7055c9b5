import { CloudFormationClient, DescribeStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeTargetHealthCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { clientConfig } from '../verify/clients';
import type { AlarmState, CellWatcher, ReleaseCell, TargetCounts } from './execute-types';
import type { Colour } from './state';

/**
 * Each colour's web target group in a cell's App stack, by logical id: the construct path `Application/Blue/Targets`
 * and `Application/Green/Targets` (lib/app/cell-application.ts) is the same in every App stack, so is its id
 * (test/release/executor-aws.test.ts holds them to the synthesized template).
 */
export const TARGET_GROUP_LOGICAL_IDS: Readonly<Record<Colour, string>> = {
  blue: 'ApplicationBlueTargetsB7FD4641',
  green: 'ApplicationGreenTargetsAC4D26FE',
};

/** The clients of one region the watcher calls. */
export interface WatcherClients {
  readonly cloudFormation: Pick<CloudFormationClient, 'send'>;
  readonly cloudWatch: Pick<CloudWatchClient, 'send'>;
  readonly elb: Pick<ElasticLoadBalancingV2Client, 'send'>;
}

/** The SDK clients of a region, with the verifier's timeouts and adaptive retries (lib/verify/clients.ts). */
export function watcherClients(region: string): WatcherClients {
  const config = clientConfig(region);
  return { cloudFormation: new CloudFormationClient(config), cloudWatch: new CloudWatchClient(config), elb: new ElasticLoadBalancingV2Client(config) };
}

/**
 * Watches a cell in AWS: its composite alarm (CloudWatch DescribeAlarms) and a colour's web targets (the target group
 * found among the App stack's resources with CloudFormation DescribeStackResources, then Elastic Load Balancing
 * DescribeTargetHealth). Read-only; a call that fails after the SDK's retries rejects.
 */
export class AwsCellWatcher implements CellWatcher {
  private readonly clients = new Map<string, WatcherClients>();
  private readonly targetGroups = new Map<string, string>();

  constructor(private readonly clientsOf: (region: string) => WatcherClients = watcherClients) {}

  public async alarmState(cell: ReleaseCell): Promise<AlarmState> {
    const answer = await this.of(cell).cloudWatch.send(new DescribeAlarmsCommand({ AlarmNames: [cell.alarmName], AlarmTypes: ['CompositeAlarm'] }));
    const state = answer.CompositeAlarms?.[0]?.StateValue;
    if (!state) throw new Error(`no composite alarm ${cell.alarmName} in ${cell.regionCode}: deploy the cell's Monitoring stack first`);
    return state;
  }

  public async targetHealth(cell: ReleaseCell, colour: Colour): Promise<TargetCounts> {
    const arn = await this.targetGroupOf(cell, colour);
    const answer = await this.of(cell).elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: arn }));
    const states = (answer.TargetHealthDescriptions ?? []).map((d) => d.TargetHealth?.State);
    const healthy = states.filter((s) => s === 'healthy').length;
    const unhealthy = states.filter((s) => s === 'unhealthy').length;
    return { healthy, unhealthy, other: states.length - healthy - unhealthy };
  }

  private async targetGroupOf(cell: ReleaseCell, colour: Colour): Promise<string> {
    const key = `${cell.regionCode}/${cell.stackName}/${colour}`;
    const known = this.targetGroups.get(key);
    if (known) return known;
    const logicalId = TARGET_GROUP_LOGICAL_IDS[colour];
    const answer = await this.of(cell).cloudFormation.send(new DescribeStackResourcesCommand({ StackName: cell.stackName, LogicalResourceId: logicalId }));
    const arn = answer.StackResources?.find(
      (r) => r.LogicalResourceId === logicalId && r.ResourceType === 'AWS::ElasticLoadBalancingV2::TargetGroup',
    )?.PhysicalResourceId;
    if (!arn) throw new Error(`stack ${cell.stackName} has no target group ${logicalId} (the ${colour} web targets)`);
    this.targetGroups.set(key, arn);
    return arn;
  }

  private of(cell: ReleaseCell): WatcherClients {
    if (!this.clients.has(cell.regionCode)) this.clients.set(cell.regionCode, this.clientsOf(cell.regionCode));
    return this.clients.get(cell.regionCode)!;
  }
}
