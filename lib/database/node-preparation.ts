import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct, IDependable } from 'constructs';
import { computersOu } from './cell-directory';
import { powerShellStep, scriptText, scriptWithFacts } from './powershell';
import type { SqlServerFacts } from './sql-server-facts';
import type { SqlServerNode } from './sql-server-node';
import { commandDocument, runOnNodes } from './ssm-documents';

/** The steps of the node preparation document, in order (a step that restarts the node is rerun by SSM, so it stands alone). */
export const NODE_PREPARATION_STEPS = ['renameHost', 'joinDomain', 'installFeatures', 'installVssComponents', 'configureNode'] as const;

/** The scripts of the configureNode step, in order: volumes, firewall, SQL Server settings, TLS certificate. */
export const CONFIGURE_NODE_SCRIPTS = ['common', 'prepare-volumes', 'open-firewall', 'configure-sql-server', 'certificate', 'install-certificate'] as const;

/** Properties of {@link NodePreparation}. */
export interface NodePreparationProps {
  readonly facts: SqlServerFacts;
  readonly nodes: readonly SqlServerNode[];
  readonly directoryId: string;
  readonly dnsIpAddresses: string[];
  /** What must exist first (the cell's administrators group, the CA's activation). */
  readonly after: readonly IDependable[];
  /** Seconds CloudFormation waits for each node. @default 3600 */
  readonly timeoutSeconds?: number;
}

/**
 * Each node made ready for SQL Server work, one association per node: named, joined to the directory, features
 * installed (restarting through SSM when asked), AWS's VSS components installed, volumes formatted, the firewall
 * opened for SQL Server, SQL Server configured, and its TLS certificate issued. Every step can run again safely.
 */
export class NodePreparation extends Construct {
  public readonly document: ssm.CfnDocument;
  /** One association per node, in node order: what runs on the prepared nodes waits for these. */
  public readonly prepared: readonly ssm.CfnAssociation[];

  constructor(scope: Construct, id: string, props: NodePreparationProps) {
    super(scope, id);
    const f = props.facts;
    const steps: Record<(typeof NODE_PREPARATION_STEPS)[number], unknown> = {
      renameHost: powerShellStep('renameHost', [scriptText('rename-host')]),
      // Into the customer OU explicitly, where the formation account may create the cluster's objects beside the nodes.
      joinDomain: {
        action: 'aws:domainJoin',
        name: 'joinDomain',
        inputs: {
          directoryId: props.directoryId,
          directoryName: f.domainName,
          directoryOU: computersOu(f.domainName, f.netbiosName),
          dnsIpAddresses: props.dnsIpAddresses,
        },
      },
      installFeatures: powerShellStep('installFeatures', scriptWithFacts(this, f, 'common', 'install-features')),
      // AWS Backup's application-consistent (VSS) snapshots need AWS's VSS components on the node; AWS Backup does not install them.
      installVssComponents: { action: 'aws:configurePackage', name: 'installVssComponents', inputs: { name: 'AwsVssComponents', action: 'Install' } },
      configureNode: powerShellStep('configureNode', scriptWithFacts(this, f, ...CONFIGURE_NODE_SCRIPTS)),
    };
    const volume = { type: 'String', allowedPattern: '^vol-[0-9a-f]+$' };
    this.document = commandDocument(
      this,
      'Document',
      'Prepares a SQL Server node: name, domain, features, VSS components, volumes, firewall, SQL Server settings, TLS certificate',
      {
        HostName: { type: 'String', description: 'Windows host name of the node', allowedPattern: '^[A-Za-z0-9-]{1,15}$' },
        DataVolumeId: volume,
        LogVolumeId: volume,
        TempdbVolumeId: volume,
        BackupVolumeId: volume,
      },
      NODE_PREPARATION_STEPS.map((name) => steps[name]),
    );
    // The volume step formats the attached volumes, so each node's association waits for its attachments.
    this.prepared = props.nodes.map((node, i) =>
      runOnNodes(this, `Node${i + 1}`, this.document, [node], props.timeoutSeconds ?? 3600, [...props.after, ...node.attachments], {
        HostName: [node.hostName],
        DataVolumeId: [node.volumes.data.ref],
        LogVolumeId: [node.volumes.log.ref],
        TempdbVolumeId: [node.volumes.tempdb.ref],
        BackupVolumeId: [node.volumes.backup.ref],
      }),
    );
  }
}
