import { spawnSync } from 'child_process';
import { join } from 'path';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { acknowledge, addComplianceGate } from '../../lib/compliance';
import { resourceInventory, writeEvidence } from '../../lib/compliance/evidence';
import { synthProvenance } from '../../lib/compliance/report/provenance';
import { finishSynthAttempt, startSynthAttempt } from '../../lib/compliance/report/synth-attempt';
import { scratchDir, TS_REGISTER } from '../fixtures/assembly';

const why = { reason: 'A reason long enough for the register.', compensatingControl: 'A compensating control long enough too.' };
export const IAM4_READ_ONLY = 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/ReadOnlyAccess]';

/** Options of {@link fixtureAssembly}. */
export interface FixtureAssemblyOptions {
  /** Leave out the key that neither rotates nor is retained, so no finding is left open. @default false */
  readonly clean?: boolean;
}

/**
 * A small synthesized app with known findings (one key fixed; one that neither rotates nor is retained, failing AwsSolutions-KMS5
 * and Halo-StatefulResourceRetained unless `clean`; one like it acknowledged; an acknowledged IAM4 finding), its evidence written as the app's synth writes it: attempt record first, evidence and provenance, outcome.
 */
export function fixtureAssembly(options: FixtureAssemblyOptions = {}): string {
  const app = new App({ outdir: scratchDir('halo-report-'), builtinCloudFormationValidation: false });
  const attempt = startSynthAttempt(app.outdir);
  const stack = new Stack(app, 'Fixture', { env: { account: '111122223333', region: 'eu-west-2' } });
  new kms.Key(stack, 'GoodKey', { enableKeyRotation: true, removalPolicy: RemovalPolicy.RETAIN });
  if (!options.clean) new kms.Key(stack, 'BadKey', { enableKeyRotation: false, removalPolicy: RemovalPolicy.DESTROY });
  const acked = new kms.Key(stack, 'AckedKey', { enableKeyRotation: false, removalPolicy: RemovalPolicy.DESTROY });
  acknowledge(acked, 'Halo-StatefulResourceRetained', why);
  acknowledge(acked, 'AwsSolutions-KMS5', why);
  const role = new iam.Role(stack, 'Role', {
    assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('ReadOnlyAccess')],
  });
  acknowledge(role, IAM4_READ_ONLY, why);
  const ledger = addComplianceGate(app, { only: ['AwsSolutions', 'Halo'] });
  if (options.clean) app.synth();
  else expect(() => app.synth()).toThrow(/Fixture\/BadKey\/Resource/);
  writeEvidence(app.outdir, app, {
    runId: attempt.runId,
    synthStartedAt: attempt.startedAt,
    provenance: synthProvenance({ outdir: app.outdir, config: { fixture: 'report' } }),
    regions: [{ stage: '', code: 'eu-west-2', name: 'London' }],
    packs: ledger.packs(),
    resources: resourceInventory(app),
    guard: false,
    evaluations: ledger.evaluations(),
    cells: [],
  });
  finishSynthAttempt(app.outdir, attempt, options.clean ? 'succeeded' : 'failed');
  return app.outdir;
}

/** `npm run compliance` itself, transpiled as the app's other entry points are (sucrase, cached), without npm's start-up. */
export function runCompliance(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, ['-r', TS_REGISTER, 'scripts/compliance.ts', ...args], { encoding: 'utf8', cwd: join(__dirname, '..', '..') });
}
