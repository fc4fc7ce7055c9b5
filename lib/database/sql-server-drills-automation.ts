import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { via } from '../proofs';
import type { SqlServerFacts } from './sql-server-facts';

/** Properties of {@link DrillAutomation}. */
export interface DrillAutomationProps {
  readonly facts: SqlServerFacts;
  /** The region's alert topic and its key (the logs key): failed drills report here. */
  readonly alertTopic: sns.ITopic;
  readonly alertKey: kms.IKey;
}

/**
 * What the drills' Automation documents share: the role they run as, the steps that end every run (a metric on
 * success; on failure a message to the alert topic, a metric and a failed run) and what those steps may call.
 * Not a construct: it creates its resources in the drills' scope, so their logical ids stay as they were.
 */
export class DrillAutomation {
  /** The role the drills run as. */
  public readonly role: iam.Role;
  private readonly scope: Construct;
  private readonly props: DrillAutomationProps;

  constructor(scope: Construct, props: DrillAutomationProps) {
    this.scope = scope;
    this.props = props;
    this.role = new iam.Role(scope, 'AutomationRole', {
      description: `Runs the SQL Server drills of cell ${props.facts.cellId}`,
      assumedBy: new iam.ServicePrincipal('ssm.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(scope).account } } }),
    });
  }

  /** What every drill may call: metrics in the cell's namespace, the alert topic and its key, and Run Command's listings. */
  public commonStatements(): iam.PolicyStatement[] {
    return [
      new iam.PolicyStatement({
        actions: ['cloudwatch:PutMetricData'],
        resources: ['*'],
        conditions: { StringEquals: { 'cloudwatch:namespace': this.props.facts.metricsNamespace } },
      }),
      new iam.PolicyStatement({ actions: ['sns:Publish'], resources: [this.props.alertTopic.topicArn] }),
      new iam.PolicyStatement({
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [this.props.alertKey.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': via(this.scope, 'sns') } },
      }),
      new iam.PolicyStatement({
        actions: ['ssm:ListCommands', 'ssm:ListCommandInvocations', 'ssm:GetCommandInvocation', 'ssm:DescribeInstanceInformation', 'ec2:DescribeInstances'],
        resources: ['*'],
      }),
    ];
  }

  /** An Automation document (schema 0.3) that runs as the drills' role. */
  public document(id: string, name: string, description: string, parameters: Record<string, unknown>, mainSteps: unknown[]): ssm.CfnDocument {
    return new ssm.CfnDocument(this.scope, id, {
      name,
      documentType: 'Automation',
      documentFormat: 'JSON',
      updateMethod: 'NewVersion',
      content: { schemaVersion: '0.3', description, assumeRole: this.role.roleArn, parameters, mainSteps },
    });
  }

  /** The success metric, then the failure path: `cleanup` (the restore drill terminates its scratch instance), report to the topic, record, and fail the run. */
  public endSteps(metricName: string, title: string, ...cleanup: object[]): object[] {
    const f = this.props.facts;
    const metric = (value: number) => ({
      Namespace: f.metricsNamespace,
      MetricData: [{ MetricName: metricName, Value: value, Unit: 'Count', Dimensions: [{ Name: 'Cell', Value: f.cellId }] }],
    });
    return [
      { name: 'recordSuccess', action: 'aws:executeAwsApi', isEnd: true, inputs: { Service: 'cloudwatch', Api: 'PutMetricData', ...metric(1) } },
      ...cleanup,
      {
        name: 'reportFailure',
        action: 'aws:executeAwsApi',
        onFailure: 'Continue',
        inputs: {
          Service: 'sns',
          Api: 'Publish',
          TopicArn: this.props.alertTopic.topicArn,
          Subject: `${title} failed`,
          Message: `${title} failed: see Automation execution {{ automation:EXECUTION_ID }} in ${f.region}.`,
        },
      },
      { name: 'recordFailure', action: 'aws:executeAwsApi', onFailure: 'Continue', inputs: { Service: 'cloudwatch', Api: 'PutMetricData', ...metric(0) } },
      {
        name: 'failRun',
        action: 'aws:executeScript',
        isEnd: true,
        inputs: {
          Runtime: 'python3.11',
          Handler: 'fail',
          Script: `def fail(events, context):\n    raise Exception('${title} failed: see the step that failed before reportFailure')\n`,
        },
      },
    ];
  }
}
