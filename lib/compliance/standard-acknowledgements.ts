/** Acknowledgements that several constructs share, so the reason is written once. */
/** The finding every in-region bucket raises: the packs expect cross-region replication, which residency forbids. */
export const NO_REPLICATION_ACKNOWLEDGEMENT = {
  rules: ['HIPAA.Security-S3BucketReplicationEnabled', 'PCI.DSS.321-S3BucketReplicationEnabled', 'NIST.800.53.R5-S3BucketReplicationEnabled'],
  reason: 'Customer data, backups and logs must stay in the region\'s residency zone; replicating buckets to another region would break that promise.',
  compensatingControl: 'S3 stores objects across at least three AZs of the region; versioning keeps overwritten and deleted objects; AWS Backup copies only within the residency zone.',
} as const;
