/**
 * Orders the test files so that the workers do not wait for the run's fixture synth (test/fixtures/synthesize-fixture.ts)
 * and the longest files start first:
 * 1. the long files that do not read the fixture assembly (the workers start with them while the synth writes its
 *    templates), then the long files that read its templates, then the long files that read the whole synth's outcome
 *    (packs, proofs, validation), which ends last: by then the synth is over, and no long file is left for the end;
 * 2. the short files in the same order: none, templates, outcome.
 * Within each, Jest's own order: failed first, then slowest first (by the durations of earlier runs).
 */
const { readFileSync } = require('fs');
const Sequencer = require('@jest/test-sequencer').default;

/** A file that took longer than this in an earlier run starts early. */
const LONG_MS = 2000;

function reads(path) {
  const source = readFileSync(path, 'utf8');
  if (/\bfixtureCompliance\b/.test(source)) return 'outcome';
  if (/\bfixture(Stage|AssemblyDirectory|Proofs|ExpectedPostures)\b/.test(source)) return 'templates';
  return 'nothing';
}

class FixtureAwareSequencer extends Sequencer {
  async sort(tests) {
    const sorted = await super.sort(tests);
    const rank = new Map(
      sorted.map((test, index) => {
        const what = reads(test.path);
        const long = (test.duration ?? 0) > LONG_MS;
        const tier = (long ? 0 : 3) + { nothing: 0, templates: 1, outcome: 2 }[what];
        return [test.path, tier * sorted.length + index];
      }),
    );
    return [...sorted].sort((a, b) => rank.get(a.path) - rank.get(b.path));
  }
}

module.exports = FixtureAwareSequencer;
