import { writeFileSync } from 'fs';
import { join } from 'path';
import { App, IPolicyValidationContextBeta1, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { controlTowerCatalogue } from '../../lib/compliance/control-tower';
import { contiguousChunks, ParallelCfnGuardValidator } from '../../lib/compliance/parallel-cfn-guard';
import { scratchDir } from '../fixtures/assembly';

// Three controls keep each cfn-guard run short: S3 public access, S3 encryption, SQS encryption.
const KEPT = ['CT.S3.PR.1', 'CT.S3.PR.10', 'CT.SQS.PR.2'];
// What CfnGuardValidator reads of the validation context: the template paths.
const context = (templatePaths: string[]) => ({ templatePaths }) as unknown as IPolicyValidationContextBeta1;
const props = () => ({
  disabledRules: controlTowerCatalogue()
    .filter((c) => !KEPT.includes(c.id))
    .map((c) => c.file),
});

/** Five templates, each with findings of its own (the bucket's and the queue's names carry the stack's). */
function templates(): string[] {
  const app = new App({ outdir: scratchDir('halo-parallel-guard-'), builtinCloudFormationValidation: false });
  const stacks = [1, 2, 3, 4, 5].map((n) => {
    const stack = new Stack(app, `Stack${n}`);
    for (let i = 0; i < n; i++) new s3.CfnBucket(stack, `Bucket${i}`);
    new sqs.CfnQueue(stack, 'Queue');
    return stack;
  });
  const assembly = app.synth();
  return stacks.map((s) => join(assembly.directory, s.templateFile));
}

describe('contiguousChunks', () => {
  test('keeps the order, leaves no chunk empty and balances the bytes', () => {
    const paths = ['a', 'b', 'c', 'd', 'e'];
    expect(contiguousChunks(paths, [10, 10, 10, 10, 10], 2)).toEqual([
      ['a', 'b'],
      ['c', 'd', 'e'],
    ]);
    expect(contiguousChunks(paths, [100, 1, 1, 1, 1], 2)).toEqual([['a'], ['b', 'c', 'd', 'e']]);
    expect(contiguousChunks(paths, [1, 1, 1, 1, 1], 9).flat()).toEqual(paths);
    expect(contiguousChunks(paths, [1, 1, 1, 1, 1], 1)).toEqual([paths]);
    expect(contiguousChunks([], [], 2)).toEqual([]);
  });
});

describe('ParallelCfnGuardValidator', () => {
  const paths = templates();

  test("gives CfnGuardValidator's report, findings in the templates' order, from several cfn-guard processes", () => {
    const single = new CfnGuardValidator(props()).validate(context(paths));
    expect(single.success).toBe(false);
    // Findings from every template, so the order of the joined reports shows.
    const named = JSON.stringify(single.violations);
    for (const n of [1, 2, 3, 4, 5]) expect(named).toContain(`Stack${n}`);
    const parallel = new ParallelCfnGuardValidator(props(), 3);
    expect(parallel.validate(context(paths))).toEqual(single);
    expect([parallel.name, parallel.ruleIds]).toEqual([new CfnGuardValidator(props()).name, new CfnGuardValidator(props()).ruleIds]);
  });

  test('fails with the reason when a cfn-guard run fails', () => {
    const broken = join(scratchDir('halo-parallel-guard-broken-'), 'broken.template.json');
    writeFileSync(broken, '{ "Resources": ');
    expect(() => new ParallelCfnGuardValidator(props(), 2).validate(context([paths[0], broken]))).toThrow(
      /cfn-guard in 2 processes failed: .*CfnGuardValidator plugin failed/s,
    );
  });
});
