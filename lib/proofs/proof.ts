import { IConstruct } from 'constructs';

/** Who makes a call, as AWS sees the request. */
export type ProofActor =
  /**
   * A role or user of this app, or of an account the platform names (an ARN; tokens allowed). A role of this account
   * that the templates do not create (e.g. CDK's bootstrap roles) names the AWS managed policies it holds.
   */
  | { readonly roleArn: string; readonly description: string; readonly managedPolicies?: readonly string[] }
  /** An AWS service principal calling on its own behalf, with the source it states. */
  | { readonly service: string; readonly sourceArn?: string; readonly sourceAccount?: string }
  /** A service-linked role of the account, e.g. `autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`. */
  | { readonly serviceLinkedRole: string; readonly account: string }
  /** A principal of another account (its root or a role), e.g. the SIEM subscriber. */
  | { readonly externalPrincipalArn: string; readonly description: string };

/** A call that must work (or must be refused) at run time, declared beside the construct that creates what it touches. */
export interface PermissionProof {
  /** Names the proof in reports; unique within the declaring construct, e.g. `AutoScalingCreatesVolumeGrants`. */
  readonly id: string;
  readonly actor: ProofActor;
  /** One IAM action, e.g. `kms:CreateGrant`. */
  readonly action: string;
  /** The ARN the call acts on (tokens allowed); its resource policy comes from the synthesized templates. */
  readonly resource: string;
  /**
   * The ARN whose resource policy guards the call, when it is not the resource's own: a backup vault for its recovery points.
   * @default the resource
   */
  readonly policyResource?: string;
  /**
   * Request context the service sends beyond what the actor implies (kms:ViaService, kms:GrantIsForAWSResource,
   * kms:EncryptionContext:*, s3:x-amz-acl, aws:SourceArn ...). Values are strings, as IAM compares them.
   * @default none
   */
  readonly context?: Readonly<Record<string, string | readonly string[]>>;
  /**
   * Condition keys the request does not carry (e.g. aws:MultiFactorAuthPresent for an IAM Identity Center session).
   * A condition on a key that is neither supplied nor listed here makes the proof inconclusive, never met or absent by default.
   * @default none
   */
  readonly absent?: readonly string[];
  /** What breaks if the call is refused (allowed proofs), or what the refusal protects (refused proofs), in one sentence. */
  readonly why: string;
  /**
   * The resource is created by an AWS service outside the templates (e.g. Security Lake's own bucket): judge the call
   * on identity policies and the key or bucket policies named in the proof only.
   * @default false
   */
  readonly resourceOutsideTemplates?: boolean;
}

/** A declared proof with what it expects and where it was declared. */
export interface DeclaredProof extends PermissionProof {
  readonly expect: 'allowed' | 'refused';
  readonly scope: IConstruct;
}

const registries = new WeakMap<IConstruct, DeclaredProof[]>();

function declare(scope: IConstruct, proof: PermissionProof, expect: DeclaredProof['expect']): void {
  if (!/^[A-Za-z][A-Za-z0-9]{2,80}$/.test(proof.id))
    throw new Error(`permission proof at ${scope.node.path}: id "${proof.id}" must be 3 to 81 letters and digits, starting with a letter`);
  if (!/^[a-z0-9-]+:[A-Za-z0-9*]+$/.test(proof.action))
    throw new Error(`permission proof ${proof.id} at ${scope.node.path}: action "${proof.action}" is not of the form service:Action`);
  if (proof.why.trim().length < 20) throw new Error(`permission proof ${proof.id} at ${scope.node.path}: why must say it in at least 20 characters`);
  const root = scope.node.root;
  const list = registries.get(root) ?? [];
  if (list.some((p) => p.scope === scope && p.id === proof.id)) throw new Error(`permission proof ${proof.id} is declared twice at ${scope.node.path}`);
  list.push({ ...proof, expect, scope });
  registries.set(root, list);
}

/** Declares a call that must be allowed at run time; the synth fails when the synthesized policies refuse it. */
export function proveAllowed(scope: IConstruct, proof: PermissionProof): void {
  declare(scope, proof, 'allowed');
}

/** Declares a call that must be refused; the synth fails when the synthesized policies allow it. */
export function proveRefused(scope: IConstruct, proof: PermissionProof): void {
  declare(scope, proof, 'refused');
}

/** Every proof declared in the tree of a root (usually the App), in declaration order. */
export function declaredProofs(root: IConstruct): readonly DeclaredProof[] {
  return registries.get(root.node.root) ?? [];
}
