/** Acknowledgements that several constructs share, so the reason is written once. */
import { Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IConstruct } from 'constructs';
import { acknowledge, acknowledgeAll, AcknowledgementReason } from './acknowledge';

/** The id an AWS Control Tower proactive control (run through cfn-guard) is acknowledged under. */
export const guardRule = (name: string) => `cdk-validator-cfnguard::${name}`;

/** The finding every in-region bucket raises: the packs expect cross-region replication, which residency forbids. */
export const NO_REPLICATION_ACKNOWLEDGEMENT = {
  rules: ['HIPAA.Security-S3BucketReplicationEnabled', 'PCI.DSS.321-S3BucketReplicationEnabled', 'NIST.800.53.R5-S3BucketReplicationEnabled'],
  reason: "Customer data, backups and logs must stay in the region's residency zone; replicating buckets to another region would break that promise.",
  compensatingControl:
    'S3 stores objects across at least three AZs of the region; versioning keeps overwritten and deleted objects; AWS Backup copies only within the residency zone.',
} as const;

/** Options of {@link acknowledgeInRegionBucket}. */
export interface InRegionBucketOptions {
  /** The bucket logs to the region's access-log bucket in the Security stack (a cross-stack reference). @default false */
  readonly logsToAnotherStack?: boolean;
  /** Why the bucket has no Object Lock, where it has none. */
  readonly withoutObjectLock?: AcknowledgementReason;
}

/** Acknowledges what every in-region bucket of the platform raises by design: no replication, no event notifications. */
export function acknowledgeInRegionBucket(bucket: s3.IBucket, options: InRegionBucketOptions = {}): void {
  acknowledgeAll(bucket, NO_REPLICATION_ACKNOWLEDGEMENT.rules, NO_REPLICATION_ACKNOWLEDGEMENT);
  acknowledge(bucket, guardRule('s3_event_notifications_enabled_check'), {
    reason: "No workflow consumes this bucket's object events, so notifications would be delivered to nothing.",
    compensatingControl:
      'CloudTrail records every API call on the bucket, server access logs record each request, and GuardDuty S3 protection analyses data access for threats.',
  });
  if (options.logsToAnotherStack)
    acknowledgeCrossStackReference(
      bucket,
      ['s3_bucket_logging_enabled_check'],
      'The server access log destination',
      "AwsSolutions-S1 and the packs' S3BucketLoggingEnabled",
    );
  if (options.withoutObjectLock) acknowledge(bucket, guardRule('s3_bucket_object_lock_enabled_check'), options.withoutObjectLock);
}

/**
 * Acknowledges Control Tower rules that accept only literal values or references inside one template,
 * where the value is a reference to a resource of another stack of the same region.
 */
export function acknowledgeCrossStackReference(scope: IConstruct, guardRules: readonly string[], what: string, checkedBy: string): void {
  acknowledgeAll(scope, guardRules.map(guardRule), {
    reason: `${what} is a resource of another stack of the region, referenced across stacks (Fn::ImportValue of its export, or Fn::GetStackOutput where the reference is weak); the Control Tower rule accepts only literal values or references inside the same template.`,
    compensatingControl: `${checkedBy} check that the property is set and pass; the referenced resource is this app's own in the same region, and CloudFormation refuses to deploy against a missing export or output.`,
  });
}

/** The AwsSolutions-IAM5 finding id cdk-nag gives a wildcard on objects of a bucket defined in the same stack. */
export function bucketObjectsWildcardRule(bucket: s3.IBucket, keyPattern: string): string {
  // The ARN as its own stack renders it: a GetAtt of this app's bucket, or an import by export name (cdk-nag names it so).
  const rendered = Stack.of(bucket).resolve(bucket.bucketArn) as { 'Fn::GetAtt'?: [string, string]; 'Fn::ImportValue'?: string };
  const own = rendered['Fn::GetAtt']?.[1] === 'Arn' ? rendered['Fn::GetAtt'][0] : undefined;
  const imported = rendered['Fn::ImportValue'];
  if (!own && !imported) throw new Error(`bucketObjectsWildcardRule: ${bucket.node.path} is neither this app's bucket nor imported by export name`);
  const arn = own ? `<${own}.Arn>` : imported;
  return `AwsSolutions-IAM5[Resource::${arn}/${keyPattern}]`;
}
