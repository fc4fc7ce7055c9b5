import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeAll } from '../compliance/acknowledge';
import { NO_REPLICATION_ACKNOWLEDGEMENT } from '../compliance/standard-acknowledgements';

/** Properties of {@link ReleaseBucket}. */
export interface ReleaseBucketProps {
  readonly encryptionKey: kms.IKey;
  readonly accessLogsBucket: s3.IBucket;
  /**
   * Days a replaced release object is kept, for rollback.
   * @default 90
   */
  readonly noncurrentDays?: number;
}

/** A cell's application releases (`releases/<component>/<version>/package.zip`): private, KMS, versioned, TLS-only, logged, retained. */
export class ReleaseBucket extends Construct {
  public readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: ReleaseBucketProps) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: props.encryptionKey,
      bucketKeyEnabled: true,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: props.accessLogsBucket,
      serverAccessLogsPrefix: `${id.toLowerCase()}/`,
      lifecycleRules: [{ id: 'expire-replaced-releases', noncurrentVersionExpiration: Duration.days(props.noncurrentDays ?? 90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledgeAll(this.bucket, NO_REPLICATION_ACKNOWLEDGEMENT.rules, NO_REPLICATION_ACKNOWLEDGEMENT);
  }
}
