import { join } from 'path';
import { CustomResource, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledgeAll } from '../compliance/acknowledge';
import { guardRule } from '../compliance/standard-acknowledgements';
import { proveAllowed, proveLogsCanUseKey } from '../proofs';

/** The document Session Manager reads the account's preferences from; the console creates it when preferences are saved. */
export const SESSION_PREFERENCES_DOCUMENT = 'SSM-SessionManagerRunShell';

/** Properties of {@link SessionManagerPreferences}. */
export interface SessionManagerPreferencesProps {
  /** Key that encrypts the session log group (the region's logs key). */
  readonly logsKey: kms.IKey;
  /** Key that encrypts session data (the region's sessions key): operators and the SSM agent use it directly. */
  readonly sessionKey: kms.IKey;
  readonly logRetention: logs.RetentionDays;
  /** @default 20 */
  readonly idleTimeoutMinutes?: number;
  /** @default 60 */
  readonly maxSessionMinutes?: number;
}

/**
 * The region's Session Manager preferences: sessions encrypted with the sessions key, streamed to an encrypted
 * in-region log group, idle and maximum limits. Kept in SSM-SessionManagerRunShell by a custom resource that updates
 * the document when the account already has it (saved from the console) and creates it otherwise.
 */
export class SessionManagerPreferences extends Construct {
  public readonly logGroup: logs.LogGroup;
  public readonly preferences: CustomResource;

  constructor(scope: Construct, id: string, props: SessionManagerPreferencesProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Sessions', { encryptionKey: props.logsKey, retention: props.logRetention, removalPolicy: RemovalPolicy.RETAIN });
    proveLogsCanUseKey(this.logGroup, props.logsKey);
    const content = {
      schemaVersion: '1.0',
      description: 'Halo Session Manager preferences: encrypted, logged sessions',
      sessionType: 'Standard_Stream',
      inputs: {
        kmsKeyId: props.sessionKey.keyArn,
        cloudWatchLogGroupName: this.logGroup.logGroupName,
        cloudWatchEncryptionEnabled: true,
        cloudWatchStreamingEnabled: true,
        s3BucketName: '',
        s3EncryptionEnabled: true,
        runAsEnabled: false,
        idleSessionTimeout: String(props.idleTimeoutMinutes ?? 20),
        maxSessionDuration: String(props.maxSessionMinutes ?? 60),
      },
    };
    const provider = this.createProvider(props.logsKey);
    this.preferences = new CustomResource(this, 'Preferences', {
      serviceToken: provider.functionArn,
      resourceType: 'Custom::SessionManagerPreferences',
      properties: { Name: SESSION_PREFERENCES_DOCUMENT, Content: Stack.of(this).toJsonString(content) },
    });
  }

  private createProvider(logsKey: kms.IKey): lambda.Function {
    const stack = Stack.of(this);
    const document = stack.formatArn({ service: 'ssm', resource: 'document', resourceName: SESSION_PREFERENCES_DOCUMENT });
    const logGroup = new logs.LogGroup(this, 'ProviderLogs', {
      encryptionKey: logsKey,
      retention: logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    proveLogsCanUseKey(logGroup, logsKey);
    const role = new iam.Role(this, 'ProviderRole', {
      description: 'Writes the Session Manager preferences document',
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    const policy = new iam.ManagedPolicy(this, 'ProviderPolicy', {
      roles: [role],
      statements: [
        new iam.PolicyStatement({ actions: ['ssm:CreateDocument', 'ssm:UpdateDocument', 'ssm:UpdateDocumentDefaultVersion'], resources: [document] }),
        new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }),
      ],
    });
    const fn = new lambda.Function(this, 'Provider', {
      description: `Creates or updates ${SESSION_PREFERENCES_DOCUMENT} (the Session Manager preferences)`,
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'session-preferences-handler.handler',
      code: lambda.Code.fromAsset(join(__dirname, 'runtime'), { exclude: ['*', '!session-preferences-handler.js'] }),
      timeout: Duration.minutes(2),
      role,
      logGroup,
      reservedConcurrentExecutions: 1,
    });
    fn.node.addDependency(policy);
    acknowledgeAll(
      fn,
      [
        ...['HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321'].map((pack) => `${pack}-LambdaInsideVPC`),
        ...['HIPAA.Security', 'NIST.800.53.R5'].map((pack) => `${pack}-LambdaDLQ`),
        guardRule('lambda_inside_vpc_check'),
      ],
      {
        reason:
          'The function runs only when CloudFormation deploys the preferences, calls only the Systems Manager API on one document, and handles no customer data; the Security stack has no VPC (the network is built on its keys).',
        compensatingControl:
          'Its role may only create or update SSM-SessionManagerRunShell and write its encrypted log group; CloudFormation reports any failure and rolls back; CloudTrail records every call.',
      },
    );
    proveAllowed(this, {
      id: 'ProviderUpdatesPreferences',
      actor: { roleArn: role.roleArn, description: 'Session Manager preferences function role' },
      action: 'ssm:UpdateDocument',
      resource: document,
      resourceOutsideTemplates: true,
      why: 'Preferences saved in the console leave the document in place: the deployment must be able to update it, not only create it.',
    });
    return fn;
  }
}
