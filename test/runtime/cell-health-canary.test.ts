/**
 * The cell health canary's script (lib/monitoring/runtime/cell-health-canary.js) as it deploys, run against a stub of the
 * Synthetics runtime module, and the marked substitution that fills in its host.
 */
import { readFileSync } from 'fs';
import { compileFunction } from 'vm';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { CANARY_SCRIPT_FILE, CellHealthCanary, canaryScript, fillPlaceholders } from '../../lib/monitoring/cell-health-canary';
import { FIXTURE_STAGES } from '../fixtures/config';
import { fixtureStage } from '../fixtures/assembly';
import { testStack } from '../helpers';

const HOST = 'prod-stable.london.halo.example';

type HttpStep = (name: string, options: Record<string, unknown>, callback?: unknown, stepConfig?: unknown) => Promise<unknown>;

/**
 * Synthetics' executeHttpStep as its documentation describes it: given no callback, it fails the step on an answer outside
 * 2xx; a request that gets no answer (a timeout, a TLS failure) rejects.
 */
function executeHttpStep(answer: { statusCode: number } | Error) {
  return jest.fn<ReturnType<HttpStep>, Parameters<HttpStep>>(async (_name, _options, callback) => {
    if (answer instanceof Error) throw answer;
    if (typeof callback === 'function') return (callback as (res: unknown) => unknown)(answer);
    if (answer.statusCode < 200 || answer.statusCode > 299) throw new Error(`Failed: ${answer.statusCode}`);
    return undefined;
  });
}

/** The deployed script, loaded as Lambda would load it, with `Synthetics` (the only module it may require) stubbed. */
function canaryHandler(script: string, synthetics: { executeHttpStep: HttpStep }): () => Promise<void> {
  const exports: { handler?: () => Promise<void> } = {};
  const require = (name: string) => {
    if (name !== 'Synthetics') throw new Error(`the canary requires ${name}`);
    return synthetics;
  };
  compileFunction(script, ['exports', 'require'], { filename: 'index.js' })(exports, require);
  return exports.handler!;
}

describe('the cell health canary script', () => {
  test('passes on a 2xx answer from https://<host>/health, one HTTPS GET on port 443', async () => {
    for (const statusCode of [200, 204]) {
      const step = executeHttpStep({ statusCode });
      await expect(canaryHandler(canaryScript(HOST), { executeHttpStep: step })()).resolves.toBeUndefined();
      expect(step.mock.calls).toEqual([['health', { hostname: HOST, method: 'GET', path: '/health', port: 443, protocol: 'https:' }]]);
    }
  });

  test.each([301, 404, 500, 503])(
    'fails the run on a %s answer (it leaves the status check to Synthetics: no callback, no step config)',
    async (statusCode) => {
      const step = executeHttpStep({ statusCode });
      await expect(canaryHandler(canaryScript(HOST), { executeHttpStep: step })()).rejects.toThrow(`Failed: ${statusCode}`);
      expect(step.mock.calls[0]).toHaveLength(2);
    },
  );

  test.each([
    ['a timeout', Object.assign(new Error('connect ETIMEDOUT 203.0.113.10:443'), { code: 'ETIMEDOUT' })],
    ['a TLS failure', Object.assign(new Error('unable to verify the first certificate'), { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' })],
  ])('fails the run on %s', async (_, error) => {
    await expect(canaryHandler(canaryScript(HOST), { executeHttpStep: executeHttpStep(error) })()).rejects.toBe(error);
  });
});

describe("the canary script's host", () => {
  test('is the one marked placeholder of the runtime file, filled in', () => {
    const file = readFileSync(CANARY_SCRIPT_FILE, 'utf8');
    expect(file.match(/\{\{\w+\}\}/g)).toEqual(['{{host}}']);
    expect(canaryScript(HOST)).toBe(file.replace('{{host}}', HOST));
  });

  test('refuses a value that is not a DNS name: nothing may end the string literal that holds it', () => {
    for (const host of ["x'});require('child_process').exec('id');({a:'", 'Prod.example', 'a b.example', '']) {
      expect(() => canaryScript(host)).toThrow(/must be a DNS name: lower-case letters, digits, dots and dashes$/);
    }
    const stack = testStack();
    expect(
      () =>
        new CellHealthCanary(stack, 'Health', {
          canaryName: 'halo-prod-stable',
          host: "x'.example",
          artifactsBucket: s3.Bucket.fromBucketName(stack, 'Artifacts', 'halo-canary-artifacts'),
          artifactsKey: kms.Key.fromKeyArn(stack, 'Key', 'arn:aws:kms:eu-west-2:111122223333:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0'),
          alertTopic: sns.Topic.fromTopicArn(stack, 'Topic', 'arn:aws:sns:eu-west-2:111122223333:halo-alerts'),
        }),
    ).toThrow(`CellHealthCanary Test/Health: host "x'.example" must be a DNS name: lower-case letters, digits, dots and dashes`);
  });

  test('substitution fills every placeholder, and refuses one without a value or a value without a placeholder', () => {
    expect(fillPlaceholders('f.js', "a('{{x}}', '{{y}}', '{{x}}')", { x: '1', y: '2' })).toBe("a('1', '2', '1')");
    expect(() => fillPlaceholders('f.js', "a('{{x}}', '{{z}}')", { x: '1' })).toThrow('f.js: placeholder {{z}} has no value; given: x');
    expect(() => fillPlaceholders('f.js', "a('{{x}}')", { x: '1', y: '2' })).toThrow('f.js: no placeholder for {{y}}');
  });

  test("is each cell's domain name in every canary the fixture app deploys", () => {
    const canaries = FIXTURE_STAGES.map(fixtureStage).flatMap((stage) =>
      stage.stacks
        .filter((s) => s.id.endsWith('-Monitoring'))
        .flatMap((s) => Object.values(stage.templateJson(s.id).Resources as Record<string, any>).filter((r) => r.Type === 'AWS::Synthetics::Canary')),
    );
    expect(canaries.length).toBeGreaterThan(1);
    for (const canary of canaries) {
      const host = /hostname: '([^']*)'/.exec(canary.Properties.Code.Script)![1];
      expect(host).toMatch(/\.halo\.example$/);
      expect(canary.Properties.Code.Script).toBe(canaryScript(host));
    }
  });
});
