import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { RESTORE_DRILL_TAG } from '../config/names';
import { powerShellStep, scriptWithFacts } from './powershell';
import type { SqlServerDrillsProps } from './sql-server-drills';
import type { DrillAutomation } from './sql-server-drills-automation';
import { ScratchInstance, scratchInstance, scratchStatements } from './sql-server-drills-scratch';
import { commandDocument } from './ssm-documents';

/** The restore drill's Automation document, its scratch instance's role, and what the drills' role needs to run it. */
export interface RestoreDrill {
  readonly document: ssm.CfnDocument;
  readonly scratchRole: iam.IRole;
  readonly statements: readonly iam.PolicyStatement[];
}

const TENANT_DATABASE = '^(tenant_[a-z0-9_]{1,63})?$';

/**
 * A cell's restore drill, created in `scope` (the drills): a scratch instance restores one tenant database to a
 * point in time from the cell's native backups, checks it with DBCC CHECKDB and times it against the RTO, then goes.
 */
export function restoreDrill(scope: Construct, props: SqlServerDrillsProps, documentName: string, automation: DrillAutomation): RestoreDrill {
  const f = props.facts;
  const scratch = scratchInstance(scope, props);
  const step = commandDocument(
    scope,
    'RestoreDrillStep',
    "Restores one tenant database to a point in time from the cell's native backups, checks it and times it",
    {
      Database: { type: 'String', default: '', allowedPattern: TENANT_DATABASE },
    },
    [powerShellStep('restore', scriptWithFacts(scope, f, 'common', 'restore-drill'), f.rtoHours * 3600)],
  );
  const statements = scratchStatements(scope, props, scratch, step);
  const document = automation.document(
    'RestoreDrill',
    documentName,
    `Point-in-time restore of one tenant database of cell ${f.cellId} on a scratch instance, checked and timed against the ${f.rtoHours} h RTO`,
    {
      Database: {
        type: 'String',
        description: 'Tenant database to restore (tenant_<id>); empty: one chosen at random',
        default: '',
        allowedPattern: TENANT_DATABASE,
      },
    },
    restoreSteps(props, scratch, step, automation),
  );
  return { document, scratchRole: scratch.role, statements };
}

/** Launch the scratch instance, wait for its SSM agent, restore, terminate, report; a failure terminates it before reporting. */
function restoreSteps(props: SqlServerDrillsProps, scratch: ScratchInstance, step: ssm.CfnDocument, automation: DrillAutomation): object[] {
  const f = props.facts;
  const instance = '{{ launchScratch.InstanceId }}';
  const terminate = { InstanceIds: [instance], DesiredState: 'terminated' };
  return [
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
        LaunchTemplate: { LaunchTemplateId: scratch.launchTemplate.ref, Version: scratch.launchTemplate.attrLatestVersionNumber },
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
        Filters: [{ Key: 'InstanceIds', Values: [instance] }],
        PropertySelector: '$.InstanceInformationList[0].PingStatus',
        DesiredValues: ['Online'],
      },
    },
    {
      name: 'restore',
      action: 'aws:runCommand',
      timeoutSeconds: f.rtoHours * 3600,
      onFailure: 'step:terminateAfterFailure',
      inputs: { DocumentName: step.ref, InstanceIds: [instance], Parameters: { Database: ['{{ Database }}'] }, TimeoutSeconds: f.rtoHours * 3600 },
    },
    { name: 'terminateScratch', action: 'aws:changeInstanceState', onFailure: 'step:reportFailure', inputs: terminate },
    ...automation.endSteps('RestoreDrillSucceeded', `Restore drill of cell ${f.cellId}`, {
      name: 'terminateAfterFailure',
      action: 'aws:changeInstanceState',
      onFailure: 'Continue',
      inputs: terminate,
    }),
  ];
}
