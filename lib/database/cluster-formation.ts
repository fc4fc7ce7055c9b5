import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct, IDependable } from 'constructs';
import { powerShellStep, scriptAsFormationAccount } from './powershell';
import type { SqlServerFacts } from './sql-server-facts';
import type { SqlServerNode } from './sql-server-node';
import { commandDocument, runOnNodes } from './ssm-documents';

/** Properties of {@link ClusterFormation}. */
export interface ClusterFormationProps {
  /** The cell's facts, with the cluster's (clusterName, availabilityGroup, listenerName, witnessPath, nodes, setupSecretArn). */
  readonly facts: SqlServerFacts & { readonly setupSecretArn: string };
  /** The nodes in order; the first becomes the primary replica and runs the formation. */
  readonly nodes: readonly SqlServerNode[];
  /** What must be done first: both nodes prepared, the formation account granted, the witness created. */
  readonly after: readonly IDependable[];
  /** Seconds CloudFormation waits for each step. @default 3600 */
  readonly timeoutSeconds?: number;
}

/**
 * The Windows failover cluster and the availability group, formed from the first node as the cell's formation
 * account: (1) cluster validation (report kept in the cell's bucket), the cluster, the listener's prestaged computer
 * object, the file-share witness; (2) Always On one node at a time, the endpoints, the availability group with
 * read-only routing and the multi-subnet listener. Both wait for directory replication with bounded retries.
 */
export class ClusterFormation extends Construct {
  public readonly createCluster: ssm.CfnDocument;
  public readonly createAvailabilityGroup: ssm.CfnDocument;
  /** Done once the availability group and its listener stand. */
  public readonly formed: ssm.CfnAssociation;

  constructor(scope: Construct, id: string, props: ClusterFormationProps) {
    super(scope, id);
    const timeout = props.timeoutSeconds ?? 3600;
    this.createCluster = commandDocument(
      this,
      'CreateCluster',
      'Validates and creates the Windows failover cluster, prestages the listener object for it, and sets the file-share witness',
      {},
      [powerShellStep('createCluster', scriptAsFormationAccount(this, props.facts, 'create-cluster'), timeout)],
    );
    this.createAvailabilityGroup = commandDocument(
      this,
      'CreateAvailabilityGroup',
      'Enables Always On node by node, creates the endpoints, the availability group with read-only routing, and the multi-subnet listener',
      {},
      [powerShellStep('createAvailabilityGroup', scriptAsFormationAccount(this, props.facts, 'create-availability-group'), timeout)],
    );
    const primary = [props.nodes[0]];
    const cluster = runOnNodes(this, 'CreateClusterOnPrimary', this.createCluster, primary, timeout, props.after);
    this.formed = runOnNodes(this, 'CreateAvailabilityGroupOnPrimary', this.createAvailabilityGroup, primary, timeout, [cluster]);
  }
}
