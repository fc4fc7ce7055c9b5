import { listAt, objectAt, sayer, unknownKeys } from './shape';
import { compareVersions, isVersion, VERSION_WORDS } from './version';
import { addDays, isIsoDate } from './zoned-time';

/** The two release channels of the seed: beta upgrades about every two weeks, stable quarterly. */
export const CHANNELS = ['beta', 'stable'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Where the release history lives, for messages. */
export const CHANNELS_FILE = 'releases/channels.json';

/** The seed: a release candidate is announced and open to opt in four weeks before it becomes stable. */
export const CANDIDATE_NOTICE_DAYS = 28;

/** A version released to a channel on a date (`YYYY-MM-DD`, from 00:00 UTC). */
export interface ChannelRelease {
  readonly version: string;
  readonly released: string;
}

/**
 * A stable release candidate: announced (and open to opt in) on `announced`, stable from `stableFrom`. Between the two
 * is a freeze for beta: beta upgrades wait while the team works on the candidate (seed 000).
 */
export interface ReleaseCandidate {
  readonly version: string;
  readonly announced: string;
  readonly stableFrom: string;
}

/** The release history: each channel's releases, oldest first, and the stable channel's candidates. */
export interface ChannelHistory {
  readonly stable: { readonly releases: readonly ChannelRelease[]; readonly candidates: readonly ReleaseCandidate[] };
  readonly beta: { readonly releases: readonly ChannelRelease[] };
}

/** Midnight UTC of a `YYYY-MM-DD` date, the instant the history's dates take effect. */
export function startOfDate(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

/** The candidate whose freeze holds `instant` ([announced, stableFrom)), if any. */
export function freezeAt(channels: ChannelHistory, instant: Date): ReleaseCandidate | undefined {
  return channels.stable.candidates.find((c) => startOfDate(c.announced) <= instant && instant < startOfDate(c.stableFrom));
}

/** The first freeze that begins after `instant` and before `until`, if any. */
export function freezeStartingWithin(channels: ChannelHistory, instant: Date, until: Date): ReleaseCandidate | undefined {
  return channels.stable.candidates.find((c) => instant < startOfDate(c.announced) && startOfDate(c.announced) < until);
}

/** Versions a stable cell may run at `instant`: the stable releases, and each candidate from its `stableFrom` date. */
export function stableVersionsAt(channels: ChannelHistory, instant: Date): string[] {
  const candidates = channels.stable.candidates.filter((c) => startOfDate(c.stableFrom) <= instant).map((c) => c.version);
  return [...new Set([...channels.stable.releases.map((r) => r.version), ...candidates])];
}

/** The candidate of a version, if one was announced. */
export function candidateOf(channels: ChannelHistory, version: string): ReleaseCandidate | undefined {
  return channels.stable.candidates.find((c) => c.version === version);
}

/** Reads the release history; every problem is one line naming the file, the entry, the field, the value and what is allowed. */
export function readChannels(raw: unknown): { readonly channels?: ChannelHistory; readonly problems: string[] } {
  const problems: string[] = [];
  const say = sayer(problems, CHANNELS_FILE);
  const top = objectAt(raw, 'the file', 'an object {"beta": {...}, "stable": {...}}', say);
  if (!top) return { problems };
  unknownKeys(top, CHANNELS, '', problems, CHANNELS_FILE);
  const beta = objectAt(top.beta, 'beta', 'an object {"releases": [...]}', say);
  const stable = objectAt(top.stable, 'stable', 'an object {"releases": [...], "candidates": [...]}', say);
  if (beta) unknownKeys(beta, ['releases'], 'beta', problems, CHANNELS_FILE);
  if (stable) unknownKeys(stable, ['releases', 'candidates'], 'stable', problems, CHANNELS_FILE);
  const betaReleases = beta ? readReleases(beta.releases, 'beta', problems) : [];
  const stableReleases = stable ? readReleases(stable.releases, 'stable', problems) : [];
  const candidates = stable ? readCandidates(stable.candidates, problems) : [];
  if (problems.length > 0) return { problems };
  return { channels: { beta: { releases: betaReleases }, stable: { releases: stableReleases, candidates } }, problems };
}

function readReleases(raw: unknown, channel: Channel, problems: string[]): ChannelRelease[] {
  const say = sayer(problems, CHANNELS_FILE);
  const list = listAt(raw, `${channel}.releases`, 'a list of {"version", "released"}, oldest first', say);
  const releases: ChannelRelease[] = [];
  list.forEach((item, i) => {
    const field = `${channel}.releases[${i}]`;
    const release = objectAt(item, field, 'an object {"version": "2.132.8", "released": "2026-10-05"}', say);
    if (!release) return;
    unknownKeys(release, ['version', 'released'], field, problems, CHANNELS_FILE);
    if (!isVersion(release.version)) return say(`${field}.version`, release.version, VERSION_WORDS);
    if (!isIsoDate(release.released)) return say(`${field}.released`, release.released, 'the date the channel got it, a real date YYYY-MM-DD');
    const before = releases[releases.length - 1];
    if (before && compareVersions(release.version, before.version) <= 0) {
      say(`${field}.version`, release.version, `a version newer than the release listed before it (${before.version}): list releases oldest first, each once`);
    } else if (before && release.released < before.released) {
      say(`${field}.released`, release.released, `a date on or after the release listed before it (${before.released}): list releases oldest first`);
    }
    releases.push({ version: release.version, released: release.released });
  });
  return releases;
}

function readCandidates(raw: unknown, problems: string[]): ReleaseCandidate[] {
  const say = sayer(problems, CHANNELS_FILE);
  const list = listAt(raw, 'stable.candidates', 'a list of {"version", "announced", "stableFrom"}, oldest first', say);
  const candidates: ReleaseCandidate[] = [];
  list.forEach((item, i) => {
    const field = `stable.candidates[${i}]`;
    const candidate = objectAt(item, field, 'an object {"version": "2.133.2", "announced": "2026-12-07", "stableFrom": "2027-01-04"}', say);
    if (!candidate) return;
    unknownKeys(candidate, ['version', 'announced', 'stableFrom'], field, problems, CHANNELS_FILE);
    const { version, announced, stableFrom } = candidate;
    if (!isVersion(version)) return say(`${field}.version`, version, VERSION_WORDS);
    if (!isIsoDate(announced)) return say(`${field}.announced`, announced, 'the date the candidate is announced and open to opt in, a real date YYYY-MM-DD');
    if (!isIsoDate(stableFrom)) return say(`${field}.stableFrom`, stableFrom, 'the date the candidate becomes stable, a real date YYYY-MM-DD');
    if (stableFrom < addDays(announced, CANDIDATE_NOTICE_DAYS)) {
      say(
        `${field}.stableFrom`,
        stableFrom,
        `${addDays(announced, CANDIDATE_NOTICE_DAYS)} or later: a candidate is announced four weeks before it becomes stable`,
      );
    }
    const before = candidates[candidates.length - 1];
    if (before && compareVersions(version, before.version) <= 0) {
      say(`${field}.version`, version, `a version newer than the candidate listed before it (${before.version}): list candidates oldest first, each once`);
    } else if (before && announced < before.stableFrom) {
      say(`${field}.announced`, announced, `${before.stableFrom} or later: the candidate before it (${before.version}) is stable only from then`);
    }
    candidates.push({ version, announced, stableFrom });
  });
  return candidates;
}
