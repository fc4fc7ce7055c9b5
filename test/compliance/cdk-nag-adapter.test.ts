import { readFileSync } from 'fs';
import { join } from 'path';
import { App, CfnResource, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { AwsSolutionsChecks, NagPack, NagRuleCompliance } from 'cdk-nag';
import { Construct, IConstruct } from 'constructs';
import { acknowledge, readValidationReport } from '../../lib/compliance';
import { acknowledgementOf, installedCdkNagVersion, NagCheck, rulesOf, substituteChecks, VERIFIED_CDK_NAG_VERSION } from '../../lib/compliance/cdk-nag-adapter';
import { scratchDir } from '../fixtures/assembly';

// What lib/compliance/cdk-nag-adapter.ts relies on in cdk-nag. Each failure names what an upgrade changed.

/** Fails with a message that names the cdk-nag version and what no longer holds. */
function holds(condition: boolean, what: string): void {
  if (!condition) throw new Error(`cdk-nag ${installedCdkNagVersion()}: ${what} (lib/compliance/cdk-nag-adapter.ts relies on it)`);
}

const why = { reason: 'A reason long enough for the register.', compensatingControl: 'A compensating control long enough too.' };
const IAM4_READ_ONLY = 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/ReadOnlyAccess]';
const KMS5 = 'AwsSolutions-KMS5';

