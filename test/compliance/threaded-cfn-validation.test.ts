import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App, CloudFormationValidatePlugin, Stack, Stage, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import {
  builtinValidationOn,
  CloudFormationValidationThread,
  resourceTypesOf,
  stackTemplatesOf,
  ThreadedCloudFormationValidate,
} from '../../lib/compliance/threaded-cfn-validation';

const folders: string[] = [];
const folder = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  folders.push(dir);
  return dir;
};
afterAll(() => folders.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** Two regions whose subnets pin their AZs: the engine reports W3010 in both, so the merge across templates shows. */
function twoRegionApp(outdir: string, builtin: boolean): { app: App; stages: Stage[] } {
  const app = new App({ outdir, builtinCloudFormationValidation: builtin, context: { '@aws-cdk/core:validateAgainstDefaultRules': true } });
  const stages = (['eu-west-2', 'eu-central-1'] as const).map((region, i) => {
    const stage = new Stage(app, `Region${i}`, { env: { account: '111122223333', region } });
    for (const name of ['Network', 'Other']) {
      const stack = new Stack(stage, name);
      const vpc = new ec2.CfnVPC(stack, 'Vpc', { cidrBlock: '10.0.0.0/16' });
      new ec2.CfnSubnet(stack, 'Subnet', { vpcId: vpc.ref, cidrBlock: '10.0.0.0/24', availabilityZone: `${region}a` });
    }
    return stage;
  });
  return { app, stages };
}

/** The CloudFormation Validate plugin's part of the validation report, without stack traces (they name call sites). */
function cfnReport(outdir: string): unknown {
  const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8'), (key, value) => (key === 'stackTraces' ? undefined : value));
  return report.pluginReports.find((p: { pluginName: string }) => p.pluginName === 'CloudFormation Validate');
}

async function threadedSynth(outdir: string, cacheDir?: string): Promise<void> {
  const thread = new CloudFormationValidationThread(cacheDir);
  try {
    const { app, stages } = twoRegionApp(outdir, false);
    thread.start(resourceTypesOf(app));
    // What the region stages do as each is synthesized: hand its templates over before the app's validation.
    stages.forEach((stage) => thread.validate(stackTemplatesOf(stage.synth())));
    Validations.of(app).addPlugins(new ThreadedCloudFormationValidate(thread));
    app.synth();
  } finally {
    await thread.stop();
  }
}

describe('CloudFormation validation on a thread', () => {
  // One cold threaded synth (the engine starts) and one warm (from the cache): each engine start costs seconds.
  const cache = folder('halo-cfnv-cache-');
  const threaded = folder('halo-cfnv-thread-');

  test("gives the built-in plugin's report, violations merged across templates in the same order", async () => {
    const builtin = folder('halo-cfnv-builtin-');
    twoRegionApp(builtin, true).app.synth();
    await threadedSynth(threaded, cache);
    const expected = cfnReport(builtin) as { violations: { ruleName: string; violatingConstructs: unknown[] }[] };
    // One violation per region (the message names the AZ), each listing both of the region's templates.
    expect(expected.violations.filter((v) => v.ruleName === 'W3010').map((v) => v.violatingConstructs.length)).toEqual([2, 2]);
    expect(cfnReport(threaded)).toEqual(expected);
  });

  test("takes the report of an unchanged template from the cache, with this synth's template paths", async () => {
    const entries = readdirSync(cache).filter((f) => f.endsWith('.json'));
    expect(entries).toHaveLength(4);
    // A planted entry shows the second synth reads the cache rather than validating again.
    const planted = join(cache, entries[0]);
    const report = JSON.parse(readFileSync(planted, 'utf8'));
    writeFileSync(planted, JSON.stringify([...report, { ...report[0], ruleName: 'W3010', description: 'planted in the cache' }]));
    const again = folder('halo-cfnv-again-');
    await threadedSynth(again, cache);
    expect(readdirSync(cache)).toHaveLength(4);
    expect(JSON.stringify(cfnReport(again))).toContain('planted in the cache');
  });

  test('a thread that cannot validate fails the synth with its reason, never hangs', async () => {
    // An existing (empty) cache: the thread starts its engine only for a template it must validate, so none starts here.
    const thread = new CloudFormationValidationThread(folder('halo-cfnv-empty-cache-'), 60_000);
    try {
      thread.start([]);
      const missing = {
        stackConstructPath: 'Region0/Gone',
        templatePath: join(folder('halo-cfnv-missing-'), 'gone.template.json'),
        accountId: undefined,
        region: undefined,
      };
      expect(() => thread.collect([missing])).toThrow(/CloudFormation validation failed in its thread: .*ENOENT/s);
    } finally {
      await thread.stop();
    }
  });

  test('a thread that dies is noticed within its idle limit, and the plugin then validates on the main thread', async () => {
    const outdir = folder('halo-cfnv-dead-');
    const { stages } = twoRegionApp(outdir, false);
    const templates = stages.flatMap((stage) => stackTemplatesOf(stage.synth()));
    // Terminated before it could answer; an existing cache keeps it from starting an engine it would never use.
    const thread = new CloudFormationValidationThread(folder('halo-cfnv-unused-cache-'), 500);
    try {
      await Reflect.get(thread, 'worker').terminate();
      const started = Date.now();
      expect(() => thread.collect(templates)).toThrow(/CloudFormation validation thread (exited|has not answered)/);
      expect(Date.now() - started).toBeLessThan(15_000);
      const warn = jest.spyOn(console, 'error').mockImplementation(() => undefined);
      // The built-in plugin's own validate (whose report test 1 compares with the thread's) stands in: no third engine start.
      const ownReport = { success: true, violations: [] };
      const builtinValidate = jest.spyOn(CloudFormationValidatePlugin.prototype, 'validate').mockReturnValue(ownReport);
      const context = { templatePaths: templates.map((t) => t.templatePath), stackTemplates: templates } as never;
      const report = new ThreadedCloudFormationValidate(thread).validate(context);
      expect(warn).toHaveBeenCalledWith(
        expect.stringMatching(/^Warning: the CloudFormation validation thread .*; validating the templates on the main thread instead\.$/),
      );
      expect(builtinValidate).toHaveBeenCalledWith(context);
      expect(report).toBe(ownReport);
      builtinValidate.mockRestore();
      warn.mockRestore();
    } finally {
      await thread.stop();
    }
  });

  test('follows the App option and CDK_VALIDATION=false like the built-in validation', () => {
    const saved = process.env.CDK_VALIDATION;
    try {
      delete process.env.CDK_VALIDATION;
      expect(builtinValidationOn(new App())).toBe(true);
      expect(builtinValidationOn(new App({ builtinCloudFormationValidation: false }))).toBe(false);
      process.env.CDK_VALIDATION = 'false';
      expect(builtinValidationOn(new App())).toBe(false);
    } finally {
      if (saved === undefined) delete process.env.CDK_VALIDATION;
      else process.env.CDK_VALIDATION = saved;
    }
  });
});
