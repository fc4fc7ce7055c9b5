import { readdirSync } from 'fs';
import { fixtureAssemblyDirectory, fixtureStage, type SynthesizedStage } from '../fixtures/assembly';
import { REPLACED_FOR } from './replaced-for';

/**
 * Every cross-stack reference of the fixture app, and why each weak one is safe (README: Cross-stack references).
 *
 * A weak reference (`Fn::GetStackOutput`) is resolved only when its consumer's stack is created or updated. If
 * CloudFormation replaced the producer's resource under the same logical id, the output would change while the
 * consumers kept the old id until something else changed them. A strong reference (`Fn::ImportValue` of an export)
 * makes CloudFormation refuse that producer update instead. The app's default is strong (cdk.json); a resource stays
 * weak only when it sets none of the properties CloudFormation replaces it for: then only a new logical id replaces
 * it, which renames the output, so every consumer's template changes and `cdk deploy '<Stage>/*'` updates it right
 * after the producer.
 */

/** A producer resource of the inventory: its stack (a cell's as `<cell>-Data`), type, logical id and consumers. */
interface Producer {
  readonly stack: string;
  readonly type: string;
  readonly logicalId: RegExp;
  /** The stacks that reference it (a cell's as `<cell>-App`). */
  readonly consumers: readonly string[];
}

/** A producer other stacks reference weakly, and why that is safe. */
interface WeakProducer extends Producer {
  readonly safeBecause: string;
}

/** A producer other stacks must reference strongly, and why: mostly the change that would replace it in place. */
interface StrongProducer extends Producer {
  readonly strongBecause: string;
  /** The properties it sets that CloudFormation replaces it for, as {@link strongBecause} names them. */
  readonly replacedFor: readonly string[];
}

const UNNAMED = 'sets none of the properties CloudFormation replaces it for (no name)';

const WEAK: readonly WeakProducer[] = [
  {
    stack: 'Security',
    type: 'AWS::KMS::Key',
    logicalId: /^Keys(Data|Backup|Logs|Sessions)Key/,
    consumers: ['Network', 'Directory', 'Backup', 'Monitoring', '<cell>-Data', '<cell>-App', '<cell>-Monitoring'],
    safeBecause: 'CloudFormation never replaces a key in place (it fails the update instead); the keys are retained and their logical ids pinned',
  },
  {
    stack: 'Security',
    type: 'AWS::S3::Bucket',
    logicalId: /^AccessLogsBucket/,
    consumers: ['Monitoring', '<cell>-Data', '<cell>-App'],
    safeBecause: `${UNNAMED}; retained`,
  },
  {
    stack: 'Security',
    type: 'AWS::SNS::Topic',
    logicalId: /^AlertsTopic/,
    consumers: ['<cell>-Data', '<cell>-Monitoring'],
    safeBecause: UNNAMED,
  },
  { stack: 'Backup', type: 'AWS::IAM::Role', logicalId: /^BackupRole/, consumers: ['<cell>-Data'], safeBecause: `${UNNAMED} and no path` },
  { stack: '<cell>-Data', type: 'AWS::IAM::Role', logicalId: /^FleetAccessRole/, consumers: ['<cell>-App'], safeBecause: `${UNNAMED} and no path` },
  { stack: '<cell>-Data', type: 'AWS::S3::Bucket', logicalId: /^ReleasesBucket/, consumers: ['<cell>-App'], safeBecause: `${UNNAMED}; retained` },
];

