import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { privateBucketProps } from './private-bucket';
import { acknowledgeInRegionBucket } from '../compliance/standard-acknowledgements';
import { proveAllowed, proveLogsCanUseKey, proveRefused } from '../proofs';

/** The changes that raise an alarm the moment the trail records them (CIS AWS Foundations 4.x). */
export const AUDIT_ALARMS: Readonly<Record<string, string>> = {
  RootAccountUse: '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
  IamPolicyChanges:
    '{ ($.eventName = DeleteGroupPolicy) || ($.eventName = DeleteRolePolicy) || ($.eventName = DeleteUserPolicy) || ($.eventName = PutGroupPolicy) || ($.eventName = PutRolePolicy) || ($.eventName = PutUserPolicy) || ($.eventName = CreatePolicy) || ($.eventName = DeletePolicy) || ($.eventName = CreatePolicyVersion) || ($.eventName = DeletePolicyVersion) || ($.eventName = AttachRolePolicy) || ($.eventName = DetachRolePolicy) || ($.eventName = AttachUserPolicy) || ($.eventName = DetachUserPolicy) || ($.eventName = AttachGroupPolicy) || ($.eventName = DetachGroupPolicy) }',
  ConsoleSignInFailures: '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }',
  KmsKeyDisabledOrDeleted: '{ ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion)) }',
  SecurityGroupChanges:
    '{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) }',
  NetworkAclChanges:
    '{ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || ($.eventName = DeleteNetworkAclEntry) || ($.eventName = ReplaceNetworkAclEntry) || ($.eventName = ReplaceNetworkAclAssociation) }',
  CloudTrailChanges:
    '{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }',
};

/** Properties of {@link AuditTrail}. */
export interface AuditTrailProps {
  readonly trailName: string;
  /** The region's logs key: trail files, log group and bucket. */
  readonly logsKey: kms.IKey;
  readonly accessLogsBucket: s3.IBucket;
  /** Days each log file is locked, compliance mode. */
  readonly objectLockDays: number;
  /** Record IAM, STS and other global events (only the N. Virginia trail does). */
  readonly includeGlobalServiceEvents: boolean;
  /** Buckets whose object-level (data) events the trail records, by how their names start. */
  readonly dataEventBucketPrefixes: readonly string[];
  readonly alertTopic: sns.ITopic;
  /** Days the log group keeps events. */
  readonly logRetention: logs.RetentionDays;
}

/**
 * The region's tamper-evident audit trail: one single-region trail with log file validation,
 * encrypted with the logs key, into an Object Lock bucket, and into a log group whose metric
 * filters raise alarms on root use, IAM policy, sign-in, key, network and trail changes.
 */
