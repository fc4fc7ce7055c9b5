import { awsManagedPolicy, SERVICE_LINKED_ROLES } from './aws-managed-policies';
import { ResolvedResource, SynthesizedTemplates } from './synthesized-templates';

/** A policy document with where it came from, for the proof's explanation. */
export interface NamedPolicy {
  readonly name: string;
  readonly policy: Record<string, unknown>;
}

/** The resource policy guarding a resource, and the account that owns the resource. */
export interface ResourcePolicy {
  readonly account: string;
  /** `null`: the resource exists and has no resource policy. */
  readonly policy: NamedPolicy | null;
}

type Props = Record<string, unknown>;
const list = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const asDocument = (v: unknown): Record<string, unknown> => (typeof v === 'string' ? JSON.parse(v) : (v as Record<string, unknown>));
const where = (r: ResolvedResource) => `${r.stack.stackName}/${r.logicalId}`;

/** Groups items by key, in order. */
function index<T>(items: readonly T[], keys: (item: T) => readonly string[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) for (const key of keys(item)) map.set(key, [...(map.get(key) ?? []), item]);
  return map;
}

/**
 * The policies of the synthesized templates, by the principal they give permissions to and by the resource they
 * guard. Lookup tables are built once; answers are cached, since many proofs share principals and resources.
 */
export class PolicyIndex {
  private readonly roles: Map<string, ResolvedResource>;
  private readonly users: Map<string, ResolvedResource>;
  private readonly customerManaged: Map<string, ResolvedResource>;
  private readonly attached: Map<string, ResolvedResource[]>;
  private readonly groups: Map<string, ResolvedResource>;
  private readonly accounts: Set<string>;
  private readonly identityCache = new Map<string, NamedPolicy[] | undefined>();
  private readonly resourceCache = new Map<string, ResourcePolicy | undefined>();
  private readonly lookups = new Map<string, Map<string, ResolvedResource[]>>();

  constructor(private readonly templates: SynthesizedTemplates) {
    this.accounts = new Set(templates.stacks.map((s) => s.account));
    const single = (type: string, key: (r: ResolvedResource) => string) => new Map(templates.resourcesOfType(type).map((r) => [key(r), r]));
    this.roles = single('AWS::IAM::Role', (r) => this.attr(r, 'Arn'));
    this.users = single('AWS::IAM::User', (r) => this.attr(r, 'Arn'));
    this.groups = single('AWS::IAM::Group', (r) => this.ref(r));
    this.customerManaged = single('AWS::IAM::ManagedPolicy', (r) => this.ref(r));
    // Policies attached to roles, users and groups, by `<Roles|Users|Groups>:<name>`.
    const attachable = [...templates.resourcesOfType('AWS::IAM::Policy'), ...templates.resourcesOfType('AWS::IAM::ManagedPolicy')];
    this.attached = index(attachable, (p) => ['Roles', 'Users', 'Groups'].flatMap((kind) => list(p.properties[kind]).map((name) => `${kind}:${String(name)}`)));
  }

  /** True when the account is one the templates deploy to. */
  public isOwnAccount(account: string): boolean {
    return this.accounts.has(account);
  }

  /** The role of the templates with this ARN. */
  public role(arn: string): ResolvedResource | undefined {
    return this.roles.get(arn);
  }

  /** Identity policies of a role or user of the templates, or of a service-linked role; undefined when unknown. */
  public identityPolicies(principalArn: string): NamedPolicy[] | undefined {
    if (!this.identityCache.has(principalArn)) this.identityCache.set(principalArn, this.findIdentityPolicies(principalArn));
    return this.identityCache.get(principalArn);
  }

  /** AWS managed policies by name (e.g. `AdministratorAccess`), for roles the templates do not create. */
  public awsManagedPolicies(names: readonly string[]): NamedPolicy[] {
    return names.map((name) => this.managedPolicy(`arn:aws:iam::aws:policy/${name}`));
  }

  /** Permissions boundary of a role of the templates. */
  public permissionsBoundary(principalArn: string): NamedPolicy[] {
    const arn = this.roles.get(principalArn)?.properties.PermissionsBoundary;
    return arn ? [this.managedPolicy(String(arn))] : [];
  }

