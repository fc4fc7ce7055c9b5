import { CustomResource, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct, IDependable } from 'constructs';
import { acknowledgeAll } from '../compliance/acknowledge';
import { proveAllowed, proveRefused } from '../proofs';
import { encryptedLogGroup, VpcFunction } from './vpc-function';

/**
 * Managed AD's narrowest built-in group whose members may create computer objects in the customer OU ("join
 * privileges"): the formation account belongs to it while the cluster forms, to create the cluster name object and
 * the listener's prestaged object (which it then owns, so it may grant the cluster full control of it). Unlike AWS
 * Delegated Administrators it has no control of users or groups; its members are local administrators of every
 * domain member (Managed AD's ServerAdmins GPO), which is why the membership ends with formation.
 */
export const FORMATION_GROUPS = ['AWS Delegated Server Administrators'] as const;

/** Logins earlier formations or the SQL Server image made sysadmin that reach beyond the cell: formation drops them. */
export function revokedSysadminLogins(netbiosName: string): string[] {
  return [`${netbiosName}\\AWS Delegated Administrators`, 'BUILTIN\\Administrators'];
}

/** The OU Managed AD keeps the customer's computers in: `OU=Computers,OU=<NetBIOS>,DC=...` (nodes join it explicitly). */
export function computersOu(domainName: string, netbiosName: string): string {
  return `OU=Computers,OU=${netbiosName},${domainName
    .split('.')
    .map((part) => `DC=${part}`)
    .join(',')}`;
}

/** Properties of {@link CellDirectory}. */
export interface CellDirectoryProps {
  readonly cellId: string;
  readonly directoryId: string;
  /** The directory admin's secret: named only to prove nothing here can read it. */
  readonly adminSecret: secretsmanager.ISecret;
  /**
   * Create the cell's formation account (a cluster forms with it).
   * @default false
   */
  readonly formationAccount?: boolean;
  /** Key of the account's secret (the region's data key). */
  readonly secretKey: kms.IKey;
  /** Key of the function's log group (the region's logs key). */
  readonly logsKey: kms.IKey;
  readonly vpc: ec2.IVpc;
  /** Subnets with a route to the AWS APIs (the app subnets). */
  readonly subnets: ec2.SubnetSelection;
  /** The VPC's CIDR (literal), for DNS to the directory. */
  readonly vpcCidr: string;
}

/**
 * A cell's objects in the region's Managed AD, made through the IAM-authorized Directory Service (Data) APIs so that no
 * instance ever holds the directory admin: the cell's SQL administrators group (sysadmin and local administrators on
 * the cell's nodes, and nowhere else; empty until a directory administrator adds engineers), and for a cluster the
 * formation account, whose password lives in the cell's own secret: it joins the formation groups and the cell's
 * administrators before the cluster forms, and leaves them (disabled) once formation is done ({@link revokeAfter}).
 */
export class CellDirectory extends Construct {
  /** sAMAccountName of the cell's SQL administrators group, e.g. `prod-stable-sql-admins`. */
  public readonly administratorsGroup: string;
  /** Done once the administrators group exists: node preparation waits for it. */
  public readonly administratorsGroupReady: IDependable;
  /** `{ "username": ..., "password": ... }` of the formation account (clusters only). */
  public readonly formationSecret?: secretsmanager.Secret;
  /** The formation account's name (clusters only). */
  public readonly formationAccountName?: string;
  /** Done once the formation account exists with its groups: formation waits for it (clusters only). */
  public readonly formationGranted?: IDependable;
  private readonly provider: lambda.Function;
  private readonly props: CellDirectoryProps;

