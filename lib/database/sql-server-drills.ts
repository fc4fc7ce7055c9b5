import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { acknowledge, acknowledgeAll } from '../compliance/acknowledge';
import { bucketObjectsWildcardRule } from '../compliance/standard-acknowledgements';
import { RESTORE_DRILL_TAG } from '../config/names';
import { managedInstanceRole } from '../security/managed-instance-role';
import { proveAllowed, proveRefused, s3KmsContext, via } from '../proofs';
import { powerShellStep, scriptWithFacts } from './powershell';
import type { SqlServerFacts } from './sql-server-facts';
import type { SqlServerNode } from './sql-server-node';
import { commandDocument } from './ssm-documents';

/** The ARN of a public SSM parameter (AWS's, so without an account), e.g. the SQL Server image's. */
function amiParameterArn(stack: Stack, parameter: string): string {
  return `arn:${stack.partition}:ssm:${stack.region}::parameter${parameter}`;
}

/** The names of a cell's drill documents (named, so the verifier and the runbook find them). */
export function drillDocumentNames(cellId: string): { readonly failover: string; readonly restore: string } {
  return { failover: `halo-${cellId}-failover-drill`, restore: `halo-${cellId}-restore-drill` };
}

/** Properties of {@link SqlServerDrills}. */
export interface SqlServerDrillsProps {
  readonly facts: SqlServerFacts;
  /** The cell's nodes; with two (an availability group) the failover drill exists. */
  readonly nodes: readonly SqlServerNode[];
  readonly vpc: ec2.IVpc;
  readonly vpcCidr: string;
  /** Where the scratch instance runs (a data subnet: the endpoints and S3 gateway, no internet). */
  readonly scratchSubnet: ec2.ISubnet;
  /** Public SSM parameter of the cell's SQL Server image (the scratch instance uses it too). */
  readonly amiParameter: string;
  /** Instance type and disk of the scratch instance: room for the database and its backups. */
  readonly scratchInstanceType: string;
  readonly scratchDiskGiB: number;
  readonly backupBucket: s3.IBucket;
  readonly dataKey: kms.IKey;
  readonly sessionKey: kms.IKey;
  /** The region's alert topic and its key (the logs key): failed drills report here. */
  readonly alertTopic: sns.ITopic;
  readonly alertKey: kms.IKey;
  /** When the drills run: the region's maintenance window (`Sun:01:00-Sun:04:00`) in its time zone, first such day of the month. */
  readonly maintenanceWindow: { readonly window: string; readonly timeZone: string };
}

const DAYS: Record<string, string> = { Mon: 'MON', Tue: 'TUE', Wed: 'WED', Thu: 'THU', Fri: 'FRI', Sat: 'SAT', Sun: 'SUN' };

/**
 * The cell's drills as code, each an SSM Automation document run monthly in the maintenance window and on demand:
 * a planned failover to the secondary and back (checking synchronization first, renewing each node's certificate while
 * it is the secondary, timing each failover), and a restore of one tenant database to a point in time on a scratch
 * instance, checked with DBCC CHECKDB and timed against the RTO. Both publish their results as metrics and report a
 * failure to the alert topic.
 */
export class SqlServerDrills extends Construct {
  /** The failover drill (clusters only). */
  public readonly failoverDrill?: ssm.CfnDocument;
  public readonly restoreDrill: ssm.CfnDocument;
  /** The role the drills run as. */
  public readonly automationRole: iam.Role;
  /** Names of the Automation documents, for the verifier. */
  public readonly documentNames: { readonly failover?: string; readonly restore: string };
  /** When each scheduled task runs: the Scheduler expression and time zone, by schedule id. */
  public readonly schedules: Record<string, string> = {};

