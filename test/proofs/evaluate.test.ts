import { mkdtempSync, readFileSync, rmSync, unlinkSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { declaredProofs, proveAllowed, proveRefused } from '../../lib/proofs';
import { launchedProofs, PermissionProofsLauncher, proveInWorker, ProofWorker } from '../../lib/proofs/launcher';
import { prepareProofs } from '../../lib/proofs/prepare';
import { failedProofs, PROOFS_FILE, runPermissionProofs } from '../../lib/proofs/run';
import type { HaloApp } from '../../stacks/halo-app';
import { synthesizeHalo } from '../../stacks/synthesize';
import { fixtureInput, FIXTURE_NOW, regionOf } from '../fixtures/config';
import { cdkJsonContext } from '../fixtures/assembly';

const outdirs: string[] = [];
afterAll(() => outdirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const outdir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'halo-proofs-'));
  outdirs.push(dir);
  return dir;
};

/** Two stacks as the app builds them: keys in one, a role and a bucket in another, weak cross-stack references. */
function fixture() {
  const app = new App({ outdir: outdir(), context: cdkJsonContext(), builtinCloudFormationValidation: false });
  const env = { account: '111122223333', region: 'eu-west-2' };
  const keys = new Stack(app, 'Keys', { env });
  const key = new kms.Key(keys, 'Key', {
    policy: new iam.PolicyDocument({
      statements: [
        new iam.PolicyStatement({
          principals: [new iam.AccountRootPrincipal()],
          actions: ['kms:Decrypt'],
          resources: ['*'],
          conditions: { StringEquals: { 'kms:ViaService': 's3.eu-west-2.amazonaws.com' } },
        }),
        new iam.PolicyStatement({
          principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
          actions: ['kms:GenerateDataKey*'],
          resources: ['*'],
          conditions: { StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': 'arn:aws:cloudtrail:eu-west-2:111122223333:trail/*' } },
        }),
        new iam.PolicyStatement({
          principals: [new iam.AccountRootPrincipal()],
          actions: ['kms:Encrypt'],
          resources: ['*'],
          conditions: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
        }),
      ],
    }),
  });
  const app2 = new Stack(app, 'Workload', { env });
  const role = new iam.Role(app2, 'Role', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['kms:Decrypt', 'kms:Encrypt'], resources: [key.keyArn] }));
  const other = new iam.Role(app2, 'Other', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
  const s3Admin = new iam.Role(app2, 'S3Admin', {
    assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonS3FullAccess')],
  });
  const bucket = new s3.Bucket(app2, 'Bucket', { enforceSSL: true });
  return { app, key, role, other, s3Admin, bucket };
}

const run = async (f: ReturnType<typeof fixture>) => {
  f.app.synth();
  return Object.fromEntries((await runPermissionProofs(f.app)).map((r) => [r.rule.replace('Proof-', ''), r]));
};

/** The role may decrypt through S3 only: one proof that it may, one that it may not directly. */
function declareDecryptThroughS3(f: ReturnType<typeof fixture>): void {
  const actor = { roleArn: f.role.roleArn, description: 'role' };
  proveAllowed(f.role, {
    id: 'DecryptThroughS3',
    actor,
    action: 'kms:Decrypt',
    resource: f.key.keyArn,
    context: { 'kms:ViaService': 's3.eu-west-2.amazonaws.com' },
    why: 'reads objects the key encrypts',
  });
  proveRefused(f.role, {
    id: 'DecryptDirectly',
    actor,
    action: 'kms:Decrypt',
    resource: f.key.keyArn,
    absent: ['kms:ViaService'],
    why: 'never decrypts outside S3',
  });
}

describe('permission proofs', () => {
  test('judge a call against the identity policy and the key policy, across stacks, through the request context', async () => {
    const f = fixture();
    declareDecryptThroughS3(f);
    proveRefused(f.other, {
      id: 'OtherCannotDecrypt',
      actor: { roleArn: f.other.roleArn, description: 'other' },
      action: 'kms:Decrypt',
      resource: f.key.keyArn,
      context: { 'kms:ViaService': 's3.eu-west-2.amazonaws.com' },
      why: 'has no grant on the key',
    });
    const r = await run(f);
    expect([r.DecryptThroughS3.result, r.DecryptThroughS3.passed]).toEqual(['allowed', true]);
    expect(r.DecryptThroughS3.detail).toMatch(/allowed by .*Workload\/Role.*key policy of Keys/);
    expect(r.DecryptThroughS3.actor).toBe('Workload/Role');
    expect([r.DecryptDirectly.result, r.DecryptThroughS3.principal]).toEqual([
      'refused',
      expect.stringMatching(/^arn:aws:iam::111122223333:role\/Workload-Role/),
    ]);
    expect([r.OtherCannotDecrypt.result, r.OtherCannotDecrypt.passed]).toEqual(['refused', true]);
  });

  test('fail a proof whose expectation the policies contradict, with the statements that decided it', async () => {
    const f = fixture();
    proveRefused(f.role, {
      id: 'WronglyExpectsRefusal',
      actor: { roleArn: f.role.roleArn, description: 'role' },
      action: 'kms:Decrypt',
      resource: f.key.keyArn,
      context: { 'kms:ViaService': 's3.eu-west-2.amazonaws.com' },
      why: 'a deliberately false expectation',
    });
    const r = await run(f);
    expect(r.WronglyExpectsRefusal).toMatchObject({ expected: 'refused', result: 'allowed', passed: false });
    expect(failedProofs(Object.values(r))).toEqual([
      expect.stringMatching(
        /^Proof-WronglyExpectsRefusal at Workload\/Role: Workload\/Role kms:Decrypt on arn:aws:kms:.* should be refused, is allowed: allowed by/,
      ),
    ]);
  });

  test('decide kms:EncryptionContext conditions themselves, which the simulator drops', async () => {
    const f = fixture();
    const cloudtrail = { service: 'cloudtrail.amazonaws.com' };
    proveAllowed(f.key, {
      id: 'OwnTrail',
      actor: cloudtrail,
      action: 'kms:GenerateDataKey',
      resource: f.key.keyArn,
      context: { 'kms:EncryptionContext:aws:cloudtrail:arn': 'arn:aws:cloudtrail:eu-west-2:111122223333:trail/t' },
      why: 'the trail encrypts its logs',
    });
    proveRefused(f.key, {
      id: 'ForeignTrail',
      actor: cloudtrail,
      action: 'kms:GenerateDataKey',
      resource: f.key.keyArn,
      context: { 'kms:EncryptionContext:aws:cloudtrail:arn': 'arn:aws:cloudtrail:eu-west-2:999988887777:trail/t' },
      why: "no other account's trail",
    });
    const r = await run(f);
    expect([r.OwnTrail.result, r.ForeignTrail.result]).toEqual(['allowed', 'refused']);
  });

  test('are inconclusive, never allowed or refused by default, when the outcome rests on a key the proof neither gives nor declares absent', async () => {
    const f = fixture();
    const actor = { roleArn: f.role.roleArn, description: 'role' };
    proveAllowed(f.role, { id: 'Undeclared', actor, action: 'kms:Encrypt', resource: f.key.keyArn, why: 'encrypts with MFA only' });
    proveRefused(f.role, {
      id: 'DeclaredAbsent',
      actor,
      action: 'kms:Encrypt',
      resource: f.key.keyArn,
      absent: ['aws:MultiFactorAuthPresent'],
      why: 'no MFA, no encryption',
    });
    proveAllowed(f.role, {
      id: 'Supplied',
      actor,
      action: 'kms:Encrypt',
      resource: f.key.keyArn,
      context: { 'aws:MultiFactorAuthPresent': 'true' },
      why: 'with MFA it encrypts',
    });
    const r = await run(f);
    expect(r.Undeclared).toMatchObject({ result: 'inconclusive', passed: false, detail: expect.stringMatching(/depends on aws:multifactorauthpresent/) });
    expect([r.DeclaredAbsent.result, r.Supplied.result]).toEqual(['refused', 'allowed']);
  });

  test('are inconclusive for a resource the templates do not hold and a managed policy they do not model', async () => {
    const f = fixture();
    proveAllowed(f.role, {
      id: 'NoSuchKey',
      actor: { roleArn: f.role.roleArn, description: 'role' },
      action: 'kms:Decrypt',
      resource: 'arn:aws:kms:eu-west-2:111122223333:key/00000000-0000-4000-8000-000000000000',
      why: 'a key that is not there',
    });
    proveAllowed(f.s3Admin, {
      id: 'UnmodelledPolicy',
      actor: { roleArn: f.s3Admin.roleArn, description: 's3 admin' },
      action: 's3:GetObject',
      resource: f.bucket.arnForObjects('a'),
      why: 'AmazonS3FullAccess is not modelled',
    });
    const r = await run(f);
    expect(r.NoSuchKey).toMatchObject({ result: 'inconclusive', detail: expect.stringMatching(/not a resource of the synthesized templates/) });
    expect(r.UnmodelledPolicy).toMatchObject({
      result: 'inconclusive',
      detail: expect.stringMatching(/AmazonS3FullAccess is neither in the templates nor in the AWS managed policies/),
    });
  });

  test('name an unnamed statement by its place in the policy as synthesized, and apply NotAction statements', async () => {
    const f = fixture();
    f.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ effect: iam.Effect.DENY, notActions: ['kms:Decrypt', 'kms:Encrypt', 'kms:DescribeKey'], resources: ['*'] }),
    );
    const actor = { roleArn: f.role.roleArn, description: 'role' };
    proveAllowed(f.role, {
      id: 'TrailWrites',
      actor: { service: 'cloudtrail.amazonaws.com' },
      action: 'kms:GenerateDataKey',
      resource: f.key.keyArn,
      context: { 'kms:EncryptionContext:aws:cloudtrail:arn': 'arn:aws:cloudtrail:eu-west-2:111122223333:trail/t' },
      why: 'the trail encrypts its log files',
    });
    proveRefused(f.role, {
      id: 'NotActionDenies',
      actor,
      action: 's3:GetObject',
      resource: f.bucket.arnForObjects('x'),
      why: 'the role reads nothing but through the key',
    });
    const r = await run(f);
    // The key policy's second statement, though the first (another action) is left out of the simulation.
    expect(r.TrailWrites.detail).toMatch(/key policy of Keys\/Key\w+ statement 2$/);
    expect([r.NotActionDenies.result, r.NotActionDenies.detail]).toEqual([
      'refused',
      expect.stringMatching(/^explicitly denied by .*Workload\/RoleDefaultPolicy\w+ statement 2/),
    ]);
  });

  test('prove the same call declared by several constructs once', async () => {
    const f = fixture();
    for (const scope of [f.role, f.bucket, f.key]) {
      proveAllowed(scope, {
        id: 'Shared',
        actor: { roleArn: f.role.roleArn, description: 'role' },
        action: 'kms:Decrypt',
        resource: f.key.keyArn,
        context: { 'kms:ViaService': 's3.eu-west-2.amazonaws.com' },
        why: 'declared by every user of the key',
      });
    }
    expect(declaredProofs(f.app)).toHaveLength(3);
    f.app.synth();
    expect(await runPermissionProofs(f.app)).toHaveLength(1);
  });

  test('refuse a malformed declaration at once', () => {
    const f = fixture();
    const proof = { id: 'Fine', actor: { service: 's3.amazonaws.com' }, action: 'kms:Decrypt', resource: '*', why: 'twenty characters or more' };
    expect(() => proveAllowed(f.key, { ...proof, id: 'x' })).toThrow(/id "x"/);
    expect(() => proveAllowed(f.key, { ...proof, action: 'Decrypt' })).toThrow(/not of the form service:Action/);
    expect(() => proveAllowed(f.key, { ...proof, why: 'short' })).toThrow(/at least 20/);
    proveAllowed(f.key, proof);
    expect(() => proveAllowed(f.key, proof)).toThrow(/declared twice/);
  });
});

describe('the proof worker', () => {
  const declareSome = (f: ReturnType<typeof fixture>) => {
    declareDecryptThroughS3(f);
    proveAllowed(f.other, {
      id: 'OtherDecrypts',
      actor: { roleArn: f.other.roleArn, description: 'other' },
      action: 'kms:Decrypt',
      resource: f.key.keyArn,
      context: { 'kms:ViaService': 's3.eu-west-2.amazonaws.com' },
      why: 'a deliberately false proof',
    });
  };

  test('evaluates on its thread exactly what this thread evaluates', async () => {
    const f = fixture();
    declareSome(f);
    f.app.synth();
    const now = new Date('2026-11-28T09:00:00Z');
    const inThread = await runPermissionProofs(f.app, now);
    expect(inThread.map((r) => [r.rule, r.passed])).toEqual([
      ['Proof-DecryptThroughS3', true],
      ['Proof-DecryptDirectly', true],
      ['Proof-OtherDecrypts', false],
    ]);
    expect(await proveInWorker(prepareProofs(f.app, now))).toEqual(inThread);
  });

  test('fails with the reason when the evaluation crashes, and never hangs', async () => {
    const f = fixture();
    declareSome(f);
    f.app.synth();
    const prepared = prepareProofs(f.app);
    const missing = { ...prepared, templates: prepared.templates.map((t) => ({ ...t, path: `${t.path}.missing` })) };
    await expect(proveInWorker(missing)).rejects.toThrow(/the proof worker failed: .*ENOENT/);
  });

  test('launched by the validation plugin once the templates exist; a launch that cannot prepare the proofs rejects', async () => {
    const f = fixture();
    declareSome(f);
    const worker = new ProofWorker();
    try {
      // Not synthesized: the templates the proofs resolve against do not exist.
      const launcher = new PermissionProofsLauncher(worker, new Date());
      expect(launcher.validate({ appConstruct: f.app, templatePaths: [], stackTemplates: [] })).toEqual({ success: true, violations: [] });
      await expect(launchedProofs(f.app)).rejects.toThrow(/ENOENT/);
    } finally {
      await worker.stop();
    }
  });
});

describe('the synth (bin/halo.ts)', () => {
  /**
   * Synthesizes the fixture's London with its UAT cell only (packs off) as bin/halo.ts does, with what the test adds;
   * returns the exit code and what it printed.
   */
  async function synthesizeLondon(afterBuild: (halo: HaloApp) => void) {
    const app = new App({
      outdir: outdir(),
      context: { ...cdkJsonContext(), regions: 'london', 'halo:compliance': 'off' },
      builtinCloudFormationValidation: false,
    });
    const input = fixtureInput();
    const london = regionOf(input, 'eu-west-2');
    london.cells = london.cells.filter((c) => c.id === 'uat');
    const errors: string[] = [];
    const spy = jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      errors.push(args.join(' '));
    });
    try {
      const code = await synthesizeHalo(app, { input, now: FIXTURE_NOW, afterBuild });
      const evidence = JSON.parse(readFileSync(join(app.outdir, 'compliance-evidence.json'), 'utf8'));
      return { app, code, errors: errors.join('\n'), evidence };
    } finally {
      spy.mockRestore();
    }
  }

  test('fails on a proof that does not hold, and records every proof in the evidence and permission-proofs.json', async () => {
    const { app, code, errors, evidence } = await synthesizeLondon((halo) => {
      const keys = halo.stages[0].security.keys;
      proveAllowed(keys, {
        id: 'AnyoneDecrypts',
        actor: { externalPrincipalArn: 'arn:aws:iam::999988887777:root', description: 'another account' },
        action: 'kms:Decrypt',
        resource: keys.data.keyArn,
        absent: ['kms:ViaService'],
        why: 'a deliberately false proof',
      });
    });
    expect(code).toBe(1);
    // Evaluated on the worker the launcher plugin fed while the rest of the synth ran.
    expect(launchedProofs(app)).toBeDefined();
    expect(errors).toMatch(/Permission proofs: 1 of \d+ did not hold:\n- Proof-AnyoneDecrypts at London\/Security\/Keys: another account kms:Decrypt/);
    const written = JSON.parse(readFileSync(join(app.outdir, PROOFS_FILE), 'utf8'));
    expect(evidence.proofsRan).toBe(true);
    expect(evidence.proofs).toEqual(written);
    expect(written.filter((p: { passed: boolean }) => !p.passed).map((p: { rule: string }) => p.rule)).toEqual(['Proof-AnyoneDecrypts']);
    // The region's proofs and its one cell's.
    expect(written.length).toBeGreaterThan(100);
  });

  test('fails, saying nothing is proven, when the proofs cannot be evaluated', async () => {
    const { code, errors, evidence } = await synthesizeLondon((halo) => {
      // Runs before the launcher: a template vanishes, so the proofs cannot be resolved against it.
      Validations.of(halo.stages[0]).addPlugins({
        name: 'template-remover',
        validate: (context) => {
          unlinkSync(context.templatePaths[0]);
          return { success: true, violations: [] };
        },
      });
    });
    expect(code).toBe(1);
    expect(errors).toMatch(/Permission proofs could not be evaluated, so nothing is proven: .*ENOENT/);
    expect([evidence.proofsRan, evidence.proofs]).toEqual([false, []]);
  });
});
