/** Acknowledgements that several constructs share, so the reason is written once. */
import { Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';

/** The finding every in-region bucket raises: the packs expect cross-region replication, which residency forbids. */
export const NO_REPLICATION_ACKNOWLEDGEMENT = {
  rules: ['HIPAA.Security-S3BucketReplicationEnabled', 'PCI.DSS.321-S3BucketReplicationEnabled', 'NIST.800.53.R5-S3BucketReplicationEnabled'],
  reason: 'Customer data, backups and logs must stay in the region\'s residency zone; replicating buckets to another region would break that promise.',
  compensatingControl: 'S3 stores objects across at least three AZs of the region; versioning keeps overwritten and deleted objects; AWS Backup copies only within the residency zone.',
} as const;

/** The AwsSolutions-IAM5 finding id cdk-nag gives a wildcard on objects of a bucket defined in the same stack. */
export function bucketObjectsWildcardRule(bucket: s3.IBucket, keyPattern: string): string {
  const logicalId = Stack.of(bucket).resolve((bucket.node.defaultChild as s3.CfnBucket).logicalId);
  return `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>/${keyPattern}]`;
}