  constructor(scope: Construct, id: string, props: SqlServerDrillsProps) {
    super(scope, id);
    const f = props.facts;
    const stack = Stack.of(this);
    this.automationRole = new iam.Role(this, 'AutomationRole', {
      description: `Runs the SQL Server drills of cell ${f.cellId}`,
      assumedBy: new iam.ServicePrincipal('ssm.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': stack.account } } }),
    });
    const names = drillDocumentNames(f.cellId);
    const report = this.reporting(props);
    const statements: iam.PolicyStatement[] = [
      new iam.PolicyStatement({
        actions: ['cloudwatch:PutMetricData'],
        resources: ['*'],
        conditions: { StringEquals: { 'cloudwatch:namespace': f.metricsNamespace } },
      }),
      new iam.PolicyStatement({ actions: ['sns:Publish'], resources: [props.alertTopic.topicArn] }),
      new iam.PolicyStatement({
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [props.alertKey.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': via(this, 'sns') } },
      }),
      new iam.PolicyStatement({
        actions: ['ssm:ListCommands', 'ssm:ListCommandInvocations', 'ssm:GetCommandInvocation', 'ssm:DescribeInstanceInformation', 'ec2:DescribeInstances'],
        resources: ['*'],
      }),
    ];
    if (f.clustered) {
      const step = commandDocument(
        this,
        'FailoverDrillStep',
        'A step of the failover drill on a node: Check, RenewCertificate or Failover',
        {
          Action: { type: 'String', allowedValues: ['Check', 'RenewCertificate', 'Failover'] },
        },
        [powerShellStep('drillStep', scriptWithFacts(this, f, 'common', 'certificate', 'ag-drill'), 3600)],
      );
      const onNodes = (name: string, action: string, timeoutSeconds: number) => ({
        name,
        action: 'aws:runCommand',
        onFailure: 'step:reportFailure',
        timeoutSeconds,
        inputs: {
          DocumentName: step.ref,
          InstanceIds: props.nodes.map((n) => n.instance.ref),
          Parameters: { Action: [action] },
          TimeoutSeconds: timeoutSeconds,
        },
      });
      this.failoverDrill = this.automation(
        'FailoverDrill',
        names.failover,
        `Planned failover of ${f.availabilityGroup} to the secondary and back, renewing each node's certificate while it is the secondary`,
        {},
        [
          // A check waits (bounded, 20 min) for the replicas to catch up; a failover for the listener to serve (15 min).
          onNodes('checkBefore', 'Check', 1800),
          onNodes('renewSecondary', 'RenewCertificate', 3600),
          onNodes('checkAfterRenewal', 'Check', 1800),
          onNodes('failOver', 'Failover', 1800),
          onNodes('checkAfterFailover', 'Check', 1800),
          onNodes('renewFormerPrimary', 'RenewCertificate', 3600),
          onNodes('checkBeforeFailback', 'Check', 1800),
          onNodes('failBack', 'Failover', 1800),
          onNodes('checkAfter', 'Check', 1800),
          ...report('FailoverDrillSucceeded', `Failover drill of cell ${f.cellId}`),
        ],
      );
      statements.push(
        new iam.PolicyStatement({
          actions: ['ssm:SendCommand'],
          resources: [
            stack.formatArn({ service: 'ssm', resource: 'document', resourceName: step.ref }),
            ...props.nodes.map((n) => stack.formatArn({ service: 'ec2', resource: 'instance', resourceName: n.instance.ref })),
          ],
        }),
      );
      this.schedule('FailoverDrillSchedule', names.failover, props.maintenanceWindow, 0);
    }
    if (!f.clustered) this.certificateRenewal(props);
    const restore = this.restoreDrillParts(props, statements);
    this.restoreDrill = this.automation(
      'RestoreDrill',
      names.restore,
      `Point-in-time restore of one tenant database of cell ${f.cellId} on a scratch instance, checked and timed against the ${f.rtoHours} h RTO`,
      {
        Database: {
          type: 'String',
          description: 'Tenant database to restore (tenant_<id>); empty: one chosen at random',
          default: '',
          allowedPattern: '^(tenant_[a-z0-9_]{1,63})?$',
        },
      },
      [
        {
          name: 'launchScratch',
          action: 'aws:executeAwsApi',
          onFailure: 'step:reportFailure',
          inputs: {
            Service: 'ec2',
            Api: 'RunInstances',
            MinCount: 1,
            MaxCount: 1,
            SubnetId: props.scratchSubnet.subnetId,
            LaunchTemplate: { LaunchTemplateId: restore.launchTemplate.ref, Version: restore.launchTemplate.attrLatestVersionNumber },
            TagSpecifications: [
              {
                ResourceType: 'instance',
                Tags: [
                  { Key: RESTORE_DRILL_TAG, Value: f.cellId },
                  { Key: 'Name', Value: `${f.cellId}-restore-drill` },
                ],
              },
            ],
          },
          outputs: [{ Name: 'InstanceId', Selector: '$.Instances[0].InstanceId', Type: 'String' }],
        },
        {
          name: 'waitForScratch',
          action: 'aws:waitForAwsResourceProperty',
          timeoutSeconds: 1800,
          onFailure: 'step:terminateAfterFailure',
          inputs: {
            Service: 'ssm',
            Api: 'DescribeInstanceInformation',
            Filters: [{ Key: 'InstanceIds', Values: ['{{ launchScratch.InstanceId }}'] }],
            PropertySelector: '$.InstanceInformationList[0].PingStatus',
            DesiredValues: ['Online'],
          },
        },
        {
          name: 'restore',
          action: 'aws:runCommand',
          timeoutSeconds: f.rtoHours * 3600,
          onFailure: 'step:terminateAfterFailure',
          inputs: {
            DocumentName: restore.step.ref,
            InstanceIds: ['{{ launchScratch.InstanceId }}'],
            Parameters: { Database: ['{{ Database }}'] },
            TimeoutSeconds: f.rtoHours * 3600,
          },
        },
        {
          name: 'terminateScratch',
          action: 'aws:changeInstanceState',
          onFailure: 'step:reportFailure',
          inputs: { InstanceIds: ['{{ launchScratch.InstanceId }}'], DesiredState: 'terminated' },
        },
        ...report('RestoreDrillSucceeded', `Restore drill of cell ${f.cellId}`, {
          name: 'terminateAfterFailure',
          action: 'aws:changeInstanceState',
          onFailure: 'Continue',
          inputs: { InstanceIds: ['{{ launchScratch.InstanceId }}'], DesiredState: 'terminated' },
        }),
      ],
    );
    this.schedule('RestoreDrillSchedule', names.restore, props.maintenanceWindow, 30);
    const policy = new iam.ManagedPolicy(this, 'AutomationPolicy', { roles: [this.automationRole], statements });
    acknowledgeAll(
      policy,
      ['image/*', 'volume/*', 'network-interface/*', 'instance/*'].map(
        (what) => `AwsSolutions-IAM5[Resource::arn:${stack.partition}:ec2:${stack.region}:${what.startsWith('image') ? '' : stack.account}:${what}]`,
      ),
      {
        reason:
          'RunInstances names the instance, its volume, its network interface and the public SQL Server image only when it runs; the launch template, subnet and security group are named.',
        compensatingControl:
          'RunInstances needs the drill tag on the new instance, and TerminateInstances and SendCommand reach only instances carrying it (proven: the drill cannot terminate any other instance).',
      },
    );
    acknowledge(policy, 'AwsSolutions-IAM5[Resource::*]', {
      reason:
        'PutMetricData, the Run Command listings and the instance descriptions have no resource types in IAM; PutMetricData is confined to the Halo namespace.',
      compensatingControl:
        "Every action on the cell's resources (documents, nodes, the scratch instance, the topic, the keys) is scoped to them; permission proofs pin what the drills may and may not do.",
    });
    this.documentNames = { failover: f.clustered ? names.failover : undefined, restore: names.restore };
    this.proveDrills(props, restore.role);
  }

  /** The success metric, then the failure path: terminate (restore drill), report to the topic, record, and fail the run. */
  private reporting(props: SqlServerDrillsProps) {
    const f = props.facts;
    const metric = (name: string, value: number) => ({
      Namespace: f.metricsNamespace,
      MetricData: [{ MetricName: name, Value: value, Unit: 'Count', Dimensions: [{ Name: 'Cell', Value: f.cellId }] }],
    });
    return (metricName: string, title: string, ...cleanup: object[]) => [
      { name: 'recordSuccess', action: 'aws:executeAwsApi', isEnd: true, inputs: { Service: 'cloudwatch', Api: 'PutMetricData', ...metric(metricName, 1) } },
      ...cleanup,
      {
        name: 'reportFailure',
        action: 'aws:executeAwsApi',
        onFailure: 'Continue',
        inputs: {
          Service: 'sns',
          Api: 'Publish',
          TopicArn: props.alertTopic.topicArn,
          Subject: `${title} failed`,
          Message: `${title} failed: see Automation execution {{ automation:EXECUTION_ID }} in ${f.region}.`,
        },
      },
      {
        name: 'recordFailure',
        action: 'aws:executeAwsApi',
        onFailure: 'Continue',
        inputs: { Service: 'cloudwatch', Api: 'PutMetricData', ...metric(metricName, 0) },
      },
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

  private automation(id: string, name: string, description: string, parameters: Record<string, unknown>, mainSteps: unknown[]): ssm.CfnDocument {
    return new ssm.CfnDocument(this, id, {
      name,
      documentType: 'Automation',
      documentFormat: 'JSON',
      updateMethod: 'NewVersion',
      content: { schemaVersion: '0.3', description, assumeRole: this.automationRole.roleArn, parameters, mainSteps },
    });
  }

  /** The scratch instance of the restore drill: its role (read the cell's backups), network, launch template, and the step it runs. */
  private restoreDrillParts(props: SqlServerDrillsProps, statements: iam.PolicyStatement[]) {
    const f = props.facts;
    const stack = Stack.of(this);
    const read = new iam.ManagedPolicy(this, 'ScratchReadsBackups', {
      description: `Read the native backups of cell ${f.cellId} for the restore drill`,
      statements: [
        new iam.PolicyStatement({
          actions: ['s3:GetObject', 's3:ListBucket', 's3:GetBucketLocation'],
          resources: [
            props.backupBucket.bucketArn,
            props.backupBucket.arnForObjects(`${f.prefixes.full}*`),
            props.backupBucket.arnForObjects(`${f.prefixes.log}*`),
          ],
        }),
        new iam.PolicyStatement({
          actions: ['kms:Decrypt'],
          resources: [props.dataKey.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': via(this, 's3') } },
        }),
      ],
    });
    acknowledgeAll(
      read,
      [f.prefixes.full, f.prefixes.log].map((prefix) => bucketObjectsWildcardRule(props.backupBucket, `${prefix}*`)),
      {
        reason: 'Backup files are named by database and timestamp when they are taken; the drill reads whichever chain it restores.',
        compensatingControl:
          "Read only, of one cell's full and log backups; the scratch role cannot write or delete (proven), and the instance lives for one drill.",
      },
    );
    const role = managedInstanceRole(this, 'ScratchRole', `Restore drill scratch instance of cell ${f.cellId}`, [read], props.sessionKey);
    const profile = new iam.CfnInstanceProfile(this, 'ScratchProfile', { roles: [role.roleName] });
    const group = new ec2.SecurityGroup(this, 'ScratchGroup', {
      vpc: props.vpc,
      description: `Restore drill scratch instance of cell ${f.cellId}: HTTPS out only`,
      allowAllOutbound: false,
    });
    group.addEgressRule(ec2.Peer.ipv4(props.vpcCidr), ec2.Port.tcp(443), 'Interface endpoints');
    // Data subnets have no internet route: 443 out reaches only the S3 gateway endpoint.
    group.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'S3 through the gateway endpoint');
    group.addEgressRule(ec2.Peer.ipv4(props.vpcCidr), ec2.Port.udp(53), 'DNS in the VPC');
    const launchTemplate = new ec2.CfnLaunchTemplate(this, 'ScratchTemplate', {
      launchTemplateData: {
        imageId: `resolve:ssm:${props.amiParameter}`,
        instanceType: props.scratchInstanceType,
        iamInstanceProfile: { arn: profile.attrArn },
        securityGroupIds: [group.securityGroupId],
        metadataOptions: { httpTokens: 'required', httpEndpoint: 'enabled', httpPutResponseHopLimit: 1 },
        monitoring: { enabled: true },
        ebsOptimized: true,
        instanceInitiatedShutdownBehavior: 'terminate',
        blockDeviceMappings: [
          {
            deviceName: '/dev/sda1',
            ebs: { volumeType: 'gp3', volumeSize: props.scratchDiskGiB, encrypted: true, kmsKeyId: props.dataKey.keyArn, deleteOnTermination: true },
          },
        ],
      },
    });
    const step = commandDocument(
      this,
      'RestoreDrillStep',
      "Restores one tenant database to a point in time from the cell's native backups, checks it and times it",
      {
        Database: { type: 'String', default: '', allowedPattern: '^(tenant_[a-z0-9_]{1,63})?$' },
      },
      [powerShellStep('restore', scriptWithFacts(this, f, 'common', 'restore-drill'), f.rtoHours * 3600)],
    );
    const scratchInstances = stack.formatArn({ service: 'ec2', resource: 'instance', resourceName: '*' });
    const tagged = { StringEquals: { [`aws:ResourceTag/${RESTORE_DRILL_TAG}`]: f.cellId } };
    statements.push(
      new iam.PolicyStatement({
        actions: ['ec2:RunInstances'],
        resources: [
          stack.formatArn({ service: 'ec2', resource: 'launch-template', resourceName: launchTemplate.ref }),
          stack.formatArn({ service: 'ec2', resource: 'subnet', resourceName: props.scratchSubnet.subnetId }),
          stack.formatArn({ service: 'ec2', resource: 'security-group', resourceName: group.securityGroupId }),
          stack.formatArn({ service: 'ec2', resource: 'network-interface', resourceName: '*' }),
          stack.formatArn({ service: 'ec2', resource: 'volume', resourceName: '*' }),
          `arn:${stack.partition}:ec2:${stack.region}::image/*`,
        ],
      }),
      new iam.PolicyStatement({
        actions: ['ec2:RunInstances', 'ec2:CreateTags'],
        resources: [scratchInstances],
        conditions: { StringEquals: { [`aws:RequestTag/${RESTORE_DRILL_TAG}`]: f.cellId } },
      }),
      new iam.PolicyStatement({ actions: ['ec2:TerminateInstances'], resources: [scratchInstances], conditions: tagged }),
      new iam.PolicyStatement({
        actions: ['ssm:SendCommand'],
        resources: [scratchInstances],
        conditions: { StringEquals: { [`ssm:resourceTag/${RESTORE_DRILL_TAG}`]: f.cellId } },
      }),
      new iam.PolicyStatement({ actions: ['ssm:SendCommand'], resources: [stack.formatArn({ service: 'ssm', resource: 'document', resourceName: step.ref })] }),
      new iam.PolicyStatement({
        actions: ['iam:PassRole'],
        resources: [role.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } },
      }),
      // EC2 resolves the launch template's resolve:ssm: image with the caller's permissions.
      new iam.PolicyStatement({ actions: ['ssm:GetParameters', 'ssm:GetParameter'], resources: [amiParameterArn(stack, props.amiParameter)] }),
      new iam.PolicyStatement({
        actions: ['kms:CreateGrant'],
        resources: [props.dataKey.keyArn],
        conditions: { Bool: { 'kms:GrantIsForAWSResource': 'true' }, StringEquals: { 'kms:ViaService': via(this, 'ec2') } },
      }),
      new iam.PolicyStatement({
        actions: ['kms:GenerateDataKeyWithoutPlaintext', 'kms:Decrypt', 'kms:DescribeKey'],
        resources: [props.dataKey.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': via(this, 'ec2') } },
      }),
    );
    return { launchTemplate, step, role };
  }

  /** What the drills must be able to do, and what they must not. */
  private proveDrills(props: SqlServerDrillsProps, scratchRole: iam.IRole): void {
    const f = props.facts;
    const stack = Stack.of(this);
    const actor = { roleArn: this.automationRole.roleArn, description: 'drill automation role' };
    const why = 'A drill that cannot report its failure fails silently: the alert topic must take its message.';
    proveAllowed(this, { id: 'DrillReportsFailure', actor, action: 'sns:Publish', resource: props.alertTopic.topicArn, why });
    proveAllowed(this, {
      id: 'DrillEncryptsReport',
      actor,
      action: 'kms:GenerateDataKey',
      resource: props.alertKey.keyArn,
      context: { 'kms:ViaService': via(this, 'sns') },
      why,
    });
    const instance = stack.formatArn({ service: 'ec2', resource: 'instance', resourceName: 'i-0123456789abcdef0' });
    proveAllowed(this, {
      id: 'DrillTerminatesScratch',
      actor,
      action: 'ec2:TerminateInstances',
      resource: instance,
      resourceOutsideTemplates: true,
      context: { [`aws:ResourceTag/${RESTORE_DRILL_TAG}`]: f.cellId },
      why: 'The scratch instance must go after each drill, or it runs (and costs) on.',
    });
    proveRefused(this, {
      id: 'DrillCannotTerminateOtherInstances',
      actor,
      action: 'ec2:TerminateInstances',
      resource: instance,
      resourceOutsideTemplates: true,
      absent: [`aws:ResourceTag/${RESTORE_DRILL_TAG}`],
      why: 'The drill may terminate only its own scratch instance, never a SQL node or a fleet instance.',
    });
    const backupWhy = "The restore drill reads the cell's native backups; refused, it cannot prove the restore chain.";
    proveAllowed(this, {
      id: 'ScratchReadsBackups',
      actor: { roleArn: scratchRole.roleArn, description: 'restore drill scratch role' },
      action: 's3:GetObject',
      resource: props.backupBucket.arnForObjects(`${f.prefixes.log}tenant_acme/20260101000000.trn`),
      why: backupWhy,
    });
    proveAllowed(this, {
      id: 'ScratchDecryptsBackups',
      actor: { roleArn: scratchRole.roleArn, description: 'restore drill scratch role' },
      action: 'kms:Decrypt',
      resource: props.dataKey.keyArn,
      context: s3KmsContext(this, props.backupBucket),
      why: backupWhy,
    });
    proveRefused(this, {
      id: 'ScratchCannotWriteBackups',
      actor: { roleArn: scratchRole.roleArn, description: 'restore drill scratch role' },
      action: 's3:PutObject',
      resource: props.backupBucket.arnForObjects(`${f.prefixes.full}tenant_acme/20260101000000.bak`),
      why: 'The drill only reads: it can never overwrite or add a backup of the cell.',
    });
  }

  /** Monthly, on the first day of the month that opens the maintenance window, `offsetMinutes` after it opens: starts an Automation document. */
  private schedule(id: string, documentName: string, maintenance: SqlServerDrillsProps['maintenanceWindow'], offsetMinutes: number): void {
    const stack = Stack.of(this);
    const definition = stack.formatArn({ service: 'ssm', resource: 'automation-definition', resourceName: `${documentName}:$DEFAULT` });
    this.scheduled(
      id,
      `Starts ${documentName}`,
      maintenance,
      offsetMinutes,
      {
        arn: 'arn:aws:scheduler:::aws-sdk:ssm:startAutomationExecution',
        input: { DocumentName: documentName },
      },
      [
        new iam.PolicyStatement({ actions: ['ssm:StartAutomationExecution'], resources: [definition] }),
        new iam.PolicyStatement({
          actions: ['iam:PassRole'],
          resources: [this.automationRole.roleArn],
          conditions: { StringEquals: { 'iam:PassedToService': 'ssm.amazonaws.com' } },
        }),
      ],
      { action: 'ssm:StartAutomationExecution', resource: definition },
    );
  }

  /** A monthly EventBridge Scheduler schedule in the maintenance window, with its own role; proves the role may make its call. */
  private scheduled(
    id: string,
    description: string,
    maintenance: SqlServerDrillsProps['maintenanceWindow'],
    offsetMinutes: number,
    target: { readonly arn: string; readonly input: object },
    statements: iam.PolicyStatement[],
    proof: { readonly action: string; readonly resource: string },
  ): void {
    const [day, hh, mm] = maintenance.window.split('-')[0].split(':');
    const start = Number(hh) * 60 + Number(mm) + offsetMinutes;
    // An offset past midnight moves to the next day of the week.
    const weekDay = Object.keys(DAYS)[(Object.keys(DAYS).indexOf(day) + Math.floor(start / 1440)) % 7];
    const stack = Stack.of(this);
    const role = new iam.Role(this, `${id}Role`, {
      description,
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': stack.account } } }),
    });
    new iam.ManagedPolicy(this, `${id}Policy`, { roles: [role], statements });
    const expression = `cron(${start % 60} ${Math.floor(start / 60) % 24} ? * ${DAYS[weekDay]}#1 *)`;
    this.schedules[id] = `${expression} ${maintenance.timeZone}`;
    new scheduler.CfnSchedule(this, id, {
      description: `${description}, monthly in the maintenance window`,
      scheduleExpression: expression,
      scheduleExpressionTimezone: maintenance.timeZone,
      flexibleTimeWindow: { mode: 'OFF' },
      target: { arn: target.arn, roleArn: role.roleArn, input: stack.toJsonString(target.input) },
    });
    proveAllowed(this, {
      id: `${id}Runs`,
      actor: { roleArn: role.roleArn, description: 'schedule role' },
      action: proof.action,
      resource: proof.resource,
      resourceOutsideTemplates: true,
      why: 'EventBridge Scheduler starts it every month; refused, it silently never runs.',
    });
  }

  /** A standalone node has no secondary to renew on: its certificate is renewed (and SQL Server restarted) in the maintenance window. */
  private certificateRenewal(props: SqlServerDrillsProps): void {
    const stack = Stack.of(this);
    const document = commandDocument(this, 'RenewCertificate', "Renews the node's TLS certificate when due and restarts SQL Server to load it", {}, [
      powerShellStep('renewCertificate', scriptWithFacts(this, props.facts, 'common', 'certificate', 'install-certificate')),
    ]);
    const documentArn = stack.formatArn({ service: 'ssm', resource: 'document', resourceName: document.ref });
    const instances = props.nodes.map((n) => stack.formatArn({ service: 'ec2', resource: 'instance', resourceName: n.instance.ref }));
    this.scheduled(
      'CertificateRenewalSchedule',
      `Renews the certificate of ${props.facts.cellId}'s node`,
      props.maintenanceWindow,
      60,
      {
        arn: 'arn:aws:scheduler:::aws-sdk:ssm:sendCommand',
        input: { DocumentName: document.ref, InstanceIds: props.nodes.map((n) => n.instance.ref) },
      },
      [new iam.PolicyStatement({ actions: ['ssm:SendCommand'], resources: [documentArn, ...instances] })],
      { action: 'ssm:SendCommand', resource: documentArn },
    );
  }
}
