/**
 * Tests are transpiled only (sucrase, test/jest/transform.js); `npm run typecheck` does the type checking.
 * The fixture app (test/fixtures/config.ts) is synthesized once per run, beside the tests (test/jest/global-setup.ts);
 * test files read its assembly (test/fixtures/assembly.ts) and run in the order test/jest/sequencer.js gives.
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.tsx?$': '<rootDir>/test/jest/transform.js' },
  globalSetup: '<rootDir>/test/jest/global-setup.ts',
  globalTeardown: '<rootDir>/test/jest/global-teardown.ts',
  testSequencer: '<rootDir>/test/jest/sequencer.js',
  // Both cores (Jest's default leaves one to itself); the fixture synth runs beside them.
  maxWorkers: 2,
  // In the project, not in os.tmpdir(): a run leaves nothing there.
  cacheDirectory: '<rootDir>/node_modules/.cache/jest',
  testTimeout: 120000,
  snapshotFormat: { escapeString: false, printBasicPrototype: false },
};
