import { awsManagedPolicy, SERVICE_LINKED_ROLES } from './aws-managed-policies';
import { ResolvedResource, SynthesizedTemplates } from './synthesized-templates';

/** A policy document with where it came from, for the proof's explanation. */
export interface NamedPolicy {
  readonly name: string;
  readonly policy: Record<string, unknown>;
}

type Props = Record<string, unknown>;
const list = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const asDocument = (v: unknown): Record<string, unknown> => (typeof v === 'string' ? JSON.parse(v) : (v as Record<string, unknown>));
const where = (r: ResolvedResource) => `${r.stack.stackName}/${r.logicalId}`;

/** The policies of the synthesized templates, by the principal they give permissions to and by the resource they guard. */
export class PolicyIndex {
  private readonly roles = new Map<string, ResolvedResource>();
  private readonly users = new Map<string, ResolvedResource>();
  private readonly customerManaged = new Map<string, ResolvedResource>();
  private readonly accounts: Set<string>;

  constructor(private readonly templates: SynthesizedTemplates) {
    this.accounts = new Set(templates.stacks.map((s) => s.account));
    const attr = (r: ResolvedResource, name: string) => String((templates.resolve(r.stack, { 'Fn::GetAtt': [r.logicalId, name] })));
    for (const role of templates.resourcesOfType('AWS::IAM::Role')) this.roles.set(attr(role, 'Arn'), role);
    for (const user of templates.resourcesOfType('AWS::IAM::User')) this.users.set(attr(user, 'Arn'), user);
    for (const policy of templates.resourcesOfType('AWS::IAM::ManagedPolicy')) this.customerManaged.set(String(templates.resolve(policy.stack, { Ref: policy.logicalId })), policy);
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
    const slr = principalArn.match(/^arn:aws:iam::\d{12}:role\/aws-service-role\/(.+)$/);
    if (slr) {
      const managed = SERVICE_LINKED_ROLES[slr[1]];
      const document = managed ? awsManagedPolicy(`arn:aws:iam::aws:policy/${managed}`) : undefined;
      return document ? [{ name: managed, policy: document.document }] : undefined;
    }
    const role = this.roles.get(principalArn);
    if (role) return this.policiesOf(role, 'Roles', String(this.templates.resolve(role.stack, { Ref: role.logicalId })), []);
    const user = this.users.get(principalArn);
    if (user) {
      const name = String(this.templates.resolve(user.stack, { Ref: user.logicalId }));
      return this.policiesOf(user, 'Users', name, list(user.properties.Groups).map(String));
    }
    return undefined;
  }

  /** AWS managed policies by name (e.g. `AdministratorAccess`), for roles the templates do not create. */
  public awsManagedPolicies(names: readonly string[]): NamedPolicy[] {
    return names.map((name) => this.managedPolicy(`arn:aws:iam::aws:policy/${name}`));
  }

  /** Permissions boundary of a role of the templates. */
  public permissionsBoundary(principalArn: string): NamedPolicy[] {
    const role = this.roles.get(principalArn);
    const arn = role?.properties.PermissionsBoundary;
    return arn ? [this.managedPolicy(String(arn))] : [];
  }

