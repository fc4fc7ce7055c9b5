import { withReleaseState } from '../../lib/release/declared-regions';
import { london } from '../../regions/london';
import { NOW } from './fixtures';

// London as regions/ declares it (no colours), and release files written for its three cells.
const channels = {
  beta: { releases: [{ version: '2.133.2', released: '2026-11-16' }] },
  stable: { releases: [{ version: '2.132.8', released: '2026-10-05' }], candidates: [] },
};
const live = (version: string) => ({ blue: { version, weight: 100, minCapacity: 3 }, green: { weight: 0, minCapacity: 0 } });
const cells = { 'london/prod-stable': live('2.132.8'), 'london/prod-beta': live('2.133.2'), 'london/uat': live('2.132.8') };

describe('the release state feeds the configuration (withReleaseState)', () => {
  test('each declared cell gets its colours from releases/cells.json, nothing else of it changes', () => {
    const staged = {
      ...cells,
      'london/prod-beta': { blue: { version: '2.133.2', weight: 90, minCapacity: 3 }, green: { version: '2.133.3', weight: 10, minCapacity: 3 } },
    };
    const { regions, problems } = withReleaseState([london], { channels, cells: { cells: staged } }, NOW);
    expect(problems).toEqual([]);
    const beta = regions![0].cells.find((c) => c.id === 'prod-beta')!;
    expect(beta.app.blue).toEqual({ version: '2.133.2', weight: 90, minCapacity: 3 });
    expect(beta.app.green).toEqual({ version: '2.133.3', weight: 10, minCapacity: 3 });
    expect({ ...beta, app: { ...beta.app, blue: undefined, green: undefined } }).toEqual({
      ...london.cells.find((c) => c.id === 'prod-beta'),
      app: { ...london.cells.find((c) => c.id === 'prod-beta')!.app, blue: undefined, green: undefined },
    });
  });

  test('a cell missing from the state, or a stable cell on a version no stable release has, is refused in one line each', () => {
    const { 'london/uat': _uat, ...withoutUat } = cells;
    const refused = withReleaseState([london], { channels, cells: { cells: { ...withoutUat, 'london/prod-stable': live('2.133.2') } } }, NOW);
    expect(refused.regions).toBeUndefined();
    expect(refused.problems).toEqual([
      expect.stringMatching(/^releases\/cells\.json, cell london\/prod-stable: blue\.version is "?2\.133\.2"?; allowed: a version a stable release has/),
      'releases/cells.json, cell london/uat: missing; allowed: every cell of regions/ has an entry {"blue": {...}, "green": {...}}',
    ]);
    refused.problems.forEach((p) => expect(p).not.toContain('\n'));
  });

  test('a broken history is refused before the state is read', () => {
    const refused = withReleaseState([london], { channels: { beta: {} }, cells: { cells } }, NOW);
    expect(refused.regions).toBeUndefined();
    expect(refused.problems.length).toBeGreaterThan(0);
    refused.problems.forEach((p) => expect(p).toMatch(/^releases\/channels\.json/));
  });
});
