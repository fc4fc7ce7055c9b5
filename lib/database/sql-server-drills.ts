import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { acknowledge, acknowledgeAll } from '../compliance/acknowledge';
import { RESTORE_DRILL_TAG } from '../config/names';
import { proveAllowed, proveRefused, s3KmsContext, via } from '../proofs';
import { DrillAutomation } from './sql-server-drills-automation';
import { certificateRenewal } from './sql-server-drills-certificate';
import { failoverDrill } from './sql-server-drills-failover';
import { restoreDrill } from './sql-server-drills-restore';
import { DrillMaintenanceWindow, DrillSchedules } from './sql-server-drills-schedules';
import type { SqlServerFacts } from './sql-server-facts';
import type { SqlServerNode } from './sql-server-node';

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
  readonly maintenanceWindow: DrillMaintenanceWindow;
}

/**
 * The cell's drills as code, each an SSM Automation document run monthly in the maintenance window and on demand:
 * a planned failover to the secondary and back (checking synchronization first, renewing each node's certificate while
 * it is the secondary, timing each failover), and a restore of one tenant database to a point in time on a scratch
 * instance, checked with DBCC CHECKDB and timed against the RTO. Both publish their results as metrics and report a
 * failure to the alert topic. A standalone node's certificate is renewed by a monthly command instead.
 *
 * Each part (sql-server-drills-*.ts) creates its resources in this construct, under the ids they have always had.
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
  public readonly schedules: Record<string, string>;

  constructor(scope: Construct, id: string, props: SqlServerDrillsProps) {
    super(scope, id);
    const f = props.facts;
    const names = drillDocumentNames(f.cellId);
    const automation = new DrillAutomation(this, props);
    this.automationRole = automation.role;
    const schedules = new DrillSchedules(this, props.maintenanceWindow, this.automationRole);
    this.schedules = schedules.expressions;
    const statements = automation.commonStatements();
    if (f.clustered) {
      const failover = failoverDrill(this, f, props.nodes, names.failover, automation);
      this.failoverDrill = failover.document;
      statements.push(...failover.statements);
      schedules.startAutomation('FailoverDrillSchedule', names.failover, 0);
    } else {
      certificateRenewal(this, f, props.nodes, schedules);
    }
    const restore = restoreDrill(this, props, names.restore, automation);
    this.restoreDrill = restore.document;
    statements.push(...restore.statements);
    schedules.startAutomation('RestoreDrillSchedule', names.restore, 30);
    this.attachAutomationPolicy(statements);
    this.documentNames = { failover: f.clustered ? names.failover : undefined, restore: names.restore };
    this.proveAutomation(props);
    this.proveScratch(props, restore.scratchRole);
  }

  /** Everything the drills' role may do, as one policy, with the wildcards IAM leaves no way around acknowledged. */
  private attachAutomationPolicy(statements: iam.PolicyStatement[]): void {
    const stack = Stack.of(this);
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
  }

  /** The drills' role can report a failure, and can terminate only its own scratch instance. */
  private proveAutomation(props: SqlServerDrillsProps): void {
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
      context: { [`aws:ResourceTag/${RESTORE_DRILL_TAG}`]: props.facts.cellId },
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
  }

  /** The scratch instance reads and decrypts the cell's backups, and can never write one. */
  private proveScratch(props: SqlServerDrillsProps, scratchRole: iam.IRole): void {
    const f = props.facts;
    const actor = { roleArn: scratchRole.roleArn, description: 'restore drill scratch role' };
    const why = "The restore drill reads the cell's native backups; refused, it cannot prove the restore chain.";
    proveAllowed(this, {
      id: 'ScratchReadsBackups',
      actor,
      action: 's3:GetObject',
      resource: props.backupBucket.arnForObjects(`${f.prefixes.log}tenant_acme/20260101000000.trn`),
      why,
    });
    proveAllowed(this, {
      id: 'ScratchDecryptsBackups',
      actor,
      action: 'kms:Decrypt',
      resource: props.dataKey.keyArn,
      context: s3KmsContext(this, props.backupBucket),
      why,
    });
    proveRefused(this, {
      id: 'ScratchCannotWriteBackups',
      actor,
      action: 's3:PutObject',
      resource: props.backupBucket.arnForObjects(`${f.prefixes.full}tenant_acme/20260101000000.bak`),
      why: 'The drill only reads: it can never overwrite or add a backup of the cell.',
    });
  }
}