const STRONG: readonly StrongProducer[] = [
  {
    stack: 'Network',
    type: 'AWS::EC2::VPC',
    logicalId: /^NetworkVpc/,
    consumers: ['Directory', 'Backup', '<cell>-Data', '<cell>-App'],
    strongBecause: "a new VPC CIDR (the region's network.cidr)",
    replacedFor: ['CidrBlock'],
  },
  {
    stack: 'Network',
    type: 'AWS::EC2::Subnet',
    logicalId: /^NetworkVpc(Public|App|Data)Subnet\dSubnet/,
    consumers: ['Directory', 'Backup', '<cell>-Data', '<cell>-App'],
    strongBecause: "a new VPC CIDR, subnet size or availability zone (the region's availabilityZones)",
    replacedFor: ['CidrBlock', 'AvailabilityZone', 'VpcId'],
  },
  {
    stack: 'Directory',
    type: 'AWS::DirectoryService::MicrosoftAD',
    logicalId: /^Directory[0-9A-F]{8}$/,
    consumers: ['<cell>-Data'],
    strongBecause: "a new edition (the region's first production cell, or its last one gone), domain or NetBIOS name, or subnets",
    replacedFor: ['Edition', 'Name', 'ShortName', 'VpcSettings'],
  },
  {
    stack: 'Directory',
    type: 'AWS::ACMPCA::CertificateAuthority',
    logicalId: /^SqlCertificateAuthority/,
    consumers: ['<cell>-Data', '<cell>-App'],
    strongBecause: "a new subject (it carries the region's name)",
    replacedFor: ['Subject'],
  },
  {
    stack: 'Backup',
    type: 'AWS::Backup::BackupVault',
    logicalId: /^Vault/,
    consumers: ['<cell>-Data'],
    strongBecause: "a new vault name (the region's slug) or key",
    replacedFor: ['BackupVaultName', 'EncryptionKeyArn'],
  },
  {
    stack: 'Monitoring',
    type: 'AWS::S3::Bucket',
    logicalId: /^CanaryArtifacts/,
    consumers: ['<cell>-Monitoring'],
    strongBecause: "exported by name (issue 15), so the cells' canary policies and their acknowledgements name it the same way every synth",
    replacedFor: [],
  },
  {
    stack: '<cell>-Data',
    type: 'AWS::EC2::SecurityGroup',
    logicalId: /^SqlClusterSecurityGroupsApplication/,
    consumers: ['<cell>-App'],
    strongBecause: 'any rewording of its description',
    replacedFor: ['GroupDescription', 'VpcId'],
  },
  {
    stack: '<cell>-Data',
    type: 'AWS::EC2::Instance',
    logicalId: /^SqlClusterNode[12]Instance/,
    consumers: ['<cell>-Monitoring'],
    strongBecause: 'a change of its launch template (a new version), network interface or availability zone',
    replacedFor: ['LaunchTemplate', 'NetworkInterfaces', 'AvailabilityZone'],
  },
  {
    stack: '<cell>-App',
    type: 'AWS::ElasticLoadBalancingV2::TargetGroup',
    logicalId: /^Application(Blue|Green|ChatFleet|AutomationsFleet)Targets/,
    consumers: ['<cell>-Monitoring'],
    strongBecause: 'a new port, protocol or target type',
    replacedFor: ['Port', 'Protocol', 'TargetType'],
  },
  {
    stack: '<cell>-App',
    type: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
    logicalId: /^ApplicationWebLoadBalancer[0-9A-F]{8}$/,
    consumers: ['<cell>-Monitoring'],
    strongBecause: 'a new scheme or type',
    replacedFor: ['Scheme', 'Type'],
  },
  {
    stack: '<cell>-App',
    type: 'AWS::ElasticLoadBalancingV2::Listener',
    logicalId: /^Application(Web|Chat|Automations)LoadBalancerHttps/,
    consumers: ['<cell>-Monitoring'],
    strongBecause: 'a replaced load balancer',
    replacedFor: ['LoadBalancerArn'],
  },
  {
    stack: '<cell>-App',
    type: 'AWS::AutoScaling::AutoScalingGroup',
    logicalId: /^Application(Blue|Green|ChatFleet|AutomationsFleet)GroupASG/,
    consumers: ['<cell>-Monitoring'],
    strongBecause:
      'a name, if it is ever given one (it sets none today; it stays strong because aws-cdk-lib weakens only an L1 and the group is the L2 AutoScalingGroup)',
    replacedFor: [],
  },
];

