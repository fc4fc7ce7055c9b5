import { RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';

/** Properties of {@link SessionManagerPreferences}. */
export interface SessionManagerPreferencesProps {
  /** Key that encrypts session data and the session log group (the region's logs key). */
  readonly logsKey: kms.IKey;
  readonly logRetention: logs.RetentionDays;
  /** @default 20 */
  readonly idleTimeoutMinutes?: number;
  /** @default 60 */
  readonly maxSessionMinutes?: number;
}

/**
 * The region's Session Manager preferences (the SSM-SessionManagerRunShell document): sessions
 * encrypted with the logs key, streamed to an encrypted in-region log group, idle and maximum limits.
 */
export class SessionManagerPreferences extends Construct {
  public readonly logGroup: logs.LogGroup;
  public readonly document: ssm.CfnDocument;

  constructor(scope: Construct, id: string, props: SessionManagerPreferencesProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Sessions', { encryptionKey: props.logsKey, retention: props.logRetention, removalPolicy: RemovalPolicy.RETAIN });
    this.document = new ssm.CfnDocument(this, 'Preferences', {
      name: 'SSM-SessionManagerRunShell',
      documentType: 'Session',
      documentFormat: 'JSON',
      updateMethod: 'NewVersion',
      content: {
        schemaVersion: '1.0',
        description: 'Halo Session Manager preferences: encrypted, logged sessions',
        sessionType: 'Standard_Stream',
        inputs: {
          kmsKeyId: props.logsKey.keyArn,
          cloudWatchLogGroupName: this.logGroup.logGroupName,
          cloudWatchEncryptionEnabled: true,
          cloudWatchStreamingEnabled: true,
          s3BucketName: '',
          s3EncryptionEnabled: true,
          runAsEnabled: false,
          idleSessionTimeout: String(props.idleTimeoutMinutes ?? 20),
          maxSessionDuration: String(props.maxSessionMinutes ?? 60),
        },
      },
    });
  }
}
