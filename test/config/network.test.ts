import * as kms from 'aws-cdk-lib/aws-kms';
import { validateConfig } from '../../lib/config';
import { VPC_PREFIX } from '../../lib/config/network';
import { NetworkStack } from '../../stacks/network-stack';
import { regionOf } from '../fixtures/config';
import { testApp, testStack } from '../helpers';
import { base, problemsOf } from './problems-of';

/** Builds London's network stack on a block of the given prefix length. */
function buildNetwork(prefix: number): void {
  // The region is built past validation, as a construct would receive a block validation let through.
  const london = { ...validateConfig(base()).regions[0], network: { cidr: `10.10.0.0/${prefix}`, flowLogRetentionDays: 365 } };
  const app = testApp();
  new NetworkStack(app, 'Network', { region: london, logsKey: new kms.Key(testStack('eu-west-2', app, 'Keys'), 'LogsKey') });
}

describe('the VPC block sizes validation allows are those the network can be built on', () => {
  test.each([VPC_PREFIX.shortest, VPC_PREFIX.longest])('/%i builds', (prefix) => {
    expect(() => buildNetwork(prefix)).not.toThrow();
  });

  test('one size smaller does not fit the subnets, and validation refuses it first', () => {
    expect(() => buildNetwork(VPC_PREFIX.longest + 1)).toThrow(/exceeds remaining space/);
    expect(
      problemsOf((c) => {
        regionOf(c, 'eu-west-2').network.cidr = `10.10.0.0/${VPC_PREFIX.longest + 1}`;
      })[0],
    ).toContain('allowed: a /16 or /17 block');
  });
});
