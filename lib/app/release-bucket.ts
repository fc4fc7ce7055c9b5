import { Duration } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { privateBucketProps } from '../security/private-bucket';
import { acknowledgeInRegionBucket } from '../compliance/standard-acknowledgements';

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
    acknowledgeInRegionBucket(this.bucket, {
      logsToAnotherStack: true,
      withoutObjectLock: {
        reason:
          'Release packages are build outputs that can be rebuilt; Object Lock would keep every uploaded version, a withdrawn or faulty build included, undeletable for its retention period.',
        compensatingControl:
          'Versioning keeps every replaced package for 90 days, only the release pipeline may write, and CloudTrail plus access logs record every change.',
      },
    });
  }
}
