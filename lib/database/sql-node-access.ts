import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { acknowledge, acknowledgeAll } from '../compliance/acknowledge';
import { bucketObjectsWildcardRule, guardRule } from '../compliance/standard-acknowledgements';
import { managedInstanceRole } from '../security/managed-instance-role';
import { proveAllowed, s3KmsContext } from '../proofs';

/** Properties of {@link SqlNodeAccess}. */
export interface SqlNodeAccessProps {
  /** The cell's native-backup bucket. */
  readonly backupBucket: s3.IBucket;
  /** The region's data key (backup bucket, secrets). */
  readonly dataKey: kms.IKey;
  /** Key of Session Manager sessions (the region's sessions key). */
  readonly sessionKey: kms.IKey;
  /** Secrets the nodes read: the formation account (clusters), the application's connection (logins and their rotation). */
  readonly secrets: readonly secretsmanager.ISecret[];
  /**
   * Public SSM parameter naming the license-included Windows/SQL Server AMI. EC2 resolves it when it
   * launches a node, so the template does not change when AWS publishes a new AMI and no deploy replaces a node.
   */
  readonly amiParameter: string;
  /** The managed directory's id, for `ds:CreateComputer` during domain join. */
  readonly directoryId: string;
  /** The region's private CA, and the one template the nodes may request their TLS certificates with. */
  readonly certificateAuthority: { readonly arn: string; readonly serverTemplateArn: string };
}

