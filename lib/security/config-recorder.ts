import { Duration, Stack } from 'aws-cdk-lib';
import * as config from 'aws-cdk-lib/aws-config';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { privateBucketProps } from './private-bucket';
import { acknowledge, acknowledgeAll } from '../compliance/acknowledge';
import { acknowledgeInRegionBucket, bucketObjectsWildcardRule } from '../compliance/standard-acknowledgements';
import { proveAllowed, s3KmsContext } from '../proofs';

/** Properties of {@link ConfigRecorder}. */
export interface ConfigRecorderProps {
  readonly logsKey: kms.IKey;
  readonly accessLogsBucket: s3.IBucket;
  /** Record IAM and other global resource types (only N. Virginia does, so they are recorded once). */
  readonly includeGlobalResourceTypes: boolean;
}

/** AWS Config recording every supported resource type of the region into an in-region, encrypted bucket. */
export class ConfigRecorder extends Construct {
  public readonly recorder: config.CfnConfigurationRecorder;
  public readonly deliveryChannel: config.CfnDeliveryChannel;
  public readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: ConfigRecorderProps) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      ...privateBucketProps(props.logsKey, props.accessLogsBucket, 'config/'),
      lifecycleRules: [{ id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(7) }],
    });
    acknowledgeInRegionBucket(this.bucket, {
      withoutObjectLock: {
        reason:
          "AWS Config's snapshots and history are a view of resource configuration that Config can deliver again; the tamper-evident record is the CloudTrail trail.",
        compensatingControl:
          "The trail's bucket has Object Lock in compliance mode and log file validation; this bucket is versioned, KMS-encrypted and private, and only the Config role may write.",
      },
    });
    const delivery = new iam.ManagedPolicy(this, 'Delivery', {
      statements: [
        new iam.PolicyStatement({ actions: ['s3:GetBucketAcl', 's3:ListBucket'], resources: [this.bucket.bucketArn] }),
        new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [this.bucket.arnForObjects('AWSLogs/*')] }),
        new iam.PolicyStatement({ actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [props.logsKey.keyArn] }),
      ],
    });
    acknowledge(delivery, bucketObjectsWildcardRule(this.bucket, 'AWSLogs/*'), {
      reason: 'AWS Config writes snapshot and history files under AWSLogs/<account>/Config/<region>/ with names it chooses.',
      compensatingControl: 'Write-only into the prefix of this one encrypted, versioned, private bucket; only config.amazonaws.com can assume the role.',
    });
    const role = new iam.Role(this, 'Role', {
      description: 'AWS Config recorder and delivery channel',
      assumedBy: new iam.ServicePrincipal('config.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWS_ConfigRole'), delivery],
    });
    acknowledgeAll(role, ['AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWS_ConfigRole]'], {
      reason: 'AWS Config reads the configuration of every resource type it supports; AWS maintains that list in AWS_ConfigRole.',
      compensatingControl: 'The policy is read-only describe/list access; only config.amazonaws.com can assume the role.',
    });
    this.recorder = new config.CfnConfigurationRecorder(this, 'Recorder', {
      roleArn: role.roleArn,
      recordingGroup: { allSupported: true, includeGlobalResourceTypes: props.includeGlobalResourceTypes },
    });
    this.deliveryChannel = new config.CfnDeliveryChannel(this, 'DeliveryChannel', {
      s3BucketName: this.bucket.bucketName,
      s3KmsKeyArn: props.logsKey.keyArn,
      configSnapshotDeliveryProperties: { deliveryFrequency: 'TwentyFour_Hours' },
    });
    // AWS Config accepts a delivery channel only once the region has a recorder.
    this.deliveryChannel.addResourceDependency(this.recorder);
    this.proveDelivery(role, props.logsKey);
  }

  /** What AWS Config calls, as the delivery channel's role, to deliver snapshots and history into the encrypted bucket. */
  private proveDelivery(role: iam.IRole, logsKey: kms.IKey): void {
    const { account, region } = Stack.of(this);
    const configRole = { roleArn: role.roleArn, description: 'AWS Config delivery role' };
    const why = 'AWS Config delivers configuration snapshots and history only when its role can write the bucket and encrypt with its key.';
    proveAllowed(this, {
      id: 'ConfigAssumesRole',
      actor: { service: 'config.amazonaws.com', sourceAccount: account },
      action: 'sts:AssumeRole',
      resource: role.roleArn,
      why,
    });
    proveAllowed(this, { id: 'ConfigChecksBucketAcl', actor: configRole, action: 's3:GetBucketAcl', resource: this.bucket.bucketArn, why });
    proveAllowed(this, {
      id: 'ConfigWritesSnapshots',
      actor: configRole,
      action: 's3:PutObject',
      resource: this.bucket.arnForObjects(`AWSLogs/${account}/Config/${region}/2026/1/1/ConfigSnapshot/snapshot.json.gz`),
      context: { 's3:x-amz-acl': 'bucket-owner-full-control', 's3:x-amz-server-side-encryption': 'aws:kms' },
      why,
    });
    proveAllowed(this, {
      id: 'ConfigEncryptsSnapshots',
      actor: configRole,
      action: 'kms:GenerateDataKey',
      resource: logsKey.keyArn,
      context: s3KmsContext(this, this.bucket),
      why,
    });
  }
}
