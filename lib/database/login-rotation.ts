import { Duration, Fn, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct, IDependable } from 'constructs';
import { proveAllowed, via } from '../proofs';
import { CONNECTION_PASSWORD_EXCLUDES } from './connection-secret';
import type { SqlServerNode } from './sql-server-node';
import { VpcFunction } from './vpc-function';

/** Properties of {@link LoginRotation}. */
export interface LoginRotationProps {
  /** The connection secret the application reads. */
  readonly secret: secretsmanager.ISecret;
  /** Its key (the region's data key). */
  readonly secretKey: kms.IKey;
  /** The two logins used in turn. */
  readonly logins: readonly [string, string];
  readonly nodes: readonly SqlServerNode[];
  /** The document that sets the pending password on a node and signs in with it. */
  readonly setPasswordDocument: ssm.CfnDocument;
  readonly vpc: ec2.IVpc;
  readonly subnets: ec2.SubnetSelection;
  readonly vpcCidr: string;
  readonly logsKey: kms.IKey;
  /** Rotation waits for the logins to exist on every node. */
  readonly after: readonly IDependable[];
  /** @default 30 days */
  readonly every?: Duration;
}

/**
 * Rotation of the application's SQL credential: Secrets Manager calls a function that alternates between the two
 * logins and has every node set the new password (through SSM Run Command) before the secret moves to it.
 */
export class LoginRotation extends Construct {
  public readonly schedule: secretsmanager.CfnRotationSchedule;

  constructor(scope: Construct, id: string, props: LoginRotationProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const documentArn = stack.formatArn({ service: 'ssm', resource: 'document', resourceName: props.setPasswordDocument.ref });
    const instanceArns = props.nodes.map((n) => stack.formatArn({ service: 'ec2', resource: 'instance', resourceName: n.instance.ref }));
    const fn = new VpcFunction(this, 'Function', {
      description: 'Rotates the application SQL login of the cell on every node',
      handlerFile: 'login-rotation-handler.js',
      vpc: props.vpc,
      subnets: props.subnets,
      vpcCidr: props.vpcCidr,
      logsKey: props.logsKey,
      timeout: Duration.minutes(15),
      environment: {
        APPLICATION_LOGINS: props.logins.join(','),
        NODE_INSTANCE_IDS: Fn.join(
          ',',
          props.nodes.map((n) => n.instance.ref),
        ),
        SET_PASSWORD_DOCUMENT: props.setPasswordDocument.ref,
        EXCLUDE_CHARACTERS: CONNECTION_PASSWORD_EXCLUDES,
      },
      statements: [
        new iam.PolicyStatement({
          actions: [
            'secretsmanager:DescribeSecret',
            'secretsmanager:GetSecretValue',
            'secretsmanager:PutSecretValue',
            'secretsmanager:UpdateSecretVersionStage',
          ],
          resources: [props.secret.secretArn],
        }),
        new iam.PolicyStatement({ actions: ['secretsmanager:GetRandomPassword', 'ssm:GetCommandInvocation'], resources: ['*'] }),
        new iam.PolicyStatement({
          actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
          resources: [props.secretKey.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': via(this, 'secretsmanager') } },
        }),
        new iam.PolicyStatement({ actions: ['ssm:SendCommand'], resources: [documentArn, ...instanceArns] }),
      ],
      withoutDeadLetterQueue: {
        reason:
          'Secrets Manager invokes the function synchronously for each rotation step and retries or marks the rotation failed itself; a dead-letter queue would not change that.',
        compensatingControl:
          'A failed rotation leaves AWSCURRENT untouched (the application keeps working), is logged to the encrypted log group and raises the rotation-failure alarm.',
      },
    });
    const invoke = new lambda.CfnPermission(this, 'SecretsManagerInvokes', {
      action: 'lambda:InvokeFunction',
      functionName: fn.function.functionArn,
      principal: 'secretsmanager.amazonaws.com',
      sourceAccount: stack.account,
      sourceArn: props.secret.secretArn,
    });
    this.schedule = new secretsmanager.CfnRotationSchedule(this, 'Schedule', {
      secretId: props.secret.secretArn,
      rotationLambdaArn: fn.function.functionArn,
      rotationRules: { scheduleExpression: `rate(${(props.every ?? Duration.days(30)).toDays()} days)` },
      // The first deployment must not rotate at once: the logins exist only once formation is done, which the schedule waits for anyway.
      rotateImmediatelyOnUpdate: false,
    });
    // Secrets Manager checks it may invoke the function when the schedule is created.
    this.schedule.node.addDependency(invoke, ...props.after);
    this.proveRotation(fn.role, props, documentArn, instanceArns);
    proveAllowed(this, {
      id: 'SecretsManagerStartsRotation',
      actor: { service: 'secretsmanager.amazonaws.com', sourceArn: props.secret.secretArn, sourceAccount: stack.account },
      action: 'lambda:InvokeFunction',
      resource: fn.function.functionArn,
      why: 'Secrets Manager invokes the function for each rotation step; refused, the rotation fails and the credential is never rotated.',
    });
  }

  private proveRotation(role: iam.IRole, props: LoginRotationProps, documentArn: string, instanceArns: string[]): void {
    const actor = { roleArn: role.roleArn, description: 'login rotation function role' };
    const why = 'Rotation writes the pending password, has every node set it, and then makes it current; any refusal leaves the rotation failed.';
    proveAllowed(this, { id: 'RotationWritesPendingPassword', actor, action: 'secretsmanager:PutSecretValue', resource: props.secret.secretArn, why });
    proveAllowed(this, {
      id: 'RotationEncryptsPendingPassword',
      actor,
      action: 'kms:GenerateDataKey',
      resource: props.secretKey.keyArn,
      context: { 'kms:ViaService': via(this, 'secretsmanager'), 'kms:EncryptionContext:SecretARN': props.secret.secretArn },
      why,
    });
    proveAllowed(this, { id: 'RotationRunsSetPasswordDocument', actor, action: 'ssm:SendCommand', resource: documentArn, resourceOutsideTemplates: true, why });
    instanceArns.forEach((arn, i) =>
      proveAllowed(this, { id: `RotationReachesNode${i + 1}`, actor, action: 'ssm:SendCommand', resource: arn, resourceOutsideTemplates: true, why }),
    );
    proveAllowed(this, { id: 'RotationMovesStage', actor, action: 'secretsmanager:UpdateSecretVersionStage', resource: props.secret.secretArn, why });
  }
}