/** One use of another stack's value, as synthesized. */
interface Reference {
  readonly stage: string;
  /** The producer's stack id in its Stage, a cell's as `<cell>-Data`. */
  readonly producer: string;
  readonly logicalId: string;
  readonly type: string;
  readonly strength: 'weak' | 'strong';
  readonly consumer: string;
  /** Where the consumer uses it: logical id and property path. */
  readonly at: string;
}

type Template = {
  Resources?: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
  Outputs?: Record<string, { Value: unknown; Export?: { Name: unknown } }>;
};

/** A cell's stack ids read `<cell>-Data`, `<cell>-App`, `<cell>-Monitoring`; the region's keep theirs. */
const layerOf = (stackId: string) => stackId.replace(/^.+-(Data|App|Monitoring)$/, '<cell>-$1');

/** The producer's resource an output's value names (`Ref`, `Fn::GetAtt`, or either inside a join). */
function producedBy(value: unknown): string | undefined {
  if (Array.isArray(value)) return value.map(producedBy).find((id) => id);
  if (!value || typeof value !== 'object') return undefined;
  const o = value as Record<string, unknown>;
  if (typeof o.Ref === 'string') return o.Ref;
  if (Array.isArray(o['Fn::GetAtt'])) return String(o['Fn::GetAtt'][0]);
  return Object.values(o)
    .map(producedBy)
    .find((id) => id);
}

/** Every Stage of the fixture assembly, by name. */
function fixtureStages(): Map<string, SynthesizedStage> {
  const names = readdirSync(fixtureAssemblyDirectory())
    .filter((d) => d.startsWith('assembly-'))
    .map((d) => d.slice('assembly-'.length));
  return new Map(names.map((name) => [name, fixtureStage(name)]));
}

/** Every `Fn::GetStackOutput` and `Fn::ImportValue` of every stack of every Stage. */
function referencesOf(stages: Map<string, SynthesizedStage>): Reference[] {
  return [...stages].flatMap(([stageName, stage]) => {
    const templates = new Map(stage.stacks.map((s) => [s.id, stage.templateJson(s.id) as Template]));
    const byName = new Map(stage.stacks.map((s) => [s.stackName, s.id]));
    const exported = new Map<string, { stack: string; value: unknown }>();
    templates.forEach((t, stack) =>
      Object.values(t.Outputs ?? {}).forEach((o) => o.Export && exported.set(JSON.stringify(o.Export.Name), { stack, value: o.Value })),
    );
    const found: Reference[] = [];
    const reference = (consumer: string, at: string, strength: Reference['strength'], producer: string | undefined, value: unknown) => {
      if (!producer) throw new Error(`${stageName}/${consumer} ${at}: a cross-stack reference to a stack of another Stage`);
      const logicalId = producedBy(value);
      const resource = logicalId ? templates.get(producer)!.Resources?.[logicalId] : undefined;
      if (!logicalId || !resource) throw new Error(`${stageName}/${consumer} ${at}: ${producer}'s output ${JSON.stringify(value)} names no resource`);
      found.push({ stage: stageName, producer, logicalId, type: resource.Type, strength, consumer, at });
    };
    const walk = (consumer: string, at: string, v: unknown): void => {
      if (Array.isArray(v)) return v.forEach((x, i) => walk(consumer, `${at}.${i}`, x));
      if (!v || typeof v !== 'object') return;
      const o = v as Record<string, unknown>;
      if (o['Fn::GetStackOutput']) {
        const { StackName, OutputName } = o['Fn::GetStackOutput'] as { StackName: string; OutputName: string };
        const producer = byName.get(StackName);
        return reference(consumer, at, 'weak', producer, producer && templates.get(producer)!.Outputs?.[OutputName]?.Value);
      }
      if (o['Fn::ImportValue'] !== undefined) {
        const source = exported.get(JSON.stringify(o['Fn::ImportValue']));
        return reference(consumer, at, 'strong', source?.stack, source?.value);
      }
      Object.entries(o).forEach(([k, x]) => walk(consumer, `${at}.${k}`, x));
    };
    templates.forEach((t, consumer) => {
      Object.entries(t.Resources ?? {}).forEach(([id, r]) => walk(consumer, id, r.Properties));
      Object.entries(t.Outputs ?? {}).forEach(([id, o]) => walk(consumer, `Outputs.${id}`, o.Value));
    });
    return found;
  });
}

