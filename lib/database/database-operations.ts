import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct, IDependable } from 'constructs';
import { embeddedScript, powerShellStep, scriptText, scriptWithFacts } from './powershell';
import type { SqlServerFacts } from './sql-server-facts';
import type { SqlServerNode } from './sql-server-node';
import { commandDocument, runOnNodes } from './ssm-documents';

/** Properties of {@link DatabaseOperations}. */
export interface DatabaseOperationsProps {
  readonly facts: SqlServerFacts;
  readonly nodes: readonly SqlServerNode[];
  /** What must be done first: the nodes prepared (and, in a cluster, the availability group formed). */
  readonly after: readonly IDependable[];
  /** Seconds CloudFormation waits for each step. @default 3600 */
  readonly timeoutSeconds?: number;
}

/**
 * The cell's databases, run on every node: the application's two logins (same SIDs on both nodes), the native backup
 * jobs (full daily, logs on their interval where kept, metrics every five minutes), and two documents run on demand:
 * adding a customer's database, and setting the pending login password (the secret's rotation function runs it).
 */
export class DatabaseOperations extends Construct {
  public readonly createLogins: ssm.CfnDocument;
  public readonly installBackupJobs: ssm.CfnDocument;
  /** Run with `TenantId=<id>` on the cell's nodes to add a customer's database. */
  public readonly addTenantDatabase: ssm.CfnDocument;
  /** Run by the rotation function on every node: the pending login takes the pending password. */
  public readonly setLoginPassword: ssm.CfnDocument;
  /** Done once the logins and the backup jobs are on every node. */
  public readonly ready: readonly IDependable[];

  constructor(scope: Construct, id: string, props: DatabaseOperationsProps) {
    super(scope, id);
    const f = props.facts;
    const timeout = props.timeoutSeconds ?? 3600;
    this.createLogins = commandDocument(
      this,
      'CreateLogins',
      "Creates the application's two SQL logins with the cell's SIDs; the one in use gets the secret's password",
      {},
      [powerShellStep('createLogins', scriptWithFacts(this, f, 'common', 'application-logins', 'create-logins'))],
    );
    this.installBackupJobs = commandDocument(this, 'InstallBackupJobs', 'Installs the native backup script and its SQL Agent jobs', {}, [
      powerShellStep('installBackupJobs', [
        ...scriptWithFacts(this, f, 'common'),
        embeddedScript('CommonScript', 'common'),
        embeddedScript('CertificateScript', 'certificate'),
        embeddedScript('BackupScript', 'sql-backup'),
        scriptText('install-backup-jobs'),
      ]),
    ]);
    this.addTenantDatabase = commandDocument(
      this,
      'AddTenantDatabase',
      'Adds one customer database (run on every node of the cell; the primary or the standalone node acts)',
      {
        TenantId: { type: 'String', description: 'Customer tenant id: lower-case letters, digits and dashes', allowedPattern: '^[a-z0-9][a-z0-9-]{0,62}$' },
      },
      [powerShellStep('addTenantDatabase', scriptWithFacts(this, f, 'common', 'add-tenant-database'), timeout)],
    );
    this.setLoginPassword = commandDocument(
      this,
      'SetLoginPassword',
      "Sets the pending application login's password from the secret's AWSPENDING version and signs in with it",
      {},
      [powerShellStep('setLoginPassword', scriptWithFacts(this, f, 'common', 'application-logins', 'set-login-password'), 300)],
    );
    const logins = runOnNodes(this, 'CreateLoginsOnNodes', this.createLogins, props.nodes, timeout, props.after);
    const jobs = runOnNodes(this, 'InstallBackupJobsOnNodes', this.installBackupJobs, props.nodes, timeout, props.after);
    this.ready = [logins, jobs];
  }
}
