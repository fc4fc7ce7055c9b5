import { parse } from 'path';
import { CfnResource, Stack } from 'aws-cdk-lib';
import { CfnTrail } from 'aws-cdk-lib/aws-cloudtrail';
import { CfnDeliveryChannel } from 'aws-cdk-lib/aws-config';
import { CfnFindingAggregator } from 'aws-cdk-lib/aws-securityhub';
import { CfnDataLake } from 'aws-cdk-lib/aws-securitylake';
import { NagRuleCompliance } from 'cdk-nag';
import { residencyOf } from '../residency';
import { referencedResource } from './resource-graph';

/** Region of a bucket a name value points at: the stack of the bucket when it is defined in this app, else unknown. */
function bucketRegion(name: unknown): string | undefined {
  const bucket = referencedResource(name);
  return bucket ? Stack.of(bucket).region : undefined;
}

/**
 * No trail, Config delivery channel, Security Lake replication or Security Hub aggregation sends data to a region outside the owner's residency zone.
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleCompliance => {
    const stack = Stack.of(node);
    let regions: (string | undefined)[];
    if (node instanceof CfnTrail) {
      // A multi-region trail gathers every region's events into one bucket.
      if (stack.resolve(node.isMultiRegionTrail) === true) return NagRuleCompliance.NON_COMPLIANT;
      regions = [bucketRegion(node.s3BucketName)];
    } else if (node instanceof CfnDeliveryChannel) {
      regions = [bucketRegion(node.s3BucketName)];
    } else if (node instanceof CfnDataLake) {
      const replication = stack.resolve(node.replicationConfiguration) as { regions?: unknown[] } | undefined;
      regions = (replication?.regions ?? []).map((r) => (typeof r === 'string' ? r : undefined));
    } else if (node instanceof CfnFindingAggregator) {
      const mode = stack.resolve(node.regionLinkingMode);
      const linked = (stack.resolve(node.regions) ?? []) as unknown[];
      // ALL_REGIONS (and its variants) pulls in every region, whatever its zone.
      if (mode !== 'SPECIFIED_REGIONS') return NagRuleCompliance.NON_COMPLIANT;
      regions = linked.map((r) => (typeof r === 'string' ? r : undefined));
    } else {
      return NagRuleCompliance.NOT_APPLICABLE;
    }
    const allowed = residencyOf(node).regions;
    return regions.every((r) => r !== undefined && allowed.includes(r)) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
  'name',
  { value: parse(__filename).name },
);
