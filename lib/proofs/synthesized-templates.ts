import { createHash } from 'crypto';

/** One synthesized stack: its template as CloudFormation will receive it, and where it deploys. */
export interface SynthesizedStack {
  readonly stackName: string;
  readonly account: string;
  readonly region: string;
  readonly template: CfnTemplate;
}

/** The parts of a CloudFormation template the proofs read. */
export interface CfnTemplate {
  readonly Resources?: Record<string, CfnResourceJson>;
  readonly Outputs?: Record<string, { readonly Value: unknown; readonly Export?: { readonly Name: unknown } }>;
  readonly Parameters?: Record<string, { readonly Type: string; readonly Default?: unknown }>;
}

export interface CfnResourceJson {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
}

/** A resource of a stack, with its properties resolved to the values CloudFormation would give them. */
export interface ResolvedResource {
  readonly stack: SynthesizedStack;
  readonly logicalId: string;
  readonly type: string;
  readonly properties: Record<string, unknown>;
}

/** Prefix of a value the model cannot know at synth (an attribute it does not model); policies holding one are not judged. */
export const UNRESOLVED = '\u00abunresolved:';

/** True when a resolved value still holds something the model could not resolve. */
export function holdsUnresolved(value: unknown): boolean {
  return JSON.stringify(value ?? null).includes(UNRESOLVED);
}

const PARTITION = 'aws';
const hash = (text: string, length = 8) => createHash('sha256').update(text).digest('hex').slice(0, length);

/**
 * The synthesized templates of an app, read as one account would see them after deployment: every intrinsic
 * (Ref, Fn::GetAtt, Fn::Join, Fn::Sub, Fn::GetStackOutput, Fn::ImportValue ...) is evaluated to a string, and
 * each resource gets the physical name CloudFormation would give it (its configured name, or a stable generated
 * one), so a role's ARN in one stack's key policy equals the ARN of the role itself in another stack.
 */
export class SynthesizedTemplates {
  private readonly byName = new Map<string, SynthesizedStack>();
  private readonly byType = new Map<string, ResolvedResource[]>();
  private readonly physicalNames = new Map<string, { ref: unknown; attributes: Record<string, unknown> }>();

  constructor(public readonly stacks: readonly SynthesizedStack[]) {
    stacks.forEach((s) => this.byName.set(`${s.region}\u0000${s.stackName}`, s));
  }

  /** Every resource of a type in every stack, with resolved properties (resolved once). */
  public resourcesOfType(type: string): readonly ResolvedResource[] {
    let resources = this.byType.get(type);
    if (!resources) {
      resources = this.stacks.flatMap((stack) =>
        Object.entries(stack.template.Resources ?? {})
          .filter(([, r]) => r.Type === type)
          .map(([logicalId, r]) => ({
            stack,
            logicalId,
            type: r.Type,
            properties: (this.resolve(stack, r.Properties ?? {}) ?? {}) as Record<string, unknown>,
          })),
      );
      this.byType.set(type, resources);
    }
    return resources;
  }