const newApp = () => new App({ outdir: scratchDir('halo-nag-adapter-'), builtinCloudFormationValidation: false });
const newStack = (app: App) => new Stack(app, 'Adapter', { env: { account: '111122223333', region: 'eu-west-2' } });
const key = (scope: Construct, id: string, rotation: boolean) => new kms.Key(scope, id, { enableKeyRotation: rotation, removalPolicy: RemovalPolicy.RETAIN });
const cfn = (construct: IConstruct) => construct.node.defaultChild as CfnResource;
const findings = (pack: NagPack, scope: IConstruct) =>
  pack.validateScope(scope).violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} ${r.constructPath}`));

describe('the cdk-nag version', () => {
  test('is pinned exactly, and is the one the adapter was verified against', () => {
    const pinned = (JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies[
      'cdk-nag'
    ];
    holds(pinned === VERIFIED_CDK_NAG_VERSION, `package.json asks for cdk-nag "${pinned}", not exactly "${VERIFIED_CDK_NAG_VERSION}"`);
    holds(
      installedCdkNagVersion() === VERIFIED_CDK_NAG_VERSION,
      `is installed, but the adapter was verified against ${VERIFIED_CDK_NAG_VERSION}: check each test of this file, then update VERIFIED_CDK_NAG_VERSION`,
    );
  });
});

describe('the protected methods the adapter replaces and calls', () => {
  test('exist with the arity it expects', () => {
    const proto = NagPack.prototype as unknown as Record<string, unknown>;
    holds(
      typeof proto.applyRule === 'function' && (proto.applyRule as () => void).length === 1,
      'NagPack.prototype.applyRule(params) is gone or takes other arguments',
    );
    const pack = AwsSolutionsChecks.prototype as unknown as Record<string, unknown>;
    holds(typeof pack.checkResource === 'function' && (pack.checkResource as () => void).length === 1, 'AwsSolutionsChecks.checkResource(node) is gone');
    holds(new AwsSolutionsChecks().readPackName === 'AwsSolutions', 'NagPack.readPackName no longer gives the pack name rule ids start with');
  });

  test("a substituted check decides each finding, under the rule's own id, and is made once per rule, not per resource", () => {
    const app = newApp();
    const stack = newStack(app);
    key(stack, 'Rotates', true);
    key(stack, 'Stale', false);
    const made: string[] = [];
    const inverted: NagCheck = (node) =>
      node.cfnResourceType !== 'AWS::KMS::Key'
        ? NagRuleCompliance.NOT_APPLICABLE
        : node.node.path.includes('Rotates')
          ? NagRuleCompliance.NON_COMPLIANT
          : NagRuleCompliance.COMPLIANT;
    const pack = substituteChecks(new AwsSolutionsChecks(), (rule) => {
      made.push(rule.id);
      return rule.id === KMS5 ? inverted : rule.check;
    });
    const found = findings(pack, app).filter((f) => f.startsWith(KMS5));
    holds(
      JSON.stringify(found) === JSON.stringify([`${KMS5} Adapter/Rotates/Resource`]),
      `applyRule no longer runs the check it is given: ${KMS5} found ${JSON.stringify(found)}`,
    );
    holds(
      made.filter((id) => id === KMS5).length === 1,
      `applyRule's params no longer carry the same check for every resource: ${KMS5} substituted ${made.filter((id) => id === KMS5).length} times`,
    );
    holds(new Set(made).size === rulesOf(new AwsSolutionsChecks()).length, 'a pack applies rules that rulesOf() does not list');
  });

  test('a finding list and a thrown error become findings as cdk-nag reports them', () => {
    const app = newApp();
    key(newStack(app), 'Key', true);
    const onKeys =
      (result: () => ReturnType<NagCheck>): NagCheck =>
      (node) =>
        node.cfnResourceType === 'AWS::KMS::Key' ? result() : NagRuleCompliance.NOT_APPLICABLE;
    const listing = substituteChecks(new AwsSolutionsChecks(), (rule) => (rule.id === KMS5 ? onKeys(() => ['first', 'second']) : rule.check));
    holds(
      findings(listing, app)
        .filter((f) => f.startsWith(KMS5))
        .join() === `${KMS5}[first] Adapter/Key/Resource,${KMS5}[second] Adapter/Key/Resource`,
      'a check returning findings no longer yields one `<id>[<finding>]` finding each',
    );
    const throwing = substituteChecks(new AwsSolutionsChecks(undefined, { verbose: true }), (rule) =>
      rule.id === KMS5
        ? onKeys(() => {
            throw new Error('cannot judge');
          })
        : rule.check,
    );
    const failed = throwing.validateScope(app).violations.find((v) => v.ruleName === KMS5);
    holds(failed?.description?.includes('cannot judge') === true, 'a check that throws no longer becomes a finding under its rule id with the error');
  });

  test('rulesOf() names every rule with its check and leaves the pack as it was', () => {
    const pack = new AwsSolutionsChecks();
    const ec26 = rulesOf(pack).find((r) => r.id === 'AwsSolutions-EC26');
    holds(ec26?.check.name === 'EC2EBSVolumeEncrypted', `AwsSolutions-EC26 is no longer EC2EBSVolumeEncrypted (found ${ec26?.check.name})`);
    const app = newApp();
    key(newStack(app), 'Stale', false);
    holds(findings(pack, app).includes(`${KMS5} Adapter/Stale/Resource`), 'a pack rulesOf() has listed no longer finds what it should');
  });
});

