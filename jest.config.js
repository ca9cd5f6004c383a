/** Type-checking is done once by `tsc --noEmit` (npm test runs it first), so
 *  ts-jest only transpiles: isolatedModules in tsconfig makes that ~3x faster. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/reference', '<rootDir>/grader', '<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};