  /**
   * The resource policy guarding an ARN: key, bucket, topic, secret, vault, role trust, log group (the account's
   * CloudWatch Logs resource policies) or function permissions. `null`: the resource exists and has none.
   * Undefined: the templates do not hold the resource.
   */
  public resourcePolicy(arn: string): { readonly account: string; readonly policy: NamedPolicy | null } | undefined {
    const parts = arn.split(':');
    const [service, region, account] = [parts[2], parts[3], parts[4]];
    const find = (type: string, match: (r: ResolvedResource) => boolean) => this.templates.resourcesOfType(type).filter(match);
    const attr = (r: ResolvedResource, name: string) => String(this.templates.resolve(r.stack, { 'Fn::GetAtt': [r.logicalId, name] }));
    const ref = (r: ResolvedResource) => String(this.templates.resolve(r.stack, { Ref: r.logicalId }));
    switch (service) {
      case 'kms': {
        const [key] = find('AWS::KMS::Key', (k) => attr(k, 'Arn') === arn);
        return key && { account, policy: { name: `key policy of ${where(key)}`, policy: asDocument(key.properties.KeyPolicy) } };
      }
      case 's3': {
        const bucketName = parts.slice(5).join(':').split('/')[0];
        const [bucket] = find('AWS::S3::Bucket', (b) => ref(b) === bucketName);
        if (!bucket) return undefined;
        const [policy] = find('AWS::S3::BucketPolicy', (p) => p.properties.Bucket === bucketName);
        return { account: bucket.stack.account, policy: policy ? { name: `bucket policy of ${where(policy)}`, policy: asDocument(policy.properties.PolicyDocument) } : null };
      }
      case 'sns': {
        const [topic] = find('AWS::SNS::Topic', (t) => ref(t) === arn);
        if (!topic) return undefined;
        const policies = find('AWS::SNS::TopicPolicy', (p) => list(p.properties.Topics).includes(arn));
        return { account, policy: policies.length ? { name: `topic policy of ${where(policies[0])}`, policy: asDocument(policies[0].properties.PolicyDocument) } : null };
      }
      case 'secretsmanager': {
        const [secret] = find('AWS::SecretsManager::Secret', (s) => ref(s) === arn);
        if (!secret) return undefined;
        const [policy] = find('AWS::SecretsManager::ResourcePolicy', (p) => p.properties.SecretId === arn);
        return { account, policy: policy ? { name: `secret policy of ${where(policy)}`, policy: asDocument(policy.properties.ResourcePolicy) } : null };
      }
      case 'backup': {
        const [vault] = find('AWS::Backup::BackupVault', (v) => attr(v, 'BackupVaultArn') === arn);
        if (!vault) return undefined;
        return { account, policy: vault.properties.AccessPolicy ? { name: `access policy of ${where(vault)}`, policy: asDocument(vault.properties.AccessPolicy) } : null };
      }
      case 'iam': {
        const role = this.roles.get(arn);
        return role && { account, policy: { name: `trust policy of ${where(role)}`, policy: asDocument(role.properties.AssumeRolePolicyDocument) } };
      }
      case 'logs': {
        const groupName = parts[6];
        const [group] = find('AWS::Logs::LogGroup', (g) => ref(g) === groupName && g.stack.region === region);
        if (!group) return undefined;
        const policies = find('AWS::Logs::ResourcePolicy', (p) => p.stack.region === region && p.stack.account === account);
        if (policies.length === 0) return { account, policy: null };
        return { account, policy: { name: `CloudWatch Logs resource policies of ${region}`, policy: { Version: '2012-10-17', Statement: policies.flatMap((p) => list(asDocument(p.properties.PolicyDocument).Statement)) } } };
      }
      case 'lambda': {
        const [fn] = find('AWS::Lambda::Function', (f) => attr(f, 'Arn') === arn);
        if (!fn) return undefined;
        const permissions = find('AWS::Lambda::Permission', (p) => p.properties.FunctionName === arn || p.properties.FunctionName === ref(fn));
        return { account, policy: { name: `permissions of ${where(fn)}`, policy: { Version: '2012-10-17', Statement: permissions.map((p) => lambdaPermissionStatement(p.properties, arn)) } } };
      }
      default:
        return undefined;
    }
  }

  private policiesOf(principal: ResolvedResource, attachment: 'Roles' | 'Users', name: string, groups: string[]): NamedPolicy[] {
    const props = principal.properties;
    const inline = list(props.Policies).map((p) => p as Props).map((p) => ({ name: `${where(principal)} inline ${String(p.PolicyName)}`, policy: asDocument(p.PolicyDocument) }));
    const managed = list(props.ManagedPolicyArns).map((arn) => this.managedPolicy(String(arn)));
    const attachedTo = (r: ResolvedResource) => list(r.properties[attachment]).includes(name) || list(r.properties.Groups).some((g) => groups.includes(String(g)));
    const policies = this.templates.resourcesOfType('AWS::IAM::Policy').filter(attachedTo)
      .map((p) => ({ name: `${where(p)}`, policy: asDocument(p.properties.PolicyDocument) }));
    const attachedManaged = this.templates.resourcesOfType('AWS::IAM::ManagedPolicy').filter(attachedTo)
      .map((p) => ({ name: `${where(p)}`, policy: asDocument(p.properties.PolicyDocument) }));
    const groupPolicies = this.templates.resourcesOfType('AWS::IAM::Group').filter((g) => groups.includes(String(this.templates.resolve(g.stack, { Ref: g.logicalId }))))
      .flatMap((g) => [...list(g.properties.Policies).map((p) => ({ name: `${where(g)} inline`, policy: asDocument((p as Props).PolicyDocument) })),
        ...list(g.properties.ManagedPolicyArns).map((arn) => this.managedPolicy(String(arn)))]);
    // A managed policy attached both ways counts once.
    const seen = new Set<string>();
    return [...inline, ...managed, ...policies, ...attachedManaged, ...groupPolicies].filter((p) => !seen.has(p.name) && seen.add(p.name) !== undefined);
  }

  private managedPolicy(arn: string): NamedPolicy {
    const own = this.customerManaged.get(arn);
    if (own) return { name: where(own), policy: asDocument(own.properties.PolicyDocument) };
    const aws = awsManagedPolicy(arn);
    if (!aws) throw new Error(`managed policy ${arn} is neither in the templates nor in the AWS managed policies the proofs model (lib/proofs/aws-managed-policies.ts)`);
    return { name: `${arn} (${aws.versionId})`, policy: aws.document };
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