  /** Evaluates a template value of a stack to plain JSON. */
  public resolve(stack: SynthesizedStack, value: unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => this.resolve(stack, v)).filter((v) => v !== NO_VALUE);
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 1) {
      const [fn, arg] = entries[0];
      if (fn === 'Ref') return this.ref(stack, String(arg));
      if (fn.startsWith('Fn::')) return this.intrinsic(stack, fn, arg);
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of entries) {
      const resolved = this.resolve(stack, v);
      if (resolved !== NO_VALUE) out[k] = resolved;
    }
    return out;
  }

  /** A stack by name and region, as `Fn::GetStackOutput` addresses it. */
  public stack(stackName: string, region: string): SynthesizedStack | undefined {
    return this.byName.get(`${region}\u0000${stackName}`);
  }

  private intrinsic(stack: SynthesizedStack, fn: string, arg: unknown): unknown {
    switch (fn) {
      case 'Fn::GetAtt': {
        const [logicalId, attribute] = Array.isArray(arg) ? arg.map(String) : String(arg).split(/\.(.*)/s);
        return this.getAtt(stack, logicalId, attribute);
      }
      case 'Fn::Join': {
        const [separator, list] = arg as [string, unknown];
        const values = this.resolve(stack, list);
        return Array.isArray(values) ? values.map(String).join(separator) : `${UNRESOLVED}Fn::Join of a non-list\u00bb`;
      }
      case 'Fn::Select': {
        const [index, list] = arg as [unknown, unknown];
        const values = this.resolve(stack, list);
        return Array.isArray(values) ? values[Number(this.resolve(stack, index))] : `${UNRESOLVED}Fn::Select of a non-list\u00bb`;
      }
      case 'Fn::Split': {
        const [separator, text] = arg as [string, unknown];
        return String(this.resolve(stack, text)).split(separator);
      }
      case 'Fn::Sub': {
        const [text, variables] = Array.isArray(arg) ? (arg as [string, Record<string, unknown>]) : [String(arg), {}];
        return text.replace(/\$\{([^}!][^}]*)\}/g, (_, name: string) => {
          if (name in variables) return String(this.resolve(stack, variables[name]));
          const [id, attribute] = name.split(/\.(.*)/s);
          return String(attribute ? this.getAtt(stack, id, attribute) : this.ref(stack, id));
        });
      }
      case 'Fn::GetStackOutput': {
        const { StackName, Region, OutputName } = arg as { StackName: unknown; Region: unknown; OutputName: unknown };
        const producer = this.stack(String(this.resolve(stack, StackName)), String(this.resolve(stack, Region ?? stack.region)));
        const output = producer?.template.Outputs?.[String(OutputName)];
        return producer && output ? this.resolve(producer, output.Value) : `${UNRESOLVED}output ${String(OutputName)} of ${String(StackName)}\u00bb`;
      }
      case 'Fn::ImportValue': {
        const name = String(this.resolve(stack, arg));
        for (const producer of this.stacks.filter((s) => s.region === stack.region && s.account === stack.account)) {
          for (const output of Object.values(producer.template.Outputs ?? {})) {
            if (output.Export && this.resolve(producer, output.Export.Name) === name) return this.resolve(producer, output.Value);
          }
        }
        return `${UNRESOLVED}import ${name}\u00bb`;
      }
      case 'Fn::Base64':
        return Buffer.from(String(this.resolve(stack, arg))).toString('base64');
      default:
        return `${UNRESOLVED}${fn}\u00bb`;
    }
  }

  private ref(stack: SynthesizedStack, name: string): unknown {
    switch (name) {
      case 'AWS::AccountId':
        return stack.account;
      case 'AWS::Region':
        return stack.region;
      case 'AWS::Partition':
        return PARTITION;
      case 'AWS::URLSuffix':
        return 'amazonaws.com';
      case 'AWS::StackName':
        return stack.stackName;
      case 'AWS::StackId':
        return `arn:${PARTITION}:cloudformation:${stack.region}:${stack.account}:stack/${stack.stackName}/${hash(stack.stackName, 8)}-0000-4000-8000-${hash(stack.region, 12)}`;
      case 'AWS::NoValue':
        return NO_VALUE;
      default:
        break;
    }
    const resource = stack.template.Resources?.[name];
    if (resource) return this.physical(stack, name, resource).ref;
    const parameter = stack.template.Parameters?.[name];
    if (parameter)
      return parameter.Default !== undefined ? `${UNRESOLVED}parameter ${name} (${String(parameter.Default)})\u00bb` : `${UNRESOLVED}parameter ${name}\u00bb`;
    return `${UNRESOLVED}Ref ${name}\u00bb`;
  }

  private getAtt(stack: SynthesizedStack, logicalId: string, attribute: string): unknown {
    const resource = stack.template.Resources?.[logicalId];
    if (!resource) return `${UNRESOLVED}GetAtt ${logicalId}.${attribute}\u00bb`;
    const attributes = this.physical(stack, logicalId, resource).attributes;
    return attribute in attributes ? attributes[attribute] : `${UNRESOLVED}${resource.Type}.${attribute}\u00bb`;
  }

  /** The name and attributes CloudFormation gives a resource: configured names are kept, others generated stably. */
  private physical(stack: SynthesizedStack, logicalId: string, resource: CfnResourceJson): { ref: unknown; attributes: Record<string, unknown> } {
    const key = `${stack.region}\u0000${stack.stackName}\u0000${logicalId}`;
    let names = this.physicalNames.get(key);
    if (!names) {
      names = this.name(stack, logicalId, resource);
      this.physicalNames.set(key, names);
    }
    return names;
  }

  private name(stack: SynthesizedStack, logicalId: string, resource: CfnResourceJson): { ref: unknown; attributes: Record<string, unknown> } {
    const { account, region } = stack;
    const props = (name: string) => {
      const value = resource.Properties?.[name];
      return value === undefined ? undefined : this.resolve(stack, value);
    };
    const generated = `${stack.stackName}-${logicalId}`.slice(0, 52) + `-${hash(`${stack.stackName}/${logicalId}`).toUpperCase()}`;
    const id = (prefix: string) => `${prefix}-${hash(`${region}/${stack.stackName}/${logicalId}`, 17)}`;
    const arn = (service: string, resourcePart: string, r = region, a = account) => `arn:${PARTITION}:${service}:${r}:${a}:${resourcePart}`;
    switch (resource.Type) {
      case 'AWS::IAM::Role': {
        const name = String(props('RoleName') ?? generated.slice(0, 64));
        const path = String(props('Path') ?? '/');
        return { ref: name, attributes: { Arn: `arn:${PARTITION}:iam::${account}:role${path}${name}`, RoleId: `AROA${hash(name, 17).toUpperCase()}` } };
      }
      case 'AWS::IAM::User': {
        const name = String(props('UserName') ?? generated.slice(0, 64));
        return { ref: name, attributes: { Arn: `arn:${PARTITION}:iam::${account}:user${String(props('Path') ?? '/')}${name}` } };
      }
      case 'AWS::IAM::Group': {
        const name = String(props('GroupName') ?? generated.slice(0, 128));
        return { ref: name, attributes: { Arn: `arn:${PARTITION}:iam::${account}:group/${name}` } };
      }
      case 'AWS::IAM::ManagedPolicy': {
        const name = String(props('ManagedPolicyName') ?? generated.slice(0, 128));
        const policyArn = `arn:${PARTITION}:iam::${account}:policy${String(props('Path') ?? '/')}${name}`;
        return { ref: policyArn, attributes: { PolicyArn: policyArn } };
      }
      case 'AWS::IAM::InstanceProfile': {
        const name = String(props('InstanceProfileName') ?? generated.slice(0, 128));
        return { ref: name, attributes: { Arn: `arn:${PARTITION}:iam::${account}:instance-profile/${name}` } };
      }
      case 'AWS::KMS::Key': {
        const keyId = `${hash(`${region}/${stack.stackName}/${logicalId}`, 8)}-0000-4000-8000-${hash(logicalId, 12)}`;
        return { ref: keyId, attributes: { Arn: arn('kms', `key/${keyId}`), KeyId: keyId } };
      }
      case 'AWS::S3::Bucket': {
        const name = String(
          props('BucketName') ??
            generated
              .toLowerCase()
              .replace(/[^a-z0-9-]/g, '-')
              .slice(0, 63),
        );
        return {
          ref: name,
          attributes: {
            Arn: `arn:${PARTITION}:s3:::${name}`,
            DomainName: `${name}.s3.amazonaws.com`,
            RegionalDomainName: `${name}.s3.${region}.amazonaws.com`,
          },
        };
      }
      case 'AWS::SNS::Topic': {
        const name = String(props('TopicName') ?? generated.slice(0, 256));
        const topicArn = arn('sns', name);
        return { ref: topicArn, attributes: { TopicArn: topicArn, TopicName: name } };
      }
      case 'AWS::SecretsManager::Secret': {
        const name = String(props('Name') ?? `${logicalId}-${hash(`${region}/${stack.stackName}/${logicalId}`, 12)}`);
        const secretArn = arn('secretsmanager', `secret:${name}-${hash(name, 6)}`);
        return { ref: secretArn, attributes: { Id: secretArn } };
      }
      case 'AWS::Backup::BackupVault': {
        const name = String(props('BackupVaultName'));
        return { ref: name, attributes: { BackupVaultName: name, BackupVaultArn: arn('backup', `backup-vault:${name}`) } };
      }
      case 'AWS::Backup::BackupPlan': {
        const planId = `${hash(`${region}/${stack.stackName}/${logicalId}`, 8)}-plan`;
        return { ref: planId, attributes: { BackupPlanId: planId, BackupPlanArn: arn('backup', `backup-plan:${planId}`), VersionId: 'v1' } };
      }
      case 'AWS::Backup::RestoreTestingPlan': {
        const name = String(props('RestoreTestingPlanName'));
        return { ref: name, attributes: { RestoreTestingPlanArn: arn('backup', `restore-testing-plan:${name}-${hash(name, 6)}`) } };
      }
      case 'AWS::Logs::LogGroup': {
        const name = String(props('LogGroupName') ?? generated);
        return { ref: name, attributes: { Arn: arn('logs', `log-group:${name}:*`) } };
      }
      case 'AWS::CloudTrail::Trail': {
        const name = String(props('TrailName') ?? generated.slice(0, 128));
        return { ref: name, attributes: { Arn: arn('cloudtrail', `trail/${name}`) } };
      }
      case 'AWS::Lambda::Function': {
        const name = String(props('FunctionName') ?? generated.slice(0, 64));
        return { ref: name, attributes: { Arn: arn('lambda', `function:${name}`) } };
      }
      case 'AWS::Events::Rule': {
        const name = String(props('Name') ?? generated.slice(0, 64));
        return { ref: name, attributes: { Arn: arn('events', `rule/${name}`) } };
      }
      case 'AWS::CloudWatch::Alarm': {
        const name = String(props('AlarmName') ?? generated);
        return { ref: name, attributes: { Arn: arn('cloudwatch', `alarm:${name}`) } };
      }
      case 'AWS::CloudWatch::CompositeAlarm': {
        const name = String(props('AlarmName') ?? generated);
        return { ref: name, attributes: { Arn: arn('cloudwatch', `alarm:${name}`) } };
      }
      case 'AWS::SecurityLake::DataLake':
        return {
          ref: arn('securitylake', 'data-lake/default'),
          attributes: {
            Arn: arn('securitylake', 'data-lake/default'),
            S3BucketArn: `arn:${PARTITION}:s3:::aws-security-data-lake-${region}-${hash(account, 30)}`,
          },
        };
      case 'AWS::WAFv2::WebACL': {
        const name = String(props('Name') ?? generated);
        return { ref: `${name}|${hash(name)}|REGIONAL`, attributes: { Arn: arn('wafv2', `regional/webacl/${name}/${hash(name)}`), Id: hash(name) } };
      }
      case 'AWS::ElasticLoadBalancingV2::LoadBalancer': {
        const name = `${logicalId.slice(0, 20)}-${hash(`${region}/${stack.stackName}/${logicalId}`)}`;
        const lbArn = arn('elasticloadbalancing', `loadbalancer/app/${name}/${hash(name, 16)}`);
        return {
          ref: lbArn,
          attributes: { LoadBalancerFullName: `app/${name}/${hash(name, 16)}`, DNSName: `${name}.${region}.elb.amazonaws.com`, LoadBalancerName: name },
        };
      }
      case 'AWS::ElasticLoadBalancingV2::TargetGroup': {
        const name = `${logicalId.slice(0, 20)}-${hash(`${region}/${stack.stackName}/${logicalId}`)}`;
        return {
          ref: arn('elasticloadbalancing', `targetgroup/${name}/${hash(name, 16)}`),
          attributes: { TargetGroupFullName: `targetgroup/${name}/${hash(name, 16)}`, TargetGroupName: name },
        };
      }
      case 'AWS::EC2::Instance':
        return { ref: id('i'), attributes: { PrivateIp: '10.0.0.10' } };
      case 'AWS::EC2::SecurityGroup':
        return { ref: id('sg'), attributes: { GroupId: id('sg') } };
      case 'AWS::EC2::Subnet':
        return { ref: id('subnet'), attributes: { SubnetId: id('subnet') } };
      case 'AWS::EC2::VPC':
        return { ref: id('vpc'), attributes: { VpcId: id('vpc'), DefaultSecurityGroup: id('sg') } };
      case 'AWS::EC2::FlowLog':
        return { ref: id('fl'), attributes: { Id: id('fl') } };
      case 'AWS::EC2::VPCEndpoint':
        return { ref: id('vpce'), attributes: { Id: id('vpce') } };
      case 'AWS::SSM::Document': {
        const name = String(props('Name') ?? generated);
        return { ref: name, attributes: {} };
      }
      case 'AWS::DirectoryService::MicrosoftAD':
        return { ref: id('d').slice(0, 12), attributes: { DnsIpAddresses: ['10.0.0.2', '10.0.1.2'], Alias: id('d').slice(0, 12) } };
      case 'AWS::AutoScaling::AutoScalingGroup':
        return { ref: generated, attributes: {} };
      case 'AWS::EC2::LaunchTemplate':
        return { ref: id('lt'), attributes: { LaunchTemplateId: id('lt'), LatestVersionNumber: '1', DefaultVersionNumber: '1' } };
      case 'AWS::ACMPCA::CertificateAuthority': {
        const caArn = arn('acm-pca', `certificate-authority/${hash(`${region}/${stack.stackName}/${logicalId}`, 8)}-0000-4000-8000-${hash(logicalId, 12)}`);
        return { ref: caArn, attributes: { Arn: caArn } };
      }
      case 'AWS::Scheduler::Schedule': {
        const name = String(props('Name') ?? generated.slice(0, 64));
        return { ref: name, attributes: { Arn: arn('scheduler', `schedule/default/${name}`) } };
      }
      default:
        return { ref: `${UNRESOLVED}Ref of ${resource.Type} ${logicalId}\u00bb`, attributes: {} };
    }
  }
}

const NO_VALUE = Symbol('AWS::NoValue') as unknown as string;
