import { fixtureStage } from './fixtures/assembly';

// A diff here is a change to what deploys: read it. A replaced stateful resource is a bug. London is the fixture's
// (test/fixtures/config.ts), whose cells are the shipped London's, as the run synthesized it (test/fixtures/assembly.ts).
describe('London snapshots', () => {
  const london = fixtureStage('London');

  test('covers every stack of the region', () => {
    expect(london.stacks.map((s) => s.stackName)).toEqual([
      'halo-london-security',
      'halo-london-network',
      'halo-london-directory',
      'halo-london-backup',
      'halo-london-prod-stable-data',
      'halo-london-prod-beta-data',
      'halo-london-uat-data',
      'halo-london-prod-stable-app',
      'halo-london-prod-beta-app',
      'halo-london-uat-app',
      'halo-london-monitoring',
      'halo-london-prod-stable-monitoring',
      'halo-london-prod-beta-monitoring',
      'halo-london-uat-monitoring',
    ]);
  });

  test.each(london.stacks.map((s) => [s.stackName, s.id] as const))('%s', (_name, id) => {
    expect(london.templateJson(id)).toMatchSnapshot();
  });
});
