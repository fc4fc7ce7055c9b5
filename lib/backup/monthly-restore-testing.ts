import { readFileSync } from 'fs';
import { join } from 'path';
import { ArnFormat, Duration, Fn, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledge, acknowledgeAll } from '../compliance/acknowledge';
import { RESTORE_TEST_MONTHLY, RESTORE_TEST_TAG } from '../config/names';
import { acknowledgeCrossStackReference } from '../compliance/standard-acknowledgements';
import { FUNCTION_NETWORK_ACTIONS } from '../network/function-network-actions';
import { proveAllowed, proveLogsCanUseKey } from '../proofs';

/** When restore tests run and how long a restored instance is kept, unless a plan says otherwise. */
export const RESTORE_TEST_DEFAULTS = { dayOfMonth: 15, hourUtc: 5, validationWindowHours: 4 } as const;

/** The validation function's code, inlined into the template (nothing to bundle or upload); it exports `handler`. */
export const RESTORE_VALIDATION_HANDLER_FILE = join(__dirname, 'runtime', 'restore-validation-handler.js');

/**
 * Minutes the validation function waits for a restored instance to pass both status checks; the function's timeout
 * leaves two more for the last check and the report to AWS Backup (Lambda's limit is 15).
 */
export const RESTORE_VALIDATION_CHECK_MINUTES = 13;

/** Properties of {@link MonthlyRestoreTesting}. */
export interface MonthlyRestoreTestingProps {
  /** Plan name: letters, digits and underscores. */
  readonly planName: string;
  /** Name of the selection (one for the region, whatever its cells: it selects by tag). */
  readonly selectionName?: string;
  /** The region's vault, whose latest recovery points are restored. */
  readonly vaultArn: string;
  readonly vpc: ec2.IVpc;
  /** The VPC's CIDR (literal), where the directory's DNS servers answer. */
  readonly vpcCidr: string;
  /** An isolated subnet for the restored instances. */
  readonly restoreSubnet: ec2.ISubnet;
  /** Subnets of the validation function (they need the EC2 and Backup APIs). */
  readonly functionSubnets: ec2.SubnetSelection;
  /** The role AWS Backup restores with. */
  readonly role: iam.IRole;
  /** Key for the validation function's log group (the region's logs key). */
  readonly logsKey: kms.IKey;
  /**
   * Hours a restored instance is kept for validation before AWS Backup deletes it.
   * @default RESTORE_TEST_DEFAULTS.validationWindowHours (4)
   */
  readonly validationWindowHours?: number;
  /**
   * When the monthly test starts, a cron expression in UTC.
   * @default the 15th of each month at 05:00 UTC (RESTORE_TEST_DEFAULTS)
   */
  readonly schedule?: string;
}

/**
 * Monthly restore tests: AWS Backup restores the latest recovery point of each production cell's SQL nodes into an
 * isolated subnet behind a security group that admits nothing, keeps it for a bounded validation window, and an inline
 * function (runtime/restore-validation-handler.js) reports whether it came up healthy.
 */
export class MonthlyRestoreTesting extends Construct {
  public readonly plan: backup.CfnRestoreTestingPlan;
  public readonly isolationGroup: ec2.SecurityGroup;
  public readonly validator: lambda.Function;

  constructor(scope: Construct, id: string, props: MonthlyRestoreTestingProps) {
    super(scope, id);
    const validationWindowHours = props.validationWindowHours ?? RESTORE_TEST_DEFAULTS.validationWindowHours;
    if (validationWindowHours < 1 || validationWindowHours > 168) {
      throw new Error(`MonthlyRestoreTesting ${this.node.path}: validationWindowHours must be 1 to 168, got ${validationWindowHours}`);
    }
    this.isolationGroup = new ec2.SecurityGroup(this, 'IsolationGroup', {
      vpc: props.vpc,
      description: 'Restored test instances: nothing in, nothing out',
      allowAllOutbound: false,
    });
    this.plan = new backup.CfnRestoreTestingPlan(this, 'Plan', {
      restoreTestingPlanName: props.planName,
      scheduleExpression: props.schedule ?? `cron(0 ${RESTORE_TEST_DEFAULTS.hourUtc} ${RESTORE_TEST_DEFAULTS.dayOfMonth} * ? *)`,
      scheduleExpressionTimezone: 'Etc/UTC',
      startWindowHours: 24,
      recoveryPointSelection: {
        algorithm: 'LATEST_WITHIN_WINDOW',
        includeVaults: [props.vaultArn],
        recoveryPointTypes: ['SNAPSHOT'],
        selectionWindowDays: 31,
      },
    });
    // One selection by tag, so the region's stack does not grow with its cells: each production cell tags its nodes.
    const selection = new backup.CfnRestoreTestingSelection(this, 'SqlNodes', {
      restoreTestingPlanName: props.planName,
      restoreTestingSelectionName: props.selectionName ?? 'production_sql_nodes',
      protectedResourceType: 'EC2',
      iamRoleArn: props.role.roleArn,
      protectedResourceArns: ['*'],
      protectedResourceConditions: { stringEquals: [{ key: `aws:ResourceTag/${RESTORE_TEST_TAG}`, value: RESTORE_TEST_MONTHLY }] },
      restoreMetadataOverrides: {
        subnetId: props.restoreSubnet.subnetId,
        securityGroupIds: Fn.join('', ['["', this.isolationGroup.securityGroupId, '"]']),
        requireImdsV2: 'true',
      },
      validationWindowHours,
    });
    selection.addResourceDependency(this.plan);
    this.validator = this.createValidator(props);
  }

