import { Annotations, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { acknowledgeAll } from '../compliance/acknowledge';
import { proveAllowed, proveRefused } from '../proofs';

/** Properties of {@link TimeBoundAccess}. */
export interface TimeBoundAccessProps {
  /** The only account whose (MFA-signed-in) users may assume the roles. */
  readonly identityAccountId: string;
  /** IAM Identity Center permission sets of the identity account whose sessions may assume each role. */
  readonly permissionSets: { readonly operator: string; readonly breakGlass: string };
  /** Key that encrypts Session Manager sessions: operators generate the session's data key with it. */
  readonly sessionKey: kms.IKey;
  /** Instant (ISO 8601 UTC) after which the roles can no longer be assumed. */
  readonly expiry: string;
  readonly operatorRoleName: string;
  readonly breakGlassRoleName: string;
  /** The time synth compares the expiry with; tests pass a fixed one. @default now */
  readonly now?: Date;
}

/** Warn this long before elevated access lapses, or when it was granted for longer. */
const REVIEW_WINDOW_DAYS = 30;

/**
 * The engineers' roles: an operator (read-only, Session Manager) and break-glass (administrator).
 * Both require MFA, last at most an hour a session, trust only the identity account, and stop
 * being assumable when the configured expiry passes, so elevated access lapses on its own.
 */
export class TimeBoundAccess extends Construct {
  public readonly operator: iam.Role;
  public readonly breakGlass: iam.Role;

  constructor(scope: Construct, id: string, props: TimeBoundAccessProps) {
    super(scope, id);
    const expiry = Date.parse(props.expiry);
    if (Number.isNaN(expiry)) throw new Error(`TimeBoundAccess ${this.node.path}: expiry "${props.expiry}" is not an ISO 8601 timestamp`);
    const now = (props.now ?? new Date()).getTime();
    const days = (expiry - now) / 86_400_000;
    if (days < 0 || days > REVIEW_WINDOW_DAYS) {
      Annotations.of(this).addWarningV2(
        'halo:access-expiry',
        days < 0
          ? `Elevated access expired at ${props.expiry}: the operator and break-glass roles cannot be assumed until security.accessExpiry is renewed`
          : `Elevated access runs until ${props.expiry}, more than ${REVIEW_WINDOW_DAYS} days away: review access sooner`,
      );
    }
    const partition = Stack.of(this).partition;
    const identity = new iam.AccountPrincipal(props.identityAccountId);
    const until = { DateLessThan: { 'aws:CurrentTime': props.expiry } };
    // IAM users of the identity account: MFA on the session itself, signed within the hour.
    const mfaUsers = identity.withConditions({
      Bool: { 'aws:MultiFactorAuthPresent': 'true' },
      NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' },
      ArnLike: { 'aws:PrincipalArn': `arn:${partition}:iam::${props.identityAccountId}:user/*` },
      ...until,
    });
    // IAM Identity Center sessions carry no MFA key: Identity Center enforces MFA at sign-in, so trust is by permission set.
    const identityCenter = (permissionSet: string) =>
      new iam.PolicyStatement({
        sid: 'IdentityCenterPermissionSet',
        principals: [identity],
        actions: ['sts:AssumeRole'],
        conditions: {
          ArnLike: {
            'aws:PrincipalArn': `arn:${partition}:iam::${props.identityAccountId}:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_${permissionSet}_*`,
          },
          ...until,
        },
      });
    this.operator = new iam.Role(this, 'Operator', {
      roleName: props.operatorRoleName,
      description: `Operators: read-only and Session Manager, until ${props.expiry}`,
      assumedBy: mfaUsers,
      maxSessionDuration: Duration.hours(1),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('ReadOnlyAccess')],
    });
    this.operator.addManagedPolicy(
      new iam.ManagedPolicy(this, 'OperatorSessions', {
        statements: [
          new iam.PolicyStatement({ actions: ['ssm:StartSession', 'ssm:ResumeSession', 'ssm:TerminateSession'], resources: ['*'] }),
          // Session Manager encrypts each session with a data key generated for the operator who starts it.
          new iam.PolicyStatement({ actions: ['kms:GenerateDataKey'], resources: [props.sessionKey.keyArn] }),
        ],
      }),
    );
    this.breakGlass = new iam.Role(this, 'BreakGlass', {
      roleName: props.breakGlassRoleName,
      description: `Break-glass administrator: emergencies and locked-vault changes, until ${props.expiry}`,
      assumedBy: mfaUsers,
      maxSessionDuration: Duration.hours(1),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AdministratorAccess')],
    });
    this.operator.assumeRolePolicy!.addStatements(identityCenter(props.permissionSets.operator));
    this.breakGlass.assumeRolePolicy!.addStatements(identityCenter(props.permissionSets.breakGlass));
    // A change the backup vault's policy denies to everyone else is deployed with CloudFormation acting as break-glass
    // (`cdk deploy --role-arn`), which only a principal allowed to pass this role can ask for.
    this.breakGlass.assumeRolePolicy!.addStatements(
      new iam.PolicyStatement({
        sid: 'CloudFormationForBreakGlassDeployments',
        principals: [new iam.ServicePrincipal('cloudformation.amazonaws.com')],
        actions: ['sts:AssumeRole'],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    acknowledgeAll(this.operator, ['AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/ReadOnlyAccess]'], {
      reason: 'Operators need to read every service the platform uses; AWS maintains ReadOnlyAccess as services are added.',
      compensatingControl:
        'MFA within the hour, one-hour sessions, trust limited to the identity account and lapsing at the configured expiry; every call is in CloudTrail.',
    });
    acknowledgeAll(this, ['AwsSolutions-IAM5[Resource::*]'], {
      reason: 'Session Manager sessions target instances created and replaced by Auto Scaling, which have no stable ARNs.',
      compensatingControl: 'Only session actions; sessions are encrypted and logged to the log group of the region by the Session Manager preferences.',
    });
    this.proveAccess(props);
    acknowledgeAll(this.breakGlass, ['AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AdministratorAccess]'], {
      reason: 'Break-glass exists for the emergencies no narrower role foresees, including changes the backup vault policy denies to everyone else.',
      compensatingControl:
        'MFA within the hour, one-hour sessions, identity-account trust that lapses at the configured expiry, and alarms on IAM policy and trail changes.',
    });
  }

  /** Who may assume each role, and when: Identity Center sessions and MFA-signed IAM users of the identity account, until the expiry. */
  private proveAccess(props: TimeBoundAccessProps): void {
    const identity = props.identityAccountId;
    const expired = new Date(Date.parse(props.expiry) + 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const ssoRole = (set: string) => `arn:aws:iam::${identity}:role/aws-reserved/sso.amazonaws.com/eu-west-2/AWSReservedSSO_${set}_0123456789abcdef`;
    const user = `arn:aws:iam::${identity}:user/engineer`;
    const noMfa = ['aws:MultiFactorAuthPresent', 'aws:MultiFactorAuthAge'];
    const withMfa = { 'aws:MultiFactorAuthPresent': 'true', 'aws:MultiFactorAuthAge': '300' };
    for (const [name, role, set] of [
      ['Operator', this.operator, props.permissionSets.operator],
      ['BreakGlass', this.breakGlass, props.permissionSets.breakGlass],
    ] as const) {
      const other = name === 'Operator' ? props.permissionSets.breakGlass : props.permissionSets.operator;
      proveAllowed(role, {
        id: `IdentityCenter${name}SignsIn`,
        actor: { roleArn: ssoRole(set), description: `IAM Identity Center session of permission set ${set}` },
        action: 'sts:AssumeRole',
        resource: role.roleArn,
        absent: noMfa,
        why: 'Engineers sign in through IAM Identity Center, which enforces MFA at sign-in; its sessions carry no MFA context key.',
      });
      proveRefused(role, {
        id: `IdentityCenterOther${name}Refused`,
        actor: { roleArn: ssoRole(other), description: `IAM Identity Center session of permission set ${other}` },
        action: 'sts:AssumeRole',
        resource: role.roleArn,
        absent: noMfa,
        why: 'Each role admits only the permission set made for it, so operator sign-ins never reach break-glass.',
      });
      proveAllowed(role, {
        id: `MfaUser${name}SignsIn`,
        actor: { roleArn: user, description: 'IAM user of the identity account, MFA-signed' },
        action: 'sts:AssumeRole',
        resource: role.roleArn,
        context: withMfa,
        why: 'IAM users of the identity account reach the role only with an MFA-authenticated session.',
      });
      proveRefused(role, {
        id: `AccessKeyUser${name}Refused`,
        actor: { roleArn: user, description: 'IAM user of the identity account with an access key, no MFA' },
        action: 'sts:AssumeRole',
        resource: role.roleArn,
        absent: noMfa,
        why: 'Long-term access keys carry no MFA context: without MFA nobody reaches the elevated roles.',
      });
      proveRefused(role, {
        id: `Expired${name}Refused`,
        actor: { roleArn: ssoRole(set), description: `IAM Identity Center session of permission set ${set}, after the expiry` },
        action: 'sts:AssumeRole',
        resource: role.roleArn,
        absent: noMfa,
        context: { 'aws:CurrentTime': expired },
        why: 'Elevated access lapses on its own at the configured expiry.',
      });
      proveRefused(role, {
        id: `OtherAccount${name}Refused`,
        actor: { roleArn: 'arn:aws:iam::999988887777:user/engineer', description: 'IAM user of another account, MFA-signed' },
        action: 'sts:AssumeRole',
        resource: role.roleArn,
        context: withMfa,
        why: 'Only the identity account may reach the roles.',
      });
    }
    // Whether StartSession's data key request reaches KMS through Systems Manager is not documented: both forms are proven.
    const sessionWhy = 'Session Manager encrypts each session with a data key generated for the operator starting it; without it no session opens.';
    const operator = { roleArn: this.operator.roleArn, description: 'operator role' };
    proveAllowed(this.breakGlass, {
      id: 'CloudFormationActsAsBreakGlass',
      actor: { service: 'cloudformation.amazonaws.com', sourceAccount: Stack.of(this).account },
      action: 'sts:AssumeRole',
      resource: this.breakGlass.roleArn,
      why: 'Vault policy changes are deployed with `cdk deploy --role-arn <break-glass>`: CloudFormation must be able to act as the role.',
    });
    proveAllowed(this.operator, {
      id: 'OperatorOpensEncryptedSession',
      actor: operator,
      action: 'kms:GenerateDataKey',
      resource: props.sessionKey.keyArn,
      absent: ['kms:ViaService'],
      why: sessionWhy,
    });
    proveAllowed(this.operator, {
      id: 'OperatorOpensEncryptedSessionViaSsm',
      actor: operator,
      action: 'kms:GenerateDataKey',
      resource: props.sessionKey.keyArn,
      context: { 'kms:ViaService': `ssm.${Stack.of(this).region}.amazonaws.com` },
      why: sessionWhy,
    });
  }
}
