import { Duration } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { privateBucketProps } from '../security/private-bucket';
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
      ...privateBucketProps(props.encryptionKey, props.accessLogsBucket, `${id.toLowerCase()}/`),
      lifecycleRules: [{ id: 'expire-replaced-releases', noncurrentVersionExpiration: Duration.days(props.noncurrentDays ?? 90) }],
    });
    acknowledgeAll(this.bucket, NO_REPLICATION_ACKNOWLEDGEMENT.rules, NO_REPLICATION_ACKNOWLEDGEMENT);
  }
}
