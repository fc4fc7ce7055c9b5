import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { londonStage } from './helpers';

// A diff here is a change to what deploys: read it. A replaced stateful resource is a bug.
describe('London snapshots', () => {
  const stage = londonStage();
  const stacks = stage.node.children.filter((c): c is Stack => Stack.isStack(c));

  test('covers every stack of the region', () => {
    expect(stacks.map((s) => s.stackName)).toEqual([
      'halo-london-security', 'halo-london-network', 'halo-london-directory', 'halo-london-backup',
      'halo-london-prod-stable-data', 'halo-london-prod-beta-data', 'halo-london-uat-data',
      'halo-london-prod-stable-app', 'halo-london-prod-beta-app', 'halo-london-uat-app', 'halo-london-monitoring',
      'halo-london-prod-stable-monitoring', 'halo-london-prod-beta-monitoring', 'halo-london-uat-monitoring',
    ]);
  });

  test.each(stacks.map((s) => [s.stackName, s] as const))('%s', (_name, stack) => {
    expect(Template.fromStack(stack).toJSON()).toMatchSnapshot();
  });
});
