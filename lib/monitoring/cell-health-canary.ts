import { readFileSync } from 'fs';
import { basename, join } from 'path';
import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as synthetics from 'aws-cdk-lib/aws-synthetics';
import { Construct } from 'constructs';
import { bucketObjectsWildcardRule } from '../compliance/standard-acknowledgements';
import { acknowledge } from '../compliance/acknowledge';
import { proveAllowed, s3KmsContext } from '../proofs';

/**
 * The Synthetics runtime: the newest Puppeteer runtime aws-cdk-lib knows (Node.js 22). Runtimes on Node.js 20
 * (puppeteer 8.0 to 11.0) follow Node 20 out of support; a retired runtime cannot create a new cell's canary.
 */
export const CANARY_RUNTIME = synthetics.Runtime.SYNTHETICS_NODEJS_PUPPETEER_13_0.name;

/** Properties of {@link CellHealthCanary}. */
export interface CellHealthCanaryProps {
  /** Canary name: lower-case letters, digits, dashes and underscores, at most 21 characters. */
  readonly canaryName: string;
  /** Host of the cell's public endpoint; the canary calls https://<host>/health. */
  readonly host: string;
  /** Encrypted, in-region bucket for the canary's artifacts. */
  readonly artifactsBucket: s3.IBucket;
  readonly artifactsKey: kms.IKey;
  readonly alertTopic: sns.ITopic;
}

/**
 * The canary's script, inlined into the template: one HTTPS request to the health path, which fails the run on any answer
 * outside 2xx (Synthetics' own check) or none. `{{host}}` in it is the one value the construct fills in.
 */
export const CANARY_SCRIPT_FILE = join(__dirname, 'runtime', 'cell-health-canary.js');

/** `text` (of `file`) with each `{{name}}` replaced by `values[name]`; a placeholder without a value, or a value for none, is an error. */
export function fillPlaceholders(file: string, text: string, values: Readonly<Record<string, string>>): string {
  const used = new Set<string>();
  const filled = text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    if (!Object.hasOwn(values, name)) throw new Error(`${file}: placeholder {{${name}}} has no value; given: ${Object.keys(values).join(', ')}`);
    used.add(name);
    return values[name];
  });
  const unused = Object.keys(values).filter((name) => !used.has(name));
  if (unused.length > 0) throw new Error(`${file}: no placeholder for ${unused.map((name) => `{{${name}}}`).join(', ')}`);
  return filled;
}

/** A host the script may hold: nothing in a DNS name can end the script's string literal. */
const DNS_NAME = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/;

/** The canary's script for `host`. */
export function canaryScript(host: string): string {
  if (!DNS_NAME.test(host)) throw new Error(`canary host "${host}" must be a DNS name: lower-case letters, digits, dots and dashes`);
  return fillPlaceholders(basename(CANARY_SCRIPT_FILE), readFileSync(CANARY_SCRIPT_FILE, 'utf8').replace(/\r\n/g, '\n'), { host });
}