  constructor(scope: Construct, id: string, props: CellDirectoryProps) {
    super(scope, id);
    if (!/^[a-z][a-z0-9-]{1,11}$/.test(props.cellId)) {
      throw new Error(`CellDirectory ${this.node.path}: cellId "${props.cellId}" must be 2 to 12 lower-case letters, digits or dashes`);
    }
    this.props = props;
    this.administratorsGroup = `${props.cellId}-sql-admins`;
    if (props.formationAccount) {
      this.formationAccountName = `${props.cellId}-setup`;
      this.formationSecret = new secretsmanager.Secret(this, 'Secret', {
        description: `Formation account ${this.formationAccountName} of the cell's SQL Server cluster`,
        encryptionKey: props.secretKey,
        generateSecretString: {
          secretStringTemplate: JSON.stringify({ username: this.formationAccountName }),
          generateStringKey: 'password',
          passwordLength: 32,
          // Managed AD and PowerShell quoting both stay clear of these.
          excludeCharacters: '"\'`\\/@:;{}[]()<>|&^%$#!?~*=+,.',
        },
        removalPolicy: RemovalPolicy.RETAIN,
      });
      acknowledgeAll(
        this.formationSecret,
        ['AwsSolutions-SMG4', 'HIPAA.Security-SecretsManagerRotationEnabled', 'NIST.800.53.R5-SecretsManagerRotationEnabled'],
        {
          reason:
            "The account is disabled and out of every group except while its cell's cluster forms; its password is set from this secret each time formation grants it.",
          compensatingControl:
            "Only the cell's SQL nodes and the directory function may read the secret (permission proofs); the account's elevation is revoked after formation; every read is in CloudTrail.",
        },
      );
    }
    this.provider = this.createProvider();
    this.administratorsGroupReady = this.resource('AdministratorsGroup', { Action: 'group', GroupName: this.administratorsGroup }, []);
    if (props.formationAccount) {
      this.formationGranted = this.accountResource('Grant', 'grant', [this.administratorsGroupReady]);
    }
  }

  /** Takes the formation account out of its groups and disables it once these (the formation steps) are done. */
  public revokeAfter(...steps: IDependable[]): CustomResource {
    if (!this.formationSecret) throw new Error(`CellDirectory ${this.node.path}: there is no formation account to revoke`);
    return this.accountResource('Revoke', 'revoke', steps);
  }

  private accountResource(id: string, action: 'grant' | 'revoke', after: IDependable[]): CustomResource {
    return this.resource(
      id,
      {
        Action: action,
        UserName: this.formationAccountName!,
        SecretArn: this.formationSecret!.secretArn,
        Groups: [...FORMATION_GROUPS, this.administratorsGroup],
      },
      after,
    );
  }

  private resource(id: string, properties: Record<string, unknown>, after: IDependable[]): CustomResource {
    const resource = new CustomResource(this, id, {
      serviceToken: this.provider.functionArn,
      resourceType: 'Custom::CellDirectory',
      properties: { DirectoryId: this.props.directoryId, ...properties },
    });
    after.forEach((step) => resource.node.addDependency(step));
    return resource;
  }

