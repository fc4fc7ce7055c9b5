import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { powerShellStep, scriptWithFacts } from './powershell';
import type { DrillAutomation } from './sql-server-drills-automation';
import type { SqlServerFacts } from './sql-server-facts';
import type { SqlServerNode } from './sql-server-node';
import { commandDocument } from './ssm-documents';

/** The failover drill's Automation document, and what its role needs beyond the drills' common statements. */
export interface FailoverDrill {
  readonly document: ssm.CfnDocument;
  readonly statements: readonly iam.PolicyStatement[];
}

/**
 * A cluster's failover drill, created in `scope` (the drills): a planned failover of the availability group to the
 * secondary and back, checking synchronization before and after each move and renewing each node's certificate while
 * it is the secondary. Every step runs one command document on both nodes; each node acts by its role.
 */
export function failoverDrill(
  scope: Construct,
  facts: SqlServerFacts,
  nodes: readonly SqlServerNode[],
  documentName: string,
  automation: DrillAutomation,
): FailoverDrill {
  const stack = Stack.of(scope);
  const step = commandDocument(
    scope,
    'FailoverDrillStep',
    'A step of the failover drill on a node: Check, RenewCertificate or Failover',
    {
      Action: { type: 'String', allowedValues: ['Check', 'RenewCertificate', 'Failover'] },
    },
    [powerShellStep('drillStep', scriptWithFacts(scope, facts, 'common', 'certificate', 'ag-drill'), 3600)],
  );
  const onNodes = (name: string, action: string, timeoutSeconds: number) => ({
    name,
    action: 'aws:runCommand',
    onFailure: 'step:reportFailure',
    timeoutSeconds,
    inputs: { DocumentName: step.ref, InstanceIds: nodes.map((n) => n.instance.ref), Parameters: { Action: [action] }, TimeoutSeconds: timeoutSeconds },
  });
  const document = automation.document(
    'FailoverDrill',
    documentName,
    `Planned failover of ${facts.availabilityGroup} to the secondary and back, renewing each node's certificate while it is the secondary`,
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
      ...automation.endSteps('FailoverDrillSucceeded', `Failover drill of cell ${facts.cellId}`),
    ],
  );
  const sendStep = new iam.PolicyStatement({
    actions: ['ssm:SendCommand'],
    resources: [
      stack.formatArn({ service: 'ssm', resource: 'document', resourceName: step.ref }),
      ...nodes.map((n) => stack.formatArn({ service: 'ec2', resource: 'instance', resourceName: n.instance.ref })),
    ],
  });
  return { document, statements: [sendStep] };
}
