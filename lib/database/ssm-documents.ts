import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct, IDependable } from 'constructs';
import type { SqlServerNode } from './sql-server-node';

/** An SSM Command document (schema 2.2) whose steps run on the cell's nodes. */
export function commandDocument(scope: Construct, id: string, description: string, parameters: Record<string, unknown>, mainSteps: unknown[]): ssm.CfnDocument {
  return new ssm.CfnDocument(scope, id, {
    documentType: 'Command',
    documentFormat: 'JSON',
    updateMethod: 'NewVersion',
    content: { schemaVersion: '2.2', description, parameters, mainSteps },
  });
}

/**
 * A State Manager association that runs a document on the given nodes when it is created (or its own properties
 * change); CloudFormation waits for it to succeed, so each formation step starts after the ones it follows. A change to
 * the document alone makes a new version, which the association does not run by itself.
 */
export function runOnNodes(
  scope: Construct,
  id: string,
  document: ssm.CfnDocument,
  nodes: readonly SqlServerNode[],
  timeoutSeconds: number,
  after: readonly IDependable[],
  parameters?: Record<string, string[]>,
): ssm.CfnAssociation {
  const association = new ssm.CfnAssociation(scope, id, {
    name: document.ref,
    documentVersion: '$LATEST',
    targets: [{ key: 'InstanceIds', values: nodes.map((n) => n.instance.ref) }],
    parameters,
    waitForSuccessTimeoutSeconds: timeoutSeconds,
  });
  association.node.addDependency(...after);
  return association;
}
