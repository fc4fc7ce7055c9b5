/** Levenshtein distance between two strings (insertions, deletions and substitutions each cost one). */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/**
 * The candidate closest to `wrong`, if close enough to be a likely typo: at most a third of its length away
 * (at least one edit), or equal ignoring case.
 */
export function closest(wrong: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.max(1, Math.floor(wrong.length / 3));
  const lower = wrong.toLowerCase();
  let best: { name: string; distance: number } | undefined;
  for (const name of candidates) {
    // Names whose lengths differ by more than the limit cannot be within it: skip the quadratic distance.
    if (Math.abs(name.length - wrong.length) > limit) continue;
    const distance = name.toLowerCase() === lower ? 0 : editDistance(wrong, name);
    if (!best || distance < best.distance) best = { name, distance };
  }
  return best && best.distance <= limit ? best.name : undefined;
}