  /**
   * The resource policy guarding an ARN: key, bucket, topic, secret, vault, role trust, log group (the account's
   * CloudWatch Logs resource policies) or function permissions. Undefined: the templates do not hold the resource.
   */
  public resourcePolicy(arn: string): ResourcePolicy | undefined {
    if (!this.resourceCache.has(arn)) this.resourceCache.set(arn, this.findResourcePolicy(arn));
    return this.resourceCache.get(arn);
  }

  private findIdentityPolicies(principalArn: string): NamedPolicy[] | undefined {
    const slr = principalArn.match(/^arn:aws:iam::\d{12}:role\/aws-service-role\/(.+)$/);
    if (slr) {
      const managed = SERVICE_LINKED_ROLES[slr[1]];
      const document = managed ? awsManagedPolicy(`arn:aws:iam::aws:policy/${managed}`) : undefined;
      return document ? [{ name: managed, policy: document.document }] : undefined;
    }
    const role = this.roles.get(principalArn);
    if (role) return this.policiesOf(role, 'Roles', this.ref(role), []);
    const user = this.users.get(principalArn);
    return user && this.policiesOf(user, 'Users', this.ref(user), list(user.properties.Groups).map(String));
  }

  private findResourcePolicy(arn: string): ResourcePolicy | undefined {
    const parts = arn.split(':');
    const [service, region, account] = [parts[2], parts[3], parts[4]];
    const one = (type: string, key: (r: ResolvedResource) => string, value: string) => this.lookup(type, key).get(value)?.[0];
    const named = (name: string, r: ResolvedResource, property: string) => ({ name: `${name} of ${where(r)}`, policy: asDocument(r.properties[property]) });
    switch (service) {
      case 'kms': {
        const key = one('AWS::KMS::Key', (k) => this.attr(k, 'Arn'), arn);
        return key && { account, policy: named('key policy', key, 'KeyPolicy') };
      }
      case 's3': {
        const bucketName = parts.slice(5).join(':').split('/')[0];
        const bucket = one('AWS::S3::Bucket', (b) => this.ref(b), bucketName);
        if (!bucket) return undefined;
        const policy = one('AWS::S3::BucketPolicy', (p) => String(p.properties.Bucket), bucketName);
        return { account: bucket.stack.account, policy: policy ? named('bucket policy', policy, 'PolicyDocument') : null };
      }
      case 'sns': {
        if (!one('AWS::SNS::Topic', (t) => this.ref(t), arn)) return undefined;
        const policy = this.lookupMany('AWS::SNS::TopicPolicy', (p) => list(p.properties.Topics).map(String)).get(arn)?.[0];
        return { account, policy: policy ? named('topic policy', policy, 'PolicyDocument') : null };
      }
      case 'secretsmanager': {
        if (!one('AWS::SecretsManager::Secret', (s) => this.ref(s), arn)) return undefined;
        const policy = one('AWS::SecretsManager::ResourcePolicy', (p) => String(p.properties.SecretId), arn);
        return { account, policy: policy ? named('secret policy', policy, 'ResourcePolicy') : null };
      }
      case 'backup': {
        const vault = one('AWS::Backup::BackupVault', (v) => this.attr(v, 'BackupVaultArn'), arn);
        return vault && { account, policy: vault.properties.AccessPolicy ? named('access policy', vault, 'AccessPolicy') : null };
      }
      case 'iam': {
        const role = this.roles.get(arn);
        return role && { account, policy: named('trust policy', role, 'AssumeRolePolicyDocument') };
      }
      case 'logs': {
        if (!one('AWS::Logs::LogGroup', (g) => `${g.stack.region}/${this.ref(g)}`, `${region}/${parts[6]}`)) return undefined;
        const policies = this.lookup('AWS::Logs::ResourcePolicy', (p) => `${p.stack.region}/${p.stack.account}`).get(`${region}/${account}`) ?? [];
        if (policies.length === 0) return { account, policy: null };
        return {
          account,
          policy: {
            name: `CloudWatch Logs resource policies of ${region}`,
            policy: { Version: '2012-10-17', Statement: policies.flatMap((p) => list(asDocument(p.properties.PolicyDocument).Statement)) },
          },
        };
      }
      case 'lambda': {
        const fn = one('AWS::Lambda::Function', (f) => this.attr(f, 'Arn'), arn);
        if (!fn) return undefined;
        const permissions = this.templates
          .resourcesOfType('AWS::Lambda::Permission')
          .filter((p) => p.properties.FunctionName === arn || p.properties.FunctionName === this.ref(fn));
        return {
          account,
          policy: {
            name: `permissions of ${where(fn)}`,
            policy: { Version: '2012-10-17', Statement: permissions.map((p) => lambdaPermissionStatement(p.properties, arn)) },
          },
        };
      }
      case 'acm-pca': {
        // A private CA's resource policy shares it with other accounts; this app shares none (no AWS::ACMPCA::Permission either).
        const authority = one('AWS::ACMPCA::CertificateAuthority', (a) => this.attr(a, 'Arn'), arn);
        return authority && { account, policy: null };
      }
      default:
        return undefined;
    }
  }

