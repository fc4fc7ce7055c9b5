import { App, Aws, Lazy, Stack } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import { Construct } from 'constructs';
import { expectedPosture, type VerifiedRegion } from '../../lib/verify/expected-posture';
import { regionConfig } from '../fixtures/config';

/** A region whose only constructs are a trail named `trailName`, in a stack of `code` (no cells, no detector, no buckets). */
function regionWithTrail(code: string, trailName: string | (() => string)): VerifiedRegion {
  const london = regionConfig('london');
  const region = { ...london, code, cells: [], services: { ...london.services, organizationManaged: undefined } };
  const app = new App();
  const stack = new Stack(app, 'Security', { env: { account: region.account, region: code } });
  const trail = new cloudtrail.CfnTrail(stack, 'Trail', {
    isLogging: true,
    s3BucketName: 'b',
    trailName: typeof trailName === 'string' ? trailName : trailName(),
  });
  return Object.assign(app, {
    regionConfig: region,
    bucketNamePrefixes: [],
    security: { trail: { trail }, threatDetection: new Construct(stack, 'ThreatDetection') },
    backup: { vault: { vaultName: 'v', minRetentionDays: 1, maxRetentionDays: 2 } },
    data: {},
  }) as unknown as VerifiedRegion;
}

describe('the expected posture takes what the stacks know at synth', () => {
  test("renders ARNs in the stack's own partition", () => {
    const standards = expectedPosture(regionWithTrail('cn-north-1', 'halo-x')).securityHubStandards;
    expect(standards.length).toBeGreaterThan(0);
    standards.forEach((arn) => expect(arn).toMatch(/^arn:aws-cn:securityhub:cn-north-1::standards\//));
    expect(expectedPosture(regionWithTrail('eu-west-2', 'halo-x')).securityHubStandards[0]).toMatch(/^arn:aws:securityhub:eu-west-2::/);
  });

  test('refuses a value known only at deploy time rather than expect its placeholder', () => {
    expect(() => expectedPosture(regionWithTrail('eu-west-2', () => `halo-${Aws.STACK_NAME}`))).toThrow(
      /^expected posture: trail name .*AWS::StackName.* is known only at deploy time$/,
    );
  });

  test('reads a token the stack resolves to a literal', () => {
    expect(expectedPosture(regionWithTrail('eu-west-2', () => Lazy.string({ produce: () => 'halo-lazy' }))).trailName).toBe('halo-lazy');
  });
});