/** A CloudWatch Synthetics canary that checks the cell's public health URL every 5 minutes, alarmed on failure. */
export class CellHealthCanary extends Construct {
  public readonly canary: synthetics.CfnCanary;
  /** Share of successful runs per 5 minutes: the cell's availability as its users see it. */
  public readonly successPercent: cloudwatch.Metric;
  public readonly failed: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: CellHealthCanaryProps) {
    super(scope, id);
    if (!/^[0-9a-z_-]{1,21}$/.test(props.canaryName))
      throw new Error(`CellHealthCanary ${this.node.path}: canaryName "${props.canaryName}" must be 1 to 21 of a-z, 0-9, - and _`);
    if (!DNS_NAME.test(props.host))
      throw new Error(`CellHealthCanary ${this.node.path}: host "${props.host}" must be a DNS name: lower-case letters, digits, dots and dashes`);
    const role = new iam.Role(this, 'Role', {
      description: `Synthetics canary ${props.canaryName}`,
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    const policy = new iam.ManagedPolicy(this, 'Policy', {
      roles: [role],
      statements: [
        new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [props.artifactsBucket.arnForObjects(`${props.canaryName}/*`)] }),
        new iam.PolicyStatement({ actions: ['s3:GetBucketLocation'], resources: [props.artifactsBucket.bucketArn] }),
        new iam.PolicyStatement({ actions: ['kms:GenerateDataKey'], resources: [props.artifactsKey.keyArn] }),
        new iam.PolicyStatement({
          actions: ['cloudwatch:PutMetricData'],
          resources: ['*'],
          conditions: { StringEquals: { 'cloudwatch:namespace': 'CloudWatchSynthetics' } },
        }),
        new iam.PolicyStatement({
          actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: ['arn:aws:logs:*:*:log-group:/aws/lambda/cwsyn-*'],
        }),
      ],
    });
    acknowledge(policy, 'AwsSolutions-IAM5[Resource::*]', {
      reason: 'CloudWatch PutMetricData has no resource-level permissions.',
      compensatingControl: 'The statement is conditioned on the CloudWatchSynthetics namespace.',
    });
    acknowledge(policy, bucketObjectsWildcardRule(props.artifactsBucket, `${props.canaryName}/*`), {
      reason: "Each run writes screenshots and logs under new keys of the canary's own prefix.",
      compensatingControl: "Write-only, confined to the canary's prefix of one encrypted, private artifacts bucket.",
    });
    acknowledge(policy, 'AwsSolutions-IAM5[Resource::arn:aws:logs:*:*:log-group:/aws/lambda/cwsyn-*]', {
      reason: "Synthetics names the canary's Lambda log group itself (cwsyn-<name>-<id>) when it creates the function.",
      compensatingControl: 'Only log-writing actions, and only on Synthetics canary log groups.',
    });
    // The L1 resource: the L2 would add inline grants to the role for the artifacts key.
    this.canary = new synthetics.CfnCanary(this, 'Canary', {
      name: props.canaryName,
      runtimeVersion: CANARY_RUNTIME,
      code: { handler: 'index.handler', script: canaryScript(props.host) },
      executionRoleArn: role.roleArn,
      schedule: { expression: 'rate(5 minutes)' },
      artifactS3Location: `s3://${props.artifactsBucket.bucketName}/${props.canaryName}`,
      artifactConfig: { s3Encryption: { encryptionMode: 'SSE_KMS', kmsKeyArn: props.artifactsKey.keyArn } },
      startCanaryAfterCreation: true,
      successRetentionPeriod: 7,
      failureRetentionPeriod: 30,
    });
    this.canary.addResourceDependency(policy.node.defaultChild as iam.CfnManagedPolicy);
    const actor = { roleArn: role.roleArn, description: `canary ${props.canaryName} role` };
    const why = 'Each canary run stores its results and metrics; a refused call fails the run, which the availability alarm reads as an outage.';
    const { region, account } = Stack.of(this);
    proveAllowed(this, {
      id: 'LambdaAssumesCanaryRole',
      actor: { service: 'lambda.amazonaws.com', sourceAccount: account },
      action: 'sts:AssumeRole',
      resource: role.roleArn,
      why,
    });
    proveAllowed(this, {
      id: 'CanaryStoresArtifacts',
      actor,
      action: 's3:PutObject',
      resource: props.artifactsBucket.arnForObjects(`${props.canaryName}/2026/01/01/00/00-00-000/log.txt`),
      why,
    });
    proveAllowed(this, {
      id: 'CanaryEncryptsArtifacts',
      actor,
      action: 'kms:GenerateDataKey',
      resource: props.artifactsKey.keyArn,
      context: s3KmsContext(this, props.artifactsBucket),
      why,
    });
    proveAllowed(this, {
      id: 'CanaryPutsMetrics',
      actor,
      action: 'cloudwatch:PutMetricData',
      resource: '*',
      context: { 'cloudwatch:namespace': 'CloudWatchSynthetics' },
      why,
    });
    proveAllowed(this, {
      id: 'CanaryWritesLogs',
      actor,
      action: 'logs:PutLogEvents',
      resource: `arn:aws:logs:${region}:${account}:log-group:/aws/lambda/cwsyn-${props.canaryName}-0123abcd:log-stream:2026/01/01/[$LATEST]0123456789abcdef`,
      resourceOutsideTemplates: true,
      why,
    });
    this.successPercent = new cloudwatch.Metric({
      namespace: 'CloudWatchSynthetics',
      metricName: 'SuccessPercent',
      dimensionsMap: { CanaryName: props.canaryName },
      statistic: 'Average',
      period: Duration.minutes(5),
    });
    this.failed = new cloudwatch.Alarm(this, 'Failed', {
      alarmDescription: `${props.host}: health check failing`,
      metric: this.successPercent,
      threshold: 100,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });
    this.failed.addAlarmAction(new actions.SnsAction(props.alertTopic));
  }
}