  private createProvider(): lambda.Function {
    const stack = Stack.of(this);
    const directoryArn = stack.formatArn({ service: 'ds', resource: 'directory', resourceName: this.props.directoryId });
    const account = this.formationSecret
      ? [
          new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [this.formationSecret.secretArn] }),
          new iam.PolicyStatement({
            actions: ['kms:Decrypt'],
            resources: [this.props.secretKey.keyArn],
            conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${stack.region}.amazonaws.com` } },
          }),
        ]
      : [];
    const provider = new VpcFunction(this, 'Provider', {
      logGroup: encryptedLogGroup(this, 'Logs', this.props.logsKey),
      description: `Directory objects of cell ${this.props.cellId}`,
      handlerFile: 'cell-directory-handler.js',
      vpc: this.props.vpc,
      subnets: this.props.subnets,
      vpcCidr: this.props.vpcCidr,
      logsKey: this.props.logsKey,
      timeout: Duration.minutes(15),
      statements: [
        new iam.PolicyStatement({
          // Every Directory Service Data call is authorized twice: its own action and ds:AccessDSData.
          actions: [
            'ds:EnableDirectoryDataAccess',
            'ds:DescribeDirectoryDataAccess',
            'ds:AccessDSData',
            'ds-data:DescribeGroup',
            'ds-data:CreateGroup',
            'ds-data:DeleteGroup',
            ...(this.formationSecret
              ? [
                  'ds:ResetUserPassword',
                  'ds-data:CreateUser',
                  'ds-data:DescribeUser',
                  'ds-data:DeleteUser',
                  'ds-data:DisableUser',
                  'ds-data:AddGroupMember',
                  'ds-data:RemoveGroupMember',
                ]
              : []),
          ],
          resources: [directoryArn],
        }),
        ...account,
      ],
      withoutDeadLetterQueue: {
        reason:
          'CloudFormation invokes the function synchronously for its custom resources and waits for the answer; a failure fails the deployment step, which a dead-letter queue would not change.',
        compensatingControl: 'Failures reach CloudFormation with the call and reason, roll the stack back, and are logged to the encrypted log group.',
      },
    });
    this.proveAccess(provider.role);
    return provider.function;
  }

  private proveAccess(role: iam.IRole): void {
    const actor = { roleArn: role.roleArn, description: 'cell directory function role' };
    const directory = Stack.of(this).formatArn({ service: 'ds', resource: 'directory', resourceName: this.props.directoryId });
    const groupWhy = "The nodes make the cell's administrators group sysadmin and local administrators: it must exist before they are prepared.";
    proveAllowed(this, {
      id: 'FunctionCreatesAdministratorsGroup',
      actor,
      action: 'ds-data:CreateGroup',
      resource: directory,
      resourceOutsideTemplates: true,
      why: groupWhy,
    });
    proveAllowed(this, {
      id: 'FunctionAccessesDirectoryData',
      actor,
      action: 'ds:AccessDSData',
      resource: directory,
      resourceOutsideTemplates: true,
      why: groupWhy,
    });
    proveAllowed(this, {
      id: 'FunctionEnablesDataAccess',
      actor,
      action: 'ds:EnableDirectoryDataAccess',
      resource: directory,
      resourceOutsideTemplates: true,
      why: groupWhy,
    });
    if (this.formationSecret) {
      const why = "Formation needs its account to exist, hold the password of the cell's secret and sit in the formation groups before the cluster forms.";
      proveAllowed(this, { id: 'FunctionReadsAccountSecret', actor, action: 'secretsmanager:GetSecretValue', resource: this.formationSecret.secretArn, why });
      proveAllowed(this, {
        id: 'FunctionDecryptsAccountSecret',
        actor,
        action: 'kms:Decrypt',
        resource: this.props.secretKey.keyArn,
        context: {
          'kms:ViaService': `secretsmanager.${Stack.of(this).region}.amazonaws.com`,
          'kms:EncryptionContext:SecretARN': this.formationSecret.secretArn,
        },
        why,
      });
      proveAllowed(this, {
        id: 'FunctionSetsAccountPassword',
        actor,
        action: 'ds:ResetUserPassword',
        resource: directory,
        resourceOutsideTemplates: true,
        why,
      });
      proveAllowed(this, { id: 'FunctionCreatesAccount', actor, action: 'ds-data:CreateUser', resource: directory, resourceOutsideTemplates: true, why });
      proveAllowed(this, {
        id: 'FunctionAddsAccountToGroups',
        actor,
        action: 'ds-data:AddGroupMember',
        resource: directory,
        resourceOutsideTemplates: true,
        why,
      });
      proveAllowed(this, { id: 'FunctionDisablesAccount', actor, action: 'ds-data:DisableUser', resource: directory, resourceOutsideTemplates: true, why });
    } else {
      proveRefused(this, {
        id: 'FunctionCannotManageUsers',
        actor,
        action: 'ds-data:AddGroupMember',
        resource: directory,
        resourceOutsideTemplates: true,
        why: 'A standalone cell has no formation account: its function creates the administrators group and never changes memberships.',
      });
    }
    proveRefused(this, {
      id: 'FunctionCannotReadDirectoryAdmin',
      actor,
      action: 'secretsmanager:GetSecretValue',
      resource: this.props.adminSecret.secretArn,
      why: "The directory function works through IAM-authorized APIs and never needs the directory admin's password.",
    });
  }
}