  private createValidator(props: MonthlyRestoreTestingProps): lambda.Function {
    const stack = Stack.of(this);
    const logGroup = new logs.LogGroup(this, 'ValidatorLogs', {
      encryptionKey: props.logsKey,
      retention: logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledgeCrossStackReference(
      logGroup,
      ['cloudwatch_log_group_encrypted_check'],
      "The log group's KMS key (the region's logs key)",
      "The packs' CloudWatchLogGroupEncrypted rules",
    );
    const role = new iam.Role(this, 'ValidatorRole', {
      description: 'Reports restore-test outcomes to AWS Backup',
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    const policy = new iam.ManagedPolicy(this, 'ValidatorPolicy', {
      roles: [role],
      statements: [
        // PutRestoreValidationResult, EC2 Describe* and the ENI calls of a function in a VPC have no resource types in IAM.
        new iam.PolicyStatement({
          actions: ['backup:PutRestoreValidationResult', 'ec2:DescribeInstanceStatus', ...FUNCTION_NETWORK_ACTIONS],
          resources: ['*'],
        }),
        new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }),
      ],
    });
    const group = new ec2.SecurityGroup(this, 'ValidatorGroup', {
      vpc: props.vpc,
      description: 'Restore validator: HTTPS to AWS APIs only',
      allowAllOutbound: false,
    });
    group.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'AWS APIs');
    group.addEgressRule(ec2.Peer.ipv4(props.vpcCidr), ec2.Port.udp(53), 'DNS to the directory');
    group.addEgressRule(ec2.Peer.ipv4(props.vpcCidr), ec2.Port.tcp(53), 'DNS to the directory');
    const validator = new lambda.Function(this, 'Validator', {
      description: 'Validates monthly restore tests of the SQL nodes and reports to AWS Backup',
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline(readFileSync(RESTORE_VALIDATION_HANDLER_FILE, 'utf8').replace(/\r\n/g, '\n')),
      timeout: Duration.minutes(RESTORE_VALIDATION_CHECK_MINUTES + 2),
      environment: { CHECK_MINUTES: String(RESTORE_VALIDATION_CHECK_MINUTES) },
      role,
      logGroup,
      vpc: props.vpc,
      vpcSubnets: props.functionSubnets,
      securityGroups: [group],
      reservedConcurrentExecutions: 5,
    });
    acknowledgeCrossStackReference(
      validator,
      ['lambda_inside_vpc_check'],
      "The function's subnets (the region VPC's app subnets)",
      "The packs' LambdaInsideVPC rules",
    );
    validator.node.addDependency(policy);
    const onCompleted = new events.Rule(this, 'OnRestoreTestCompleted', {
      description: 'A restore test of this region finished restoring: validate it',
      eventPattern: {
        source: ['aws.backup'],
        detailType: ['Restore Job State Change'],
        detail: { status: ['COMPLETED'], restoreTestingPlanArn: [this.plan.attrRestoreTestingPlanArn] },
      },
      targets: [new targets.LambdaFunction(validator, { retryAttempts: 2, maxEventAge: Duration.hours(2) })],
    });
    const actor = { roleArn: role.roleArn, description: 'restore-test validator role' };
    const why = "The validator reports each restore test's outcome to AWS Backup; without it every monthly test ends unvalidated.";
    proveAllowed(this, {
      id: 'EventBridgeInvokesValidator',
      actor: { service: 'events.amazonaws.com', sourceAccount: stack.account, sourceArn: onCompleted.ruleArn },
      action: 'lambda:InvokeFunction',
      resource: validator.functionArn,
      why,
    });
    proveAllowed(this, { id: 'ValidatorReadsInstanceStatus', actor, action: 'ec2:DescribeInstanceStatus', resource: '*', why });
    proveAllowed(this, {
      id: 'ValidatorReportsResult',
      actor,
      action: 'backup:PutRestoreValidationResult',
      resource: '*',
      why,
    });
    proveAllowed(this, {
      id: 'ValidatorWritesLogs',
      actor,
      action: 'logs:PutLogEvents',
      resource: stack.formatArn({
        service: 'logs',
        resource: 'log-group',
        resourceName: `${logGroup.logGroupName}:log-stream:2026/01/01/[$LATEST]0123456789abcdef`,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      }),
      why,
    });
    proveLogsCanUseKey(logGroup, props.logsKey);
    acknowledge(policy, 'AwsSolutions-IAM5[Resource::*]', {
      reason:
        'backup:PutRestoreValidationResult, ec2:DescribeInstanceStatus and the network-interface calls of a function in a VPC have no resource types in IAM: a resource-scoped statement would never match (the permission proof ValidatorReportsResult showed it).',
      compensatingControl:
        'The statement allows only reporting a validation result, read-only status and ENI housekeeping; AWS Backup accepts a result only for a restore job awaiting validation, and CloudTrail records each call.',
    });
    acknowledgeAll(
      validator,
      ['HIPAA.Security', 'NIST.800.53.R5'].map((pack) => `${pack}-LambdaDLQ`),
      {
        reason:
          'The function is invoked by EventBridge, which retries twice and holds events up to two hours; a lost invocation leaves the restore test without a validation result.',
        compensatingControl:
          'AWS Backup marks a restore test with no validation result, and the monthly restore report is reviewed; failures reach the alert topic through monitoring.',
      },
    );
    return validator;
  }
}
