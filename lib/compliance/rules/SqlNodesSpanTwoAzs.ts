import { parse } from 'path';
import { CfnResource, Stack } from 'aws-cdk-lib';
import { CfnInstance } from 'aws-cdk-lib/aws-ec2';
import { NagRuleCompliance } from 'cdk-nag';
import { SQL_CLUSTER_TAG, SQL_NODE_TAG, SQL_TOPOLOGY_TAG } from '../../config/names';
import { instanceAvailabilityZone, tagValue } from './resource-graph';

/** The SQL nodes of a cluster (instances with the node tag and the same cluster tag) in a stack. */
export function clusterNodes(stack: Stack, cluster: string): CfnInstance[] {
  return stack.node
    .findAll()
    .filter((c): c is CfnInstance => c instanceof CfnInstance && tagValue(c, SQL_NODE_TAG) !== undefined && tagValue(c, SQL_CLUSTER_TAG) === cluster);
}

/**
 * The SQL Server nodes of a cell's cluster stand in at least two distinct availability zones (a standalone node is exempt).
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleCompliance => {
    if (!(node instanceof CfnInstance) || tagValue(node, SQL_NODE_TAG) === undefined) return NagRuleCompliance.NOT_APPLICABLE;
    if (tagValue(node, SQL_TOPOLOGY_TAG) === 'standalone') return NagRuleCompliance.NOT_APPLICABLE;
    const cluster = tagValue(node, SQL_CLUSTER_TAG);
    if (!cluster) return NagRuleCompliance.NON_COMPLIANT;
    const azs = new Set(clusterNodes(Stack.of(node), cluster).map(instanceAvailabilityZone));
    azs.delete(undefined);
    return azs.size >= 2 ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
  'name',
  { value: parse(__filename).name },
);
