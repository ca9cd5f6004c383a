/** The fast tier, `npm test`. Type-checking is done once by `tsc --noEmit` (npm test runs it first), so
 *  ts-jest only transpiles: isolatedModules in tsconfig makes that ~3x faster.
 *  Files named `*.slow.test.ts` (end-to-end builds and batches) form the slow tier, jest.slow.config.js. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/reference', '<rootDir>/observe', '<rootDir>/io', '<rootDir>/grader', '<rootDir>/cli', '<rootDir>/assignments', '<rootDir>/starter', '<rootDir>/experiments', '<rootDir>/test', '<rootDir>/examples'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  // The public-suite harness runs inside handouts, where vmlab handout wires it to one assignment.
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/starter/harness/public-suite.test.ts', '\\.slow\\.test\\.ts$'],
  // Two workers even on two cores (jest's default there is one): most test files wait on child processes
  // (sandboxes, compile workers) as much as they compute, so two keep both cores busy.
  maxWorkers: 2,
  // A limit for a test that has stopped making progress, not a speed target: the suite must pass on a loaded machine.
  testTimeout: 300_000,
};
