import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { buildHaloApp, CONTEXT, HaloApp } from '../stacks/halo-app';
import { cdkJsonContext, scratchDir } from './fixtures/assembly';
import { fixtureInput, FixtureInput } from './fixtures/config';

/*
 * Helpers of the tests that build constructs or apps. Tests that only read the run's fixture assembly import
 * ./fixtures/assembly (and ./fixtures/config) alone, which load neither aws-cdk-lib's constructs nor the app's.
 */
export { cdkJsonContext, fixtureCompliance, fixtureExpectedPostures, fixtureProofs, fixtureStage, scratchDir } from './fixtures/assembly';
export type { SynthesizedStage } from './fixtures/assembly';
export { regionConfig } from './fixtures/config';

/**
 * What a test's App leaves out, none of which reaches a template: the stack traces of annotations (`stackTraces`), each
 * construct's creation stack trace (a context key of its own, which `stackTraces` does not set in aws-cdk-lib 2.276)
 * and the construct tree's file (tree.json), a fifth of a synth.
 */
const LEAN = { stackTraces: false, treeMetadata: false } as const;
const LEAN_CONTEXT = { [cxapi.DISABLE_CREATION_STACK_TRACES]: true };

/** An App for constructs under test: its assembly goes to a folder of the run, without CloudFormation validation. */
export function testApp(context: Record<string, unknown> = {}): App {
  return new App({ ...LEAN, outdir: scratchDir('halo-app-'), builtinCloudFormationValidation: false, context: { ...LEAN_CONTEXT, ...context } });
}

/** A Stack in the fixture account to put a construct under test in. */
export function testStack(region = 'eu-west-2', app: App = testApp(), id = 'Test'): Stack {
  return new Stack(app, id, { env: { account: '111122223333', region } });
}

export interface TestAppOptions {
  /** Comma-separated region selection, as with `-c regions=`. */
  readonly regions?: string;
}

/**
 * Builds the app the way bin/halo.ts does, with cdk.json's context but without the compliance packs and CloudFormation
 * validation, from the fixture configuration (test/fixtures/config.ts) or a changed copy of it; its assembly goes to a
 * folder of the run. Tests that read templates of the unchanged fixture read them from the run's assembly instead
 * (`fixtureStage`), which the run synthesizes with the packs, proofs and validation on.
 */
export function buildTestApp(options: TestAppOptions = {}, configure?: (input: FixtureInput) => void): HaloApp & { app: App } {
  const context: Record<string, unknown> = { ...cdkJsonContext(), ...LEAN_CONTEXT, [CONTEXT.compliance]: 'off' };
  if (options.regions) context[CONTEXT.regions] = options.regions;
  const app = new App({ ...LEAN, context, outdir: scratchDir('halo-app-'), builtinCloudFormationValidation: false });
  const input = fixtureInput();
  configure?.(input);
  return { app, ...buildHaloApp(app, input) };
}

/** The template of a stack this test built (its Stage is synthesized once, into the app's outdir). */
export function templateOf(stack: Stack): Template {
  return Template.fromStack(stack);
}
