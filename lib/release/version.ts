/** A release version `major.minor.patch` (seed 000: the second number is an upgrade, the last a patch). */
export interface Version {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

/** What moving from one version to another is: the seed's words, plus the two moves a release never makes. */
export type VersionChange = 'same' | 'patch' | 'upgrade' | 'major' | 'downgrade';

/** Whole numbers without leading zeros, so that each version has one spelling (`2.01.0` would equal `2.1.0`). */
const VERSION_PATTERN = /^(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})$/;

/** What a version may look like, for messages. */
export const VERSION_WORDS = 'major.minor.patch, three whole numbers without leading zeros, e.g. "2.132.8"';

/** The version a text spells, or undefined when it is not `major.minor.patch`. */
export function parseVersion(text: unknown): Version | undefined {
  if (typeof text !== 'string') return undefined;
  const match = VERSION_PATTERN.exec(text);
  if (!match) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]) };
}

/** True when the text is a version `major.minor.patch`. */
export function isVersion(text: unknown): text is string {
  return parseVersion(text) !== undefined;
}

/** Negative when `a` is older than `b`, zero when equal, positive when newer. Both must be versions. */
export function compareVersions(a: string, b: string): number {
  const [x, y] = [mustParse(a), mustParse(b)];
  return x.major - y.major || x.minor - y.minor || x.patch - y.patch;
}

/** The kind of change from `from` to `to`: a patch changes only the last number, an upgrade the second, major the first. */
export function changeOf(from: string, to: string): VersionChange {
  const [x, y] = [mustParse(from), mustParse(to)];
  const order = compareVersions(from, to);
  if (order === 0) return 'same';
  if (order > 0) return 'downgrade';
  if (x.major !== y.major) return 'major';
  return x.minor !== y.minor ? 'upgrade' : 'patch';
}

/** True when the change may alter the database schema (an upgrade or a major version), so it runs out of hours only. */
export function changesSchema(change: VersionChange): boolean {
  return change === 'upgrade' || change === 'major';
}

/** The newest of some versions, or undefined for none. */
export function newestOf(versions: readonly string[]): string | undefined {
  return versions.reduce<string | undefined>((newest, v) => (newest === undefined || compareVersions(v, newest) > 0 ? v : newest), undefined);
}

function mustParse(text: string): Version {
  const version = parseVersion(text);
  if (!version) throw new Error(`"${text}" is not a version (${VERSION_WORDS})`);
  return version;
}
