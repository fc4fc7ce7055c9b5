import { RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { acknowledgeAll } from '../compliance/acknowledge';

/** Properties of {@link ConnectionSecret}. */
export interface ConnectionSecretProps {
  /** Fully qualified name of the availability-group listener. */
  readonly listenerHost: string;
  /** The SQL login the application uses. */
  readonly username: string;
  readonly encryptionKey: kms.IKey;
}

/**
 * How the application reaches its databases: the AG listener with multi-subnet failover for reads and
 * writes, the same listener with ApplicationIntent=ReadOnly (read-only routing to the secondary) for
 * reporting, and a generated password for the application's SQL login.
 */
export class ConnectionSecret extends Construct {
  public readonly secret: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: ConnectionSecretProps) {
    super(scope, id);
    const base = `Server=tcp:${props.listenerHost},1433;MultiSubnetFailover=True;Encrypt=True;TrustServerCertificate=False;User ID=${props.username}`;
    this.secret = new secretsmanager.Secret(this, 'Secret', {
      description: `Connection to the ${props.listenerHost} availability group`,
      encryptionKey: props.encryptionKey,
      generateSecretString: {
        secretStringTemplate: JSON.stringify({
          engine: 'sqlserver',
          host: props.listenerHost,
          port: 1433,
          username: props.username,
          connectionString: `${base};ApplicationIntent=ReadWrite`,
          reportingConnectionString: `${base};ApplicationIntent=ReadOnly`,
        }),
        generateStringKey: 'password',
        passwordLength: 32,
        excludeCharacters: '"\'`\\/@:;{}[]()<>|&^%$#!?~*=+,.',
      },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledgeAll(this.secret, ['AwsSolutions-SMG4', 'HIPAA.Security-SecretsManagerRotationEnabled', 'NIST.800.53.R5-SecretsManagerRotationEnabled'], {
      reason: 'Rotating a SQL Server login on EC2 needs a custom rotation function inside the data subnets; none is provided by AWS for SQL Server outside RDS.',
      compensatingControl: 'Only the cell\'s fleet role may read the secret, every read is in CloudTrail, the login holds only the tenant databases\' roles, and the password is reset in the quarterly access review.',
    });
  }
}
