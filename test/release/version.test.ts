import { changeOf, changesSchema, compareVersions, isVersion, newestOf, parseVersion } from '../../lib/release/version';

describe('release versions', () => {
  test('parses major.minor.patch and nothing else', () => {
    expect(parseVersion('2.132.8')).toEqual({ major: 2, minor: 132, patch: 8 });
    for (const bad of ['2.132', '2.132.8.1', 'v2.132.8', '2.01.3', '2.132.x', ' 2.132.8', '', 2132, undefined]) expect(isVersion(bad)).toBe(false);
    expect(isVersion('0.0.0')).toBe(true);
  });

  test('compares numerically, not as text', () => {
    expect(compareVersions('2.132.10', '2.132.9')).toBeGreaterThan(0);
    expect(compareVersions('2.99.0', '2.132.0')).toBeLessThan(0);
    expect(compareVersions('2.132.8', '2.132.8')).toBe(0);
    expect(newestOf(['2.131.10', '2.133.2', '2.132.8'])).toBe('2.133.2');
  });

  test.each([
    ['2.132.8', '2.132.9', 'patch', false],
    ['2.131.10', '2.132.8', 'upgrade', true],
    ['2.132.8', '3.0.0', 'major', true],
    ['2.132.8', '2.132.8', 'same', false],
    ['2.133.2', '2.132.9', 'downgrade', false],
  ] as const)('%s to %s is a %s (schema may change: %s)', (from, to, change, schema) => {
    expect(changeOf(from, to)).toBe(change);
    expect(changesSchema(changeOf(from, to))).toBe(schema);
  });
});
