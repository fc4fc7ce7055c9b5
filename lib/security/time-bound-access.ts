import { Annotations, Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { acknowledgeAll } from '../compliance/acknowledge';

/** Properties of {@link TimeBoundAccess}. */
export interface TimeBoundAccessProps {
  /** The only account whose (MFA-signed-in) users may assume the roles. */
  readonly identityAccountId: string;
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
      Annotations.of(this).addWarningV2('halo:access-expiry', days < 0
        ? `Elevated access expired at ${props.expiry}: the operator and break-glass roles cannot be assumed until security.accessExpiry is renewed`
        : `Elevated access runs until ${props.expiry}, more than ${REVIEW_WINDOW_DAYS} days away: review access sooner`);
    }
    const trust = () => new iam.AccountPrincipal(props.identityAccountId).withConditions({
      Bool: { 'aws:MultiFactorAuthPresent': 'true' },
      NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' },
      DateLessThan: { 'aws:CurrentTime': props.expiry },
    });
    this.operator = new iam.Role(this, 'Operator', {
      roleName: props.operatorRoleName,
      description: `Operators: read-only and Session Manager, until ${props.expiry}`,
      assumedBy: trust(),
      maxSessionDuration: Duration.hours(1),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('ReadOnlyAccess')],
    });
    this.operator.addManagedPolicy(new iam.ManagedPolicy(this, 'OperatorSessions', {
      statements: [new iam.PolicyStatement({ actions: ['ssm:StartSession', 'ssm:ResumeSession', 'ssm:TerminateSession'], resources: ['*'] })],
    }));
    this.breakGlass = new iam.Role(this, 'BreakGlass', {
      roleName: props.breakGlassRoleName,
      description: `Break-glass administrator: emergencies and locked-vault changes, until ${props.expiry}`,
      assumedBy: trust(),
      maxSessionDuration: Duration.hours(1),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AdministratorAccess')],
    });
    acknowledgeAll(this.operator, ['AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/ReadOnlyAccess]'], {
      reason: 'Operators need to read every service the platform uses; AWS maintains ReadOnlyAccess as services are added.',
      compensatingControl: 'MFA within the hour, one-hour sessions, trust limited to the identity account and lapsing at the configured expiry; every call is in CloudTrail.',
    });
    acknowledgeAll(this, ['AwsSolutions-IAM5[Resource::*]'], {
      reason: 'Session Manager sessions target instances created and replaced by Auto Scaling, which have no stable ARNs.',
      compensatingControl: 'Only session actions; sessions are encrypted and logged to the log group of the region by the Session Manager preferences.',
    });
    acknowledgeAll(this.breakGlass, ['AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AdministratorAccess]'], {
      reason: 'Break-glass exists for the emergencies no narrower role foresees, including changes the backup vault policy denies to everyone else.',
      compensatingControl: 'MFA within the hour, one-hour sessions, identity-account trust that lapses at the configured expiry, and alarms on IAM policy and trail changes.',
    });
  }
}