describe('the acknowledgement check', () => {
  /** One way of acknowledging a finding, and whether cdk-nag itself (validateScope) drops the finding. */
  interface Sample {
    readonly name: string;
    readonly cdkNagSilences: boolean;
    readonly synthSilences: boolean;
    /** Makes the resource with the finding, and acknowledges it (or not) this way. */
    readonly make: (stack: Stack) => { resource: CfnResource; rule: string };
  }
  const withKey = (id: string, ack: (key: kms.Key, parent: Construct) => void) => (stack: Stack) => {
    const parent = new Construct(stack, id);
    const k = key(parent, 'Key', false);
    ack(k, parent);
    return { resource: cfn(k), rule: KMS5 };
  };
  const withRole = (id: string, ack: (role: iam.Role) => void) => (stack: Stack) => {
    const role = new iam.Role(stack, id, {
      assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('ReadOnlyAccess')],
    });
    ack(role);
    return { resource: cfn(role), rule: IAM4_READ_ONLY };
  };
  const plain = (scope: IConstruct, id: string) => Validations.of(scope).acknowledge({ id, reason: why.reason });
  const SAMPLES: Sample[] = [
    { name: 'no acknowledgement', cdkNagSilences: false, synthSilences: false, make: withKey('None', () => undefined) },
    { name: 'the exact id, plain', cdkNagSilences: true, synthSilences: true, make: withKey('Plain', (k) => plain(k, KMS5)) },
    {
      name: 'the id qualified by the plugin (acknowledge())',
      cdkNagSilences: false,
      synthSilences: true,
      make: withKey('Qualified', (k) => acknowledge(k, KMS5, why)),
    },
    {
      name: 'the qualified id on an ancestor',
      cdkNagSilences: false,
      synthSilences: true,
      make: withKey('Ancestor', (_, parent) => acknowledge(parent, KMS5, why)),
    },
    {
      name: "the legacy lowercase 'annotation::' form",
      cdkNagSilences: true,
      synthSilences: true,
      make: withKey('Legacy', (k) => k.node.addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, { [`annotation::${KMS5}`]: why.reason })),
    },
    { name: "another plugin's namespace", cdkNagSilences: false, synthSilences: false, make: withKey('Other', (k) => plain(k, `HIPAA.Security::${KMS5}`)) },
    {
      name: 'the qualified id on a sibling',
      cdkNagSilences: false,
      synthSilences: false,
      make: withKey('Sibling', (_, parent) => acknowledge(new Construct(parent, 'Beside'), KMS5, why)),
    },
    {
      name: 'a finding-level id, qualified',
      cdkNagSilences: false,
      synthSilences: true,
      make: withRole('FindingQualified', (r) => acknowledge(r, IAM4_READ_ONLY, why)),
    },
    { name: 'a finding-level id, plain', cdkNagSilences: true, synthSilences: true, make: withRole('FindingPlain', (r) => plain(r, IAM4_READ_ONLY)) },
    {
      name: "the rule's base id for one of its findings",
      cdkNagSilences: false,
      synthSilences: false,
      make: withRole('Base', (r) => acknowledge(r, 'AwsSolutions-IAM4', why)),
    },
  ];

  const app = newApp();
  const stack = newStack(app);
  const made = SAMPLES.map((s) => ({ sample: s, ...s.make(stack) }));
  const byCdkNag = new Set(findings(new AwsSolutionsChecks(), app));
  Validations.of(app).addPlugins(new AwsSolutionsChecks());
  expect(() => app.synth()).toThrow(); // the unacknowledged samples fail it; the report is written first
  const report = readValidationReport(app.outdir).pluginReports.find((p) => p.pluginName === 'AwsSolutions')!;
  const inReport = (list: 'violations' | 'suppressedViolations', rule: string, path: string) =>
    (report[list] ?? []).find((v) => v.ruleName === rule && (v.violatingConstructs ?? []).some((c) => c.constructPath === path));

  test.each(made.map((m) => [m.sample.name, m] as const))('%s: decided as cdk-nag and aws-cdk-lib decide it in a synth', (name, { sample, resource, rule }) => {
    const path = resource.node.path;
    holds(
      byCdkNag.has(`${rule} ${path}`) !== sample.cdkNagSilences,
      `cdk-nag's own acknowledgement check ${sample.cdkNagSilences ? 'no longer' : 'now'} silences ${name}`,
    );
    const silenced = !inReport('violations', rule, path);
    holds(silenced === sample.synthSilences, `a synth ${sample.synthSilences ? 'no longer' : 'now'} silences ${name}`);
    const decided = acknowledgementOf(resource, rule, 'AwsSolutions');
    holds((decided !== undefined) === silenced, `acknowledgementOf() says ${decided ? 'acknowledged' : 'open'} for ${name}; the synth says otherwise`);
    const suppressed = inReport('suppressedViolations', rule, path) as { acknowledgedAt?: string } | undefined;
    if (suppressed)
      holds(
        suppressed.acknowledgedAt === decided?.scope.node.path,
        `acknowledgementOf() finds ${name} at ${decided?.scope.node.path}; the synth at ${suppressed.acknowledgedAt}`,
      );
  });
});
