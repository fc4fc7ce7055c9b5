/** Tests are transpiled only (tsconfig isolatedModules); `npm run typecheck` does the type checking. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.tsx?$': 'ts-jest' },
  testTimeout: 120000,
  snapshotFormat: { escapeString: false, printBasicPrototype: false },
};
