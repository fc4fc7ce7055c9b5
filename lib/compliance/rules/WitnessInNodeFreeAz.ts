import { parse } from 'path';
import { CfnResource, Stack } from 'aws-cdk-lib';
import { CfnFileSystem } from 'aws-cdk-lib/aws-fsx';
import { NagRuleCompliance } from 'cdk-nag';
import { instanceAvailabilityZone, subnetAvailabilityZone, tagValue } from './resource-graph';
import { SQL_CLUSTER_TAG, WITNESS_TAG } from '../../config/names';
import { clusterNodes } from './SqlNodesSpanTwoAzs';

/**
 * A cluster's file-share witness stands in an availability zone that holds none of the cluster's nodes.
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleCompliance => {
    if (!(node instanceof CfnFileSystem) || tagValue(node, WITNESS_TAG) === undefined) return NagRuleCompliance.NOT_APPLICABLE;
    const cluster = tagValue(node, SQL_CLUSTER_TAG);
    const subnets = Array.isArray(node.subnetIds) ? node.subnetIds : [];
    const witnessAzs = subnets.map(subnetAvailabilityZone);
    const nodes = cluster ? clusterNodes(Stack.of(node), cluster) : [];
    const nodeAzs = nodes.map(instanceAvailabilityZone);
    // A witness in one known AZ, beside nodes whose AZs are all known and none of them that AZ.
    if (witnessAzs.length !== 1 || !witnessAzs[0] || nodes.length === 0 || nodeAzs.some((az) => !az)) return NagRuleCompliance.NON_COMPLIANT;
    return nodeAzs.includes(witnessAzs[0]) ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
  },
  'name',
  { value: parse(__filename).name },
);
