import { freezeAt, readChannels, stableVersionsAt } from '../../lib/release/channels';
import { liveVersionOf, readCells, type StateCell } from '../../lib/release/state';
import { CHANNELS, NOW, onVersion } from './fixtures';

const CELLS: StateCell[] = [
  { key: 'london/prod-stable', channel: 'stable', azCount: 3 },
  { key: 'london/prod-beta', channel: 'beta', azCount: 3 },
  { key: 'london/uat', channel: 'stable', azCount: 3 },
];
const shipped = () => ({ cells: { 'london/prod-stable': onVersion('2.132.8'), 'london/prod-beta': onVersion('2.133.2'), 'london/uat': onVersion('2.132.8') } });
const withCell = (key: string, value: unknown) => ({ cells: { ...shipped().cells, [key]: value } });
const problemsOf = (raw: unknown, now = NOW) => readCells(raw, CELLS, CHANNELS, now).problems;

describe('release state (releases/cells.json)', () => {
  test('the state as regions/cells.ts makes it reads without a problem', () => {
    const { state, problems } = readCells(shipped(), CELLS, CHANNELS, NOW);
    expect(problems).toEqual([]);
    expect(liveVersionOf(state!.cells['london/prod-beta'])).toBe('2.133.2');
  });

  test('a version that is not major.minor.patch', () => {
    expect(problemsOf(withCell('london/uat', { blue: { version: '2.132', weight: 100, minCapacity: 3 }, green: { weight: 0, minCapacity: 0 } }))).toEqual([
      'releases/cells.json, cell london/uat: blue.version is "2.132"; allowed: major.minor.patch, three whole numbers without leading zeros, e.g. "2.132.8"',
    ]);
  });

  test('a stable cell on a version no stable release has (a candidate counts from its stableFrom date)', () => {
    const staged = withCell('london/prod-stable', {
      blue: { version: '2.132.8', weight: 100, minCapacity: 3 },
      green: { version: '2.133.2', weight: 0, minCapacity: 3 },
    });
    expect(problemsOf(staged)).toEqual([
      'releases/cells.json, cell london/prod-stable: green.version is "2.133.2"; allowed: a version a stable release has in releases/channels.json (2.131.10, 2.132.8; a candidate\'s from its stableFrom date): this is a stable cell',
    ]);
    expect(problemsOf(staged, new Date('2027-01-04T00:00:00Z'))).toEqual([]);
    expect(stableVersionsAt(CHANNELS, new Date('2027-01-04T00:00:00Z'))).toContain('2.133.2');
  });

  test('a staged upgrade on a beta cell during a release-candidate freeze; a staged patch is fine', () => {
    const upgrade = withCell('london/prod-beta', {
      blue: { version: '2.133.2', weight: 100, minCapacity: 3 },
      green: { version: '2.134.0', weight: 0, minCapacity: 3 },
    });
    const inFreeze = new Date('2026-12-10T00:00:00Z');
    expect(freezeAt(CHANNELS, inFreeze)?.version).toBe('2.133.2');
    expect(problemsOf(upgrade, inFreeze)).toEqual([
      'releases/cells.json, cell london/prod-beta: green.version is "2.134.0"; allowed: no upgrade staged on a beta cell during the freeze of release candidate 2.133.2 (2026-12-07 to 2027-01-04, releases/channels.json): a patch of 2.133.2, or this upgrade from 2027-01-04',
    ]);
    expect(problemsOf(upgrade, NOW)).toEqual([]);
    expect(problemsOf(upgrade, new Date('2027-01-04T00:00:00Z'))).toEqual([]);
    const patch = withCell('london/prod-beta', {
      blue: { version: '2.133.2', weight: 90, minCapacity: 3 },
      green: { version: '2.133.3', weight: 10, minCapacity: 3 },
    });
    expect(problemsOf(patch, inFreeze)).toEqual([]);
    // A halted upgrade rolled back before the freeze keeps its version on an idle colour with no instances: not staged.
    const rolledBack = withCell('london/prod-beta', {
      blue: { version: '2.133.2', weight: 100, minCapacity: 3 },
      green: { version: '2.134.0', weight: 0, minCapacity: 0 },
    });
    expect(problemsOf(rolledBack, inFreeze)).toEqual([]);
  });

  test('unknown cells and cells missing from the state', () => {
    const { 'london/uat': _gone, ...rest } = shipped().cells;
    expect(problemsOf({ cells: { ...rest, 'london/prod-2': onVersion('2.132.8') } })).toEqual([
      'releases/cells.json, cell london/prod-2: no such cell in regions/; allowed: a configured cell\'s "<region slug>/<cell id>", e.g. london/prod-stable',
      'releases/cells.json, cell london/uat: missing; allowed: every cell of regions/ has an entry {"blue": {...}, "green": {...}}',
    ]);
  });

  test('what the configuration refuses today: weights not summing to 100, a traffic colour without a version or an instance per AZ', () => {
    expect(problemsOf(withCell('london/uat', { blue: { version: '2.132.8', weight: 90, minCapacity: 3 }, green: { weight: 0, minCapacity: 0 } }))).toEqual([
      'releases/cells.json, cell london/uat: blue.weight + green.weight is 90; allowed: whole percentages that sum to 100',
    ]);
    expect(problemsOf(withCell('london/uat', { blue: { version: '2.132.8', weight: 50, minCapacity: 3 }, green: { weight: 50, minCapacity: 2 } }))).toEqual([
      'releases/cells.json, cell london/uat: green.version is (missing); allowed: a release version such as "2.132.8": this colour takes traffic',
      'releases/cells.json, cell london/uat: green.minCapacity is 2; allowed: at least 3 (one instance per AZ): this colour takes traffic',
    ]);
    expect(
      problemsOf(withCell('london/uat', { blue: { version: '2.132.8', weight: 100.5, minCapacity: 11 }, green: { weight: 0, minCapacity: 0, colour: 'x' } })),
    ).toEqual([
      'releases/cells.json, cell london/uat: blue.weight is 100.5; allowed: a whole percentage, 0 to 100',
      'releases/cells.json, cell london/uat: blue.minCapacity is 11; allowed: a whole number of instances, 0 to 10',
      'releases/cells.json, cell london/uat: unknown key "colour" in green; allowed keys: version, weight, minCapacity',
    ]);
  });

  test.each([null, [], 'cells', { cell: {} }, { cells: { 'london/uat': null } }, { cells: [] }])('malformed input %j gives lines, never a throw', (raw) => {
    const problems = problemsOf(raw);
    expect(problems.length).toBeGreaterThan(0);
    for (const line of problems) expect(line).toMatch(/^releases\/cells\.json[,:] /);
  });
});