export class AuditTrail extends Construct {
  public readonly trail: cloudtrail.CfnTrail;
  public readonly bucket: s3.Bucket;
  public readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const trailArn = stack.formatArn({ service: 'cloudtrail', resource: 'trail', resourceName: props.trailName });
    this.bucket = new s3.Bucket(this, 'Bucket', {
      ...privateBucketProps(props.logsKey, props.accessLogsBucket, 'cloudtrail/'),
      objectLockEnabled: true,
      objectLockDefaultRetention: s3.ObjectLockRetention.compliance(Duration.days(props.objectLockDays)),
      // Log files are never overwritten and cannot be deleted while locked: the only lifecycle work is failed uploads.
      lifecycleRules: [{ id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(7) }],
    });
    const fromThisTrail = { StringEquals: { 'aws:SourceArn': trailArn } };
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
        actions: ['s3:GetBucketAcl'],
        resources: [this.bucket.bucketArn],
        conditions: fromThisTrail,
      }),
    );
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects(`AWSLogs/${stack.account}/*`)],
        conditions: { StringEquals: { 'aws:SourceArn': trailArn, 's3:x-amz-acl': 'bucket-owner-full-control' } },
      }),
    );
    acknowledgeInRegionBucket(this.bucket);

    this.logGroup = new logs.LogGroup(this, 'LogGroup', { encryptionKey: props.logsKey, retention: props.logRetention, removalPolicy: RemovalPolicy.RETAIN });
    const role = new iam.Role(this, 'LogsRole', {
      description: 'CloudTrail delivery to its log group',
      assumedBy: new iam.ServicePrincipal('cloudtrail.amazonaws.com'),
    });
    role.addManagedPolicy(
      new iam.ManagedPolicy(this, 'LogsDelivery', {
        statements: [new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [this.logGroup.logGroupArn] })],
      }),
    );

    this.trail = new cloudtrail.CfnTrail(this, 'Trail', {
      trailName: props.trailName,
      isLogging: true,
      isMultiRegionTrail: false,
      includeGlobalServiceEvents: props.includeGlobalServiceEvents,
      enableLogFileValidation: true,
      kmsKeyId: props.logsKey.keyArn,
      s3BucketName: this.bucket.bucketName,
      cloudWatchLogsLogGroupArn: this.logGroup.logGroupArn,
      cloudWatchLogsRoleArn: role.roleArn,
      advancedEventSelectors: [
        { name: 'Management events', fieldSelectors: [{ field: 'eventCategory', equalTo: ['Management'] }] },
        ...(props.dataEventBucketPrefixes.length > 0
          ? [
              {
                name: "Object-level events of the cells' backup buckets",
                fieldSelectors: [
                  { field: 'eventCategory', equalTo: ['Data'] },
                  { field: 'resources.type', equalTo: ['AWS::S3::Object'] },
                  { field: 'resources.ARN', startsWith: props.dataEventBucketPrefixes.map((prefix) => `arn:${stack.partition}:s3:::${prefix}`) },
                ],
              },
            ]
          : []),
      ],
    });
    this.trail.node.addDependency(this.bucket.policy!);
    this.proveDelivery(props, trailArn, role);

    for (const [name, pattern] of Object.entries(AUDIT_ALARMS)) {
      const filter = new logs.MetricFilter(this, `${name}Filter`, {
        logGroup: this.logGroup,
        filterPattern: logs.FilterPattern.literal(pattern),
        metricNamespace: 'Halo/Audit',
        metricName: name,
        metricValue: '1',
      });
      new cloudwatch.Alarm(this, `${name}Alarm`, {
        alarmDescription: `CloudTrail recorded: ${name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()}`,
        metric: filter.metric({ statistic: 'Sum', period: Duration.minutes(5) }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }).addAlarmAction(new actions.SnsAction(props.alertTopic));
    }
  }

  /** What CloudTrail calls when the trail is created and when it delivers: the key, the bucket, the log group. */
  private proveDelivery(props: AuditTrailProps, trailArn: string, logsRole: iam.IRole): void {
    const stack = Stack.of(this);
    const cloudtrail = { service: 'cloudtrail.amazonaws.com', sourceArn: trailArn, sourceAccount: stack.account };
    const why = 'CloudTrail refuses to create or update a trail whose key or bucket it cannot use, and stops delivering when access is lost.';
    proveAllowed(this, { id: 'TrailDescribesKey', actor: cloudtrail, action: 'kms:DescribeKey', resource: props.logsKey.keyArn, why });
    proveAllowed(this, {
      id: 'TrailEncryptsLogFiles',
      actor: cloudtrail,
      action: 'kms:GenerateDataKey',
      resource: props.logsKey.keyArn,
      context: { 'kms:EncryptionContext:aws:cloudtrail:arn': trailArn },
      why,
    });
    proveAllowed(this, { id: 'TrailChecksBucketAcl', actor: cloudtrail, action: 's3:GetBucketAcl', resource: this.bucket.bucketArn, why });
    const logFile = this.bucket.arnForObjects(`AWSLogs/${stack.account}/CloudTrail/${stack.region}/2026/01/01/file.json.gz`);
    proveAllowed(this, {
      id: 'TrailWritesLogFiles',
      actor: cloudtrail,
      action: 's3:PutObject',
      resource: logFile,
      context: { 's3:x-amz-acl': 'bucket-owner-full-control' },
      why,
    });
    proveRefused(this, {
      id: 'OtherAccountsTrailCannotWrite',
      actor: {
        service: 'cloudtrail.amazonaws.com',
        sourceArn: `arn:${stack.partition}:cloudtrail:${stack.region}:999988887777:trail/other`,
        sourceAccount: '999988887777',
      },
      action: 's3:PutObject',
      resource: logFile,
      context: { 's3:x-amz-acl': 'bucket-owner-full-control' },
      why: "The trail bucket accepts log files only from this account's trail (no confused deputy).",
    });
    proveAllowed(this, {
      id: 'TrailAssumesLogsRole',
      actor: { service: 'cloudtrail.amazonaws.com' },
      action: 'sts:AssumeRole',
      resource: logsRole.roleArn,
      why,
    });
    proveAllowed(this, {
      id: 'TrailWritesLogEvents',
      actor: { roleArn: logsRole.roleArn, description: 'CloudTrail log delivery role' },
      action: 'logs:PutLogEvents',
      resource: stack.formatArn({
        service: 'logs',
        resource: 'log-group',
        resourceName: `${this.logGroup.logGroupName}:log-stream:${stack.account}_CloudTrail_${stack.region}`,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      }),
      why: 'The trail streams events to the log group whose metric filters raise the audit alarms.',
    });
    proveLogsCanUseKey(this.logGroup, props.logsKey);
  }
}