const matches = (p: Producer, r: Reference) => p.stack === layerOf(r.producer) && p.type === r.type && p.logicalId.test(r.logicalId);
const describeRef = (r: Reference) => `${r.stage}/${r.producer} ${r.type} ${r.logicalId} -> ${r.stage}/${r.consumer} ${r.at} (${r.strength})`;

describe('cross-stack references of the fixture app', () => {
  const stages = fixtureStages();
  const references = referencesOf(stages);
  const templateOf = (r: Reference) => stages.get(r.stage)!.templateJson(r.producer) as Template;

  test('the inventory is not empty and covers every Stage, both strengths and every producer of the lists', () => {
    expect(new Set(references.map((r) => r.stage)).size).toBeGreaterThanOrEqual(4);
    expect(new Set(references.map((r) => r.strength))).toEqual(new Set(['weak', 'strong']));
    const unused = [...WEAK, ...STRONG].filter((p) => !references.some((r) => matches(p, r)));
    expect(unused.map((p) => `${p.stack} ${p.type} ${p.logicalId}`)).toEqual([]);
  });

  test('every reference is listed here once, in the list of its strength, with the stacks that consume it', () => {
    const unlisted = references.filter((r) => [...WEAK, ...STRONG].filter((p) => matches(p, r)).length !== 1);
    expect(unlisted.map(describeRef)).toEqual([]);
    // A listed weak producer that became strong is safe, but the list would no longer say what the app does.
    const misfiled = references.filter((r) => r.strength === 'strong' && WEAK.some((p) => matches(p, r)));
    expect(misfiled.map(describeRef)).toEqual([]);
    for (const p of [...WEAK, ...STRONG]) {
      const consumers = new Set(references.filter((r) => matches(p, r)).map((r) => layerOf(r.consumer)));
      expect({ producer: `${p.stack} ${p.type} ${p.logicalId}`, consumers: [...consumers].sort() }).toEqual({
        producer: `${p.stack} ${p.type} ${p.logicalId}`,
        consumers: [...p.consumers].sort(),
      });
    }
  });

  test('every weak reference is one this file explains', () => {
    const unexplained = references.filter((r) => r.strength === 'weak' && !WEAK.some((p) => matches(p, r)));
    expect(unexplained.map(describeRef)).toEqual([]);
  });

  test('a reference the list says must be strong is strong', () => {
    const weakened = references.filter((r) => r.strength === 'weak' && STRONG.some((p) => matches(p, r)));
    expect(weakened.map(describeRef)).toEqual([]);
  });

  test('a weak producer sets none of the properties CloudFormation replaces it for', () => {
    const replaceable = references
      .filter((r) => r.strength === 'weak')
      .flatMap((r) => {
        const replacedFor = REPLACED_FOR[r.type];
        if (!replacedFor) return [`${r.type}: add its createOnlyProperties to REPLACED_FOR`];
        const properties = templateOf(r).Resources![r.logicalId].Properties ?? {};
        return replacedFor.filter((name) => name in properties).map((name) => `${r.stage}/${r.producer} ${r.type} ${r.logicalId} sets ${name}`);
      });
    expect([...new Set(replaceable)]).toEqual([]);
  });

  test('a strong producer sets the properties its reason names, and they are ones CloudFormation replaces it for', () => {
    const wrong = references
      .filter((r) => r.strength === 'strong')
      .flatMap((r) => {
        const producer = STRONG.find((p) => matches(p, r));
        if (!producer) return [];
        const properties = templateOf(r).Resources![r.logicalId].Properties ?? {};
        return producer.replacedFor
          .filter((name) => !(REPLACED_FOR[r.type] ?? []).includes(name) || !(name in properties))
          .map((name) => `${r.stage}/${r.producer} ${r.logicalId}: ${name}`);
      });
    expect([...new Set(wrong)]).toEqual([]);
  });
});