describe('release history (releases/channels.json)', () => {
  test('the fixture history reads back as it is', () => {
    expect(readChannels(CHANNELS)).toEqual({ channels: CHANNELS, problems: [] });
  });

  test('each problem is one line naming the entry, the field, the value and what is allowed', () => {
    const raw = {
      beta: { releases: [{ version: '2.133', released: '2026-11-16' }], candidates: [] },
      stable: {
        releases: [
          { version: '2.132.8', released: '2026-10-05' },
          { version: '2.131.10', released: '2026-07-06' },
        ],
        candidates: [{ version: '2.133.2', announced: '2026-12-07', stableFrom: '2026-12-21' }],
        candidate: [],
      },
    };
    expect(readChannels(raw).problems).toEqual([
      'releases/channels.json: unknown key "candidates" in beta; allowed keys: releases',
      'releases/channels.json: unknown key "candidate" in stable — did you mean "candidates"?; allowed keys: releases, candidates',
      'releases/channels.json: beta.releases[0].version is "2.133"; allowed: major.minor.patch, three whole numbers without leading zeros, e.g. "2.132.8"',
      'releases/channels.json: stable.releases[1].version is "2.131.10"; allowed: a version newer than the release listed before it (2.132.8): list releases oldest first, each once',
      'releases/channels.json: stable.candidates[0].stableFrom is "2026-12-21"; allowed: 2027-01-04 or later: a candidate is announced four weeks before it becomes stable',
    ]);
  });

  test.each([null, { beta: 1, stable: { releases: 'x' } }, { beta: { releases: [{ version: '2.133.2', released: '2026-02-30' }] } }])(
    'malformed history %j gives lines, never a throw',
    (raw) => {
      const { channels, problems } = readChannels(raw);
      expect(channels).toBeUndefined();
      expect(problems.length).toBeGreaterThan(0);
    },
  );
});
