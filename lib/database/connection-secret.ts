import { RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

/** Characters the application's passwords never contain: T-SQL and PowerShell quoting, and connection-string syntax. */
export const CONNECTION_PASSWORD_EXCLUDES = '"\'`\\/@:;{}[]()<>|&^%$#!?~*=+,.';

/** Properties of {@link ConnectionSecret}. */
export interface ConnectionSecretProps {
  /** Fully qualified name clients connect to: the availability group's listener, or the standalone node. */
  readonly host: string;
  /** The SQL login the application uses first (rotation alternates it with its twin). */
  readonly username: string;
  readonly encryptionKey: kms.IKey;
}

/**
 * How the application reaches its databases: the listener (or node) with multi-subnet failover, encryption and a
 * verified certificate (the region's private CA, which the fleets trust) for reads and writes; for reporting, the same
 * with ApplicationIntent=ReadOnly and the tenant's database (`{database}` → `tenant_<id>`), which read-only routing needs
 * to send the connection to the readable secondary; a generated password for the login.
 * Rotated by {@link LoginRotation}.
 */
export class ConnectionSecret extends Construct {
  public readonly secret: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: ConnectionSecretProps) {
    super(scope, id);
    const base = `Server=tcp:${props.host},1433;MultiSubnetFailover=True;Encrypt=True;TrustServerCertificate=False;User ID=${props.username}`;
    this.secret = new secretsmanager.Secret(this, 'Secret', {
      description: `Connection to SQL Server at ${props.host}`,
      encryptionKey: props.encryptionKey,
      generateSecretString: {
        secretStringTemplate: JSON.stringify({
          engine: 'sqlserver',
          host: props.host,
          port: 1433,
          username: props.username,
          connectionString: `${base};ApplicationIntent=ReadWrite`,
          // Read-only routing acts only inside an availability-group database: a reporting connection must name its tenant's.
          reportingConnectionStringTemplate: `${base};ApplicationIntent=ReadOnly;Initial Catalog={database}`,
        }),
        generateStringKey: 'password',
        passwordLength: 32,
        excludeCharacters: CONNECTION_PASSWORD_EXCLUDES,
      },
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
