import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { elbLogDeliveryActor, proveRefused } from '../proofs';
import { Construct } from 'constructs';
import { acknowledge, acknowledgeAll } from '../compliance/acknowledge';
import { acknowledgeInRegionBucket, guardRule } from '../compliance/standard-acknowledgements';

/** Where every load balancer's access logs go in the region's log bucket: `elb/<cell>/<load balancer>/AWSLogs/...`. */
export const LOAD_BALANCER_LOGS_ROOT = 'elb';

/** Properties of {@link AccessLogsBucket}. */
export interface AccessLogsBucketProps {
  /**
   * Days server access logs are kept.
   * @default 365
   */
  readonly retentionDays?: number;
}

/**
 * The region's target for S3 server access logs of every other bucket and for the load balancers' access logs:
 * versioned, TLS-only, private, retained. S3 delivers access logs only to SSE-S3 buckets, so this one cannot use KMS.
 */
export class AccessLogsBucket extends Construct {
  public readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: AccessLogsBucketProps = {}) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [
        {
          id: 'expire-access-logs',
          expiration: Duration.days(props.retentionDays ?? 365),
          noncurrentVersionExpiration: Duration.days(30),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // cdk-nag exempts a bucket that others in its stack log to; Control Tower's rule does not.
    acknowledge(this.bucket, 'cdk-validator-cfnguard::s3_bucket_logging_enabled_check', {
      reason: 'This is the access-log bucket itself; logging it into itself would log its own log deliveries without end.',
      compensatingControl:
        "Versioning keeps every delivered log object, public access is blocked, TLS is enforced, and the region's CloudTrail records API calls against it.",
    });
    acknowledgeAll(
      this.bucket,
      [...['HIPAA.Security', 'PCI.DSS.321', 'NIST.800.53.R5'].map((p) => `${p}-S3DefaultEncryptionKMS`), guardRule('s3_bucket_default_encryption_kms_check')],
      {
        reason: 'S3 server access log delivery supports only SSE-S3 default encryption on the target bucket, not SSE-KMS.',
        compensatingControl:
          'Objects are encrypted at rest with AES-256 (SSE-S3); the bucket holds access metadata only, no customer data; public access is blocked.',
      },
    );
    this.admitLoadBalancerLogs();
    acknowledgeInRegionBucket(this.bucket, {
      withoutObjectLock: {
        reason: 'S3 server access log delivery does not support target buckets with Object Lock default retention.',
        compensatingControl:
          'Versioning keeps every delivered log object until the lifecycle rule expires it, public access is blocked, and CloudTrail records API calls against the bucket.',
      },
    });
  }

  /**
   * Elastic Load Balancing's delivery of the account's load balancer access logs, under `elb/<any prefix>/`, once for
   * the region: what `logAccessLogs()` grants per load balancer, so that the policy does not grow with the cells (S3
   * caps a bucket policy at 20 KB). Application Load Balancers deliver as the region's ELB account, or in regions
   * opened after August 2022 as the log delivery service (AWS's ALB access-log guide); load balancers then only point
   * their attributes here.
   */
  private admitLoadBalancerLogs(): void {
    const { account } = Stack.of(this);
    const elb = elbLogDeliveryActor(this);
    const principal =
      'externalPrincipalArn' in elb ? new iam.ArnPrincipal(elb.externalPrincipalArn) : new iam.ServicePrincipal((elb as { service: string }).service);
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'ElbAccessLogs',
        actions: ['s3:PutObject'],
        principals: [principal],
        resources: [this.bucket.arnForObjects(`${LOAD_BALANCER_LOGS_ROOT}/*/AWSLogs/${account}/*`)],
      }),
    );
    proveRefused(this, {
      id: 'ElbCannotWriteOtherLogs',
      actor: elb,
      action: 's3:PutObject',
      resource: this.bucket.arnForObjects(`cloudtrail/AWSLogs/${account}/elasticloadbalancing/x.log.gz`),
      why: "The load balancers' log delivery writes under elb/ only, never among the other services' access logs in the bucket.",
    });
  }
}
