import { parse } from 'path';
import { CfnResource, Stack } from 'aws-cdk-lib';
import { CfnBackupPlan } from 'aws-cdk-lib/aws-backup';
import { CfnGlobalTable } from 'aws-cdk-lib/aws-dynamodb';
import { CfnBucket } from 'aws-cdk-lib/aws-s3';
import { NagRuleCompliance } from 'cdk-nag';
import { referencedResource } from './resource-graph';
import { regionOfArn, residencyOf } from '../residency';

/** Regions a resource sends copies of its data to; undefined where a destination's region cannot be known. */
function destinations(node: CfnResource): (string | undefined)[] | undefined {
  const stack = Stack.of(node);
  if (node instanceof CfnBackupPlan) {
    const plan = stack.resolve(node.backupPlan) as { backupPlanRule?: { copyActions?: { destinationBackupVaultArn?: unknown }[] }[] };
    return (plan.backupPlanRule ?? []).flatMap((rule) => (rule.copyActions ?? []).map((copy) => regionOfArn(copy.destinationBackupVaultArn)));
  }
  if (node instanceof CfnBucket) {
    // Read unresolved: a destination bucket defined in this app leads to its stack's region.
    const rules = (node.replicationConfiguration as { rules?: { destination?: { bucket?: unknown } }[] } | undefined)?.rules ?? [];
    return rules.map((rule) => {
      const target = referencedResource(rule.destination?.bucket);
      return target ? Stack.of(target).region : undefined;
    });
  }
  if (node instanceof CfnGlobalTable) {
    return ((stack.resolve(node.replicas) ?? []) as { region?: unknown }[]).map((r) => (typeof r.region === 'string' ? r.region : undefined));
  }
  return undefined;
}

/**
 * No backup copy action, S3 replication rule or table replica sends data to a region outside the residency zone of the cell or region that owns it.
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleCompliance => {
    const regions = destinations(node);
    if (regions === undefined) return NagRuleCompliance.NOT_APPLICABLE;
    const allowed = residencyOf(node).regions;
    return regions.every((r) => r !== undefined && allowed.includes(r)) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
  'name',
  { value: parse(__filename).name },
);
