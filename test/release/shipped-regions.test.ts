import { cpSync, mkdirSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { ConfigError } from '../../lib/config';
import { shippedRegions } from '../../stacks/halo-app';
import { scratchDir } from '../fixtures/assembly';
import { NOW } from './fixtures';

/** A copy of the repository's release files, for this test to break. */
function releases(): string {
  const root = scratchDir('halo-releases-');
  mkdirSync(join(root, 'releases'));
  for (const file of ['channels.json', 'cells.json']) cpSync(join(__dirname, '..', '..', 'releases', file), join(root, 'releases', file));
  return root;
}

const problemsOf = (root: string): readonly string[] => {
  try {
    shippedRegions(NOW, root);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('the synth reads the release files (shippedRegions)', () => {
  test('as shipped: every cell of regions/ gets its colours', () => {
    const regions = shippedRegions(NOW, releases());
    expect(regions.flatMap((r) => r.cells).every((c) => c.app.blue.weight + c.app.green.weight === 100)).toBe(true);
  });

  test('a file left with merge-conflict markers, or missing, stops the synth with one line naming it, not a stack trace', () => {
    const conflicted = releases();
    writeFileSync(join(conflicted, 'releases', 'cells.json'), '<<<<<<< HEAD\n{}\n');
    expect(problemsOf(conflicted)).toEqual([expect.stringMatching(/^releases\/cells\.json: cannot be read as JSON \(.*\); allowed: the release file/)]);
    const missing = releases();
    rmSync(join(missing, 'releases', 'channels.json'));
    expect(problemsOf(missing)).toEqual([expect.stringMatching(/^releases\/channels\.json: cannot be read as JSON \(ENOENT/)]);
    [...problemsOf(conflicted), ...problemsOf(missing)].forEach((line) => expect(line).not.toContain('\n'));
  });
});
