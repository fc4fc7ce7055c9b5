import { CfnResource } from 'aws-cdk-lib';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import {
  addTenantDatabaseScript, ClusterFacts, createAvailabilityGroupScript, createClusterScript, installLogBackupJobScript,
  prepareNodeScript, renameHostScript,
} from './cluster-scripts';
import type { DirectorySetupAccount } from './directory-setup-account';
import type { SqlServerNode } from './sql-server-node';

/** Properties of {@link ClusterFormation}. */
export interface ClusterFormationProps {
  readonly facts: ClusterFacts;
  /** The nodes in order; the first becomes the primary replica. */
  readonly nodes: readonly SqlServerNode[];
  readonly directoryId: string;
  readonly dnsIpAddresses: string[];
  /** The cell's formation account: granted before the cluster forms, revoked once the availability group stands. */
  readonly setupAccount: DirectorySetupAccount;
  /** Hours between transaction-log backups (the RPO bound). */
  readonly logBackupIntervalHours: number;
  /** False where the environment keeps no log backups (UAT): the job truncates the log instead. */
  readonly keepLogBackups: boolean;
  /**
   * Seconds CloudFormation waits for each formation step to succeed on the nodes.
   * @default 3600
   */
  readonly stepTimeoutSeconds?: number;
}

/**
 * Cluster formation declared in the stack: SSM Command documents for (a) domain join and node
 * preparation, (b) the Windows failover cluster with its file-share witness, (c) the availability
 * group and listener, (d) adding a customer database (run on demand, parameter TenantId) and
 * (e) the hourly log-backup job; State Manager associations run a, b, c and e in order at deploy.
 */
export class ClusterFormation extends Construct {
  public readonly joinDomain: ssm.CfnDocument;
  public readonly createCluster: ssm.CfnDocument;
  public readonly createAvailabilityGroup: ssm.CfnDocument;
  public readonly addTenantDatabase: ssm.CfnDocument;
  public readonly installLogBackupJob: ssm.CfnDocument;

  constructor(scope: Construct, id: string, props: ClusterFormationProps) {
    super(scope, id);
    const f = props.facts;
    const timeout = props.stepTimeoutSeconds ?? 3600;
    this.joinDomain = this.document('JoinDomain', 'Names the node, joins it to the directory, formats its SQL volumes and enables CredSSP', {
      HostName: { type: 'String', description: 'Windows host name of the node', allowedPattern: '^[A-Za-z0-9-]{1,15}$' },
      DataVolumeId: { type: 'String', allowedPattern: '^vol-[0-9a-f]+$' },
      LogVolumeId: { type: 'String', allowedPattern: '^vol-[0-9a-f]+$' },
      TempdbVolumeId: { type: 'String', allowedPattern: '^vol-[0-9a-f]+$' },
    }, [
      powershell('renameHost', renameHostScript()),
      { action: 'aws:domainJoin', name: 'joinDomain', inputs: { directoryId: props.directoryId, directoryName: f.domainName, dnsIpAddresses: props.dnsIpAddresses } },
      powershell('prepareNode', prepareNodeScript(f)),
    ]);
    this.createCluster = this.document('CreateCluster', 'Creates the Windows failover cluster with NodeAndFileShareMajority quorum on the witness share', {},
      [powershell('createCluster', createClusterScript(f))]);
    this.createAvailabilityGroup = this.document('CreateAvailabilityGroup', 'Enables Always On, creates the endpoints, the availability group with read-only routing, and the multi-subnet listener', {},
      [powershell('createAvailabilityGroup', createAvailabilityGroupScript(f))]);
    this.addTenantDatabase = this.document('AddTenantDatabase', 'Adds one customer database to the availability group (run on both nodes; the primary acts)', {
      TenantId: { type: 'String', description: 'Customer tenant id: lower-case letters, digits and dashes', allowedPattern: '^[a-z0-9][a-z0-9-]{0,62}$' },
    }, [powershell('addTenantDatabase', addTenantDatabaseScript(f))]);
    this.installLogBackupJob = this.document('InstallLogBackupJob', 'Installs the SQL Agent job that backs up transaction logs to the cell\'s bucket', {},
      [powershell('installLogBackupJob', installLogBackupJobScript(f, props.logBackupIntervalHours, props.keepLogBackups))]);

    // The join step formats the SQL volumes, so it waits for them to be attached.
    const joins = props.nodes.map((node, i) => this.associate(`JoinDomainNode${i + 1}`, this.joinDomain, [node], timeout, node.attachments, {
      HostName: [node.hostName],
      DataVolumeId: [node.volumes.data.ref],
      LogVolumeId: [node.volumes.log.ref],
      TempdbVolumeId: [node.volumes.tempdb.ref],
    }));
    const primary = [props.nodes[0]];
    const cluster = this.associate('CreateClusterOnPrimary', this.createCluster, primary, timeout, joins);
    cluster.node.addDependency(props.setupAccount.granted);
    const group = this.associate('CreateAvailabilityGroupOnPrimary', this.createAvailabilityGroup, primary, timeout, [cluster]);
    props.setupAccount.revokeAfter(group);
    this.associate('InstallLogBackupJobOnNodes', this.installLogBackupJob, props.nodes, timeout, [group]);
  }

  private document(id: string, description: string, parameters: Record<string, unknown>, mainSteps: unknown[]): ssm.CfnDocument {
    return new ssm.CfnDocument(this, id, {
      documentType: 'Command',
      documentFormat: 'JSON',
      updateMethod: 'NewVersion',
      content: { schemaVersion: '2.2', description, parameters, mainSteps },
    });
  }

  private associate(id: string, document: ssm.CfnDocument, nodes: readonly SqlServerNode[], timeoutSeconds: number,
    after: CfnResource[], parameters?: Record<string, string[]>): ssm.CfnAssociation {
    const association = new ssm.CfnAssociation(this, id, {
      name: document.ref,
      documentVersion: '$LATEST',
      targets: [{ key: 'InstanceIds', values: nodes.map((n) => n.instance.ref) }],
      parameters,
      waitForSuccessTimeoutSeconds: timeoutSeconds,
    });
    after.forEach((step) => association.addResourceDependency(step));
    return association;
  }
}

function powershell(name: string, lines: string[]): Record<string, unknown> {
  return { action: 'aws:runPowerShellScript', name, inputs: { timeoutSeconds: '3600', runCommand: lines } };
}