const S3_WRITE = ['s3:PutObject', 's3:GetObject', 's3:ListBucket', 's3:GetBucketLocation', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'];

/** AWS's managed policy that lets the VSS agent on an instance snapshot its own volumes (AWS Backup's Windows VSS backups). */
export const VSS_SNAPSHOT_POLICY = 'AWSEC2VssSnapshotPolicy';

/**
 * What a cell's SQL Server nodes may do, and nothing more: an instance role with SSM core, the CloudWatch agent, the
 * VSS agent, read of the cell's secrets, write to the cell's backup bucket (backups are staged on the node and shipped
 * with the instance role: no IAM user, no access key), and certificates from the region's CA with one template; a
 * launch template that requires IMDSv2.
 */
export class SqlNodeAccess extends Construct {
  public readonly role: iam.Role;
  public readonly instanceProfile: iam.CfnInstanceProfile;
  public readonly launchTemplate: ec2.CfnLaunchTemplate;

  constructor(scope: Construct, id: string, props: SqlNodeAccessProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const bucketObjects = props.backupBucket.arnForObjects('*');
    const backupWrite = new iam.ManagedPolicy(this, 'BackupWrite', {
      description: "Write native SQL Server backups to the cell's bucket",
      statements: [
        new iam.PolicyStatement({ actions: S3_WRITE, resources: [props.backupBucket.bucketArn, bucketObjects] }),
        new iam.PolicyStatement({ actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [props.dataKey.keyArn] }),
      ],
    });

    const directory = stack.formatArn({ service: 'ds', resource: 'directory', resourceName: props.directoryId });
    const readCellSecrets = new iam.ManagedPolicy(this, 'ReadCellSecrets', {
      description: "Read the cell's secrets and join the cell's directory",
      statements: [
        new iam.PolicyStatement({
          actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
          resources: props.secrets.map((s) => s.secretArn),
        }),
        // aws:domainJoin creates the node's computer account through the Directory Service API (as AmazonSSMDirectoryServiceAccess allows).
        new iam.PolicyStatement({ actions: ['ds:CreateComputer'], resources: [directory] }),
        // DescribeDirectories has no resource type: IAM matches it against '*' only, so a directory ARN would refuse it.
        new iam.PolicyStatement({ actions: ['ds:DescribeDirectories'], resources: ['*'] }),
      ],
    });
    acknowledge(readCellSecrets, 'AwsSolutions-IAM5[Resource::*]', {
      reason: "ds:DescribeDirectories, which the SSM agent's domain join calls, has no resource type: IAM accepts it only on '*'.",
      compensatingControl: "The wildcard covers that one read-only List action; creating computer accounts is limited to the cell's directory.",
    });

    this.role = managedInstanceRole(
      this,
      'Role',
      'SQL Server nodes of one cell',
      [
        backupWrite,
        readCellSecrets,
        new iam.ManagedPolicy(this, 'RequestCertificates', {
          description: "Request the node's TLS certificate from the region's private CA, with the server template only",
          statements: [
            new iam.PolicyStatement({
              actions: ['acm-pca:IssueCertificate'],
              resources: [props.certificateAuthority.arn],
              conditions: { StringEquals: { 'acm-pca:TemplateArn': props.certificateAuthority.serverTemplateArn } },
            }),
            new iam.PolicyStatement({
              actions: ['acm-pca:GetCertificate', 'acm-pca:GetCertificateAuthorityCertificate'],
              resources: [props.certificateAuthority.arn],
            }),
          ],
        }),
        iam.ManagedPolicy.fromAwsManagedPolicyName(VSS_SNAPSHOT_POLICY),
      ],
      props.sessionKey,
    );
    acknowledgeAll(this.role, [`AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${VSS_SNAPSHOT_POLICY}]`], {
      reason: "AWS Backup's Windows VSS backups need the VSS agent on the node to snapshot its own volumes; AWS maintains the policy as the agent changes.",
      compensatingControl:
        "The policy is limited to snapshot and image creation with AWS's tag conditions; deleting snapshots or recovery points is not in it, and the vault lock guards the recovery points.",
    });
    this.proveBackupWrites(props);
    this.proveDomainJoin(directory);
    acknowledge(backupWrite, bucketObjectsWildcardRule(props.backupBucket, '*'), {
      reason: 'Backup files are named by database and timestamp at run time, so writes must cover every object key of the one cell bucket.',
      compensatingControl: 'The wildcard is confined to one bucket whose Object Lock (compliance mode) stops deletion or overwrite before retention ends.',
    });

    this.instanceProfile = new iam.CfnInstanceProfile(this, 'InstanceProfile', { roles: [this.role.roleName] });
    this.launchTemplate = new ec2.CfnLaunchTemplate(this, 'LaunchTemplate', {
      launchTemplateData: {
        imageId: `resolve:ssm:${props.amiParameter}`,
        metadataOptions: { httpTokens: 'required', httpEndpoint: 'enabled', httpPutResponseHopLimit: 1 },
      },
    });
    acknowledge(this.launchTemplate, guardRule('ec2_launch_template_monitoring_enabled_check'), {
      reason:
        'The template carries only the metadata options; each SQL node turns detailed monitoring on itself (Monitoring: true), and changing the template would replace the running nodes.',
      compensatingControl:
        'EC2InstanceDetailedMonitoringEnabled (AwsSolutions-EC28, HIPAA) passes for every node; the SQL node alarms read the one-minute metrics.',
    });
  }

  /** The SSM agent joins the node to the cell's directory with the instance role (aws:domainJoin, before any formation step). */
  private proveDomainJoin(directory: string): void {
    const node = { roleArn: this.role.roleArn, description: 'SQL node role' };
    const why = "aws:domainJoin creates the node's computer account through the Directory Service API; refused, the node never joins and no cluster forms.";
    proveAllowed(this, {
      id: 'NodeCreatesComputerAccount',
      actor: node,
      action: 'ds:CreateComputer',
      resource: directory,
      resourceOutsideTemplates: true,
      why,
    });
    proveAllowed(this, { id: 'NodeDescribesDirectories', actor: node, action: 'ds:DescribeDirectories', resource: '*', why });
  }

  /** The native backups reach the cell's bucket: the role (and the S3 connector's key) may write and encrypt there. */
  private proveBackupWrites(props: SqlNodeAccessProps): void {
    const why = "The native full and log backups are staged on the node and shipped to the cell's bucket with the instance role, encrypted with the data key.";
    const node = { roleArn: this.role.roleArn, description: 'SQL node role' };
    proveAllowed(this, {
      id: 'NodeWritesBackups',
      actor: node,
      action: 's3:PutObject',
      resource: props.backupBucket.arnForObjects('log/tenant_acme/20260101000000.trn'),
      why,
    });
    proveAllowed(this, {
      id: 'NodeEncryptsBackups',
      actor: node,
      action: 'kms:GenerateDataKey',
      resource: props.dataKey.keyArn,
      context: s3KmsContext(this, props.backupBucket),
      why,
    });
    proveAllowed(this, {
      id: 'NodeReadsBackups',
      actor: node,
      action: 's3:GetObject',
      resource: props.backupBucket.arnForObjects('full/tenant_acme/20260101000000.bak'),
      why: "Restores read the native backups back from the cell's bucket.",
    });
  }
}
