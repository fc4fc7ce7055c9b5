import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { acknowledge } from '../compliance/acknowledge';
import { bucketObjectsWildcardRule } from '../compliance/standard-acknowledgements';
import { managedInstanceRole } from '../security/managed-instance-role';
import { proveAllowed, s3KmsContext, via } from '../proofs';

/** Properties of {@link FleetAccess}. */
export interface FleetAccessProps {
  /** The cell's application artifacts (releases). */
  readonly artifactsBucket: s3.IBucket;
  /** The database connection secret. */
  readonly connectionSecret: secretsmanager.ISecret;
  /** The region's data key, which encrypts both. */
  readonly dataKey: kms.IKey;
  /** Key of Session Manager sessions (the region's sessions key). */
  readonly sessionKey: kms.IKey;
  /** The private CA of the SQL Server certificates, whose certificate the instances install as trusted. */
  readonly certificateAuthorityArn: string;
}

/**
 * The instance role of a cell's application fleets: SSM core, the CloudWatch agent, read of the
 * cell's application artifacts, of the database connection secret and of the SQL CA's certificate, nothing more.
 */
export class FleetAccess extends Construct {
  public readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: FleetAccessProps) {
    super(scope, id);
    const read = new iam.ManagedPolicy(this, 'ReadArtifactsAndConnection', {
      description: "Read the cell's releases and its database connection secret",
      statements: [
        new iam.PolicyStatement({
          actions: ['s3:GetObject', 's3:ListBucket'],
          resources: [props.artifactsBucket.bucketArn, props.artifactsBucket.arnForObjects('*')],
        }),
        new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], resources: [props.connectionSecret.secretArn] }),
        new iam.PolicyStatement({ actions: ['kms:Decrypt'], resources: [props.dataKey.keyArn] }),
        new iam.PolicyStatement({ actions: ['acm-pca:GetCertificateAuthorityCertificate'], resources: [props.certificateAuthorityArn] }),
      ],
    });
    this.role = managedInstanceRole(this, 'Role', 'Halo application fleets of one cell', [read], props.sessionKey);
    const fleet = { roleArn: this.role.roleArn, description: 'application fleet role' };
    proveAllowed(this, {
      id: 'FleetReadsRelease',
      actor: fleet,
      action: 's3:GetObject',
      resource: props.artifactsBucket.arnForObjects('releases/web/2.132.8/package.zip'),
      why: "Every fleet instance installs its release from the cell's releases bucket at launch.",
    });
    proveAllowed(this, {
      id: 'FleetDecryptsRelease',
      actor: fleet,
      action: 'kms:Decrypt',
      resource: props.dataKey.keyArn,
      context: s3KmsContext(this, props.artifactsBucket),
      why: "Release packages are encrypted with the data key; S3 decrypts them on the fleet role's behalf.",
    });
    proveAllowed(this, {
      id: 'FleetReadsSqlCaCertificate',
      actor: fleet,
      action: 'acm-pca:GetCertificateAuthorityCertificate',
      resource: props.certificateAuthorityArn,
      why: "Each instance installs the SQL CA's certificate as trusted at launch; without it no encrypted, verified connection to SQL Server succeeds.",
    });
    proveAllowed(this, {
      id: 'FleetReadsConnection',
      actor: fleet,
      action: 'secretsmanager:GetSecretValue',
      resource: props.connectionSecret.secretArn,
      why: "The application reads its database connection (listener and login) from the cell's secret.",
    });
    proveAllowed(this, {
      id: 'FleetDecryptsConnection',
      actor: fleet,
      action: 'kms:Decrypt',
      resource: props.dataKey.keyArn,
      context: { 'kms:ViaService': via(this, 'secretsmanager'), 'kms:EncryptionContext:SecretARN': props.connectionSecret.secretArn },
      why: "Secrets Manager decrypts the connection secret with the data key on the fleet role's behalf.",
    });
    acknowledge(read, bucketObjectsWildcardRule(props.artifactsBucket, '*'), {
      reason: "Releases are stored under versioned keys written by the release pipeline, so reads must cover every object of the cell's releases bucket.",
      compensatingControl: "Read-only and confined to one cell's private, versioned, TLS-only releases bucket in the same stack.",
    });
  }
}