  private lookup(type: string, key: (r: ResolvedResource) => string): Map<string, ResolvedResource[]> {
    return this.lookupMany(type, (r) => [key(r)]);
  }

  private lookupMany(type: string, keys: (r: ResolvedResource) => readonly string[]): Map<string, ResolvedResource[]> {
    let map = this.lookups.get(type);
    if (!map) {
      map = index(this.templates.resourcesOfType(type), keys);
      this.lookups.set(type, map);
    }
    return map;
  }

  private policiesOf(principal: ResolvedResource, attachment: 'Roles' | 'Users', name: string, groups: string[]): NamedPolicy[] {
    const props = principal.properties;
    const inline = list(props.Policies)
      .map((p) => p as Props)
      .map((p) => ({ name: `${where(principal)} inline ${String(p.PolicyName)}`, policy: asDocument(p.PolicyDocument) }));
    const managed = list(props.ManagedPolicyArns).map((arn) => this.managedPolicy(String(arn)));
    const attached = [`${attachment}:${name}`, ...groups.map((g) => `Groups:${g}`)]
      .flatMap((k) => this.attached.get(k) ?? [])
      .map((p) => ({ name: where(p), policy: asDocument(p.properties.PolicyDocument) }));
    const groupPolicies = groups
      .map((g) => this.groups.get(g))
      .filter((g): g is ResolvedResource => g !== undefined)
      .flatMap((g) => [
        ...list(g.properties.Policies).map((p) => ({ name: `${where(g)} inline`, policy: asDocument((p as Props).PolicyDocument) })),
        ...list(g.properties.ManagedPolicyArns).map((arn) => this.managedPolicy(String(arn))),
      ]);
    // A managed policy attached both ways counts once.
    const seen = new Set<string>();
    return [...inline, ...managed, ...attached, ...groupPolicies].filter((p) => !seen.has(p.name) && seen.add(p.name) !== undefined);
  }

  private managedPolicy(arn: string): NamedPolicy {
    const own = this.customerManaged.get(arn);
    if (own) return { name: where(own), policy: asDocument(own.properties.PolicyDocument) };
    const aws = awsManagedPolicy(arn);
    if (!aws)
      throw new Error(
        `managed policy ${arn} is neither in the templates nor in the AWS managed policies the proofs model (lib/proofs/aws-managed-policies.ts)`,
      );
    return { name: `${arn} (${aws.versionId})`, policy: aws.document };
  }

  private attr(r: ResolvedResource, name: string): string {
    return String(this.templates.resolve(r.stack, { 'Fn::GetAtt': [r.logicalId, name] }));
  }

  private ref(r: ResolvedResource): string {
    return String(this.templates.resolve(r.stack, { Ref: r.logicalId }));
  }
}

/** An AWS::Lambda::Permission as the statement it adds to the function's resource policy. */
function lambdaPermissionStatement(p: Props, functionArn: string): Record<string, unknown> {
  const principal = String(p.Principal);
  const condition: Record<string, Record<string, string>> = {};
  if (p.SourceArn) condition.ArnLike = { 'AWS:SourceArn': String(p.SourceArn) };
  if (p.SourceAccount) condition.StringEquals = { 'AWS:SourceAccount': String(p.SourceAccount) };
  return {
    Effect: 'Allow',
    Principal: principal.endsWith('.amazonaws.com') ? { Service: principal } : { AWS: principal },
    Action: String(p.Action),
    Resource: functionArn,
    ...(Object.keys(condition).length ? { Condition: condition } : {}),
  };
}
