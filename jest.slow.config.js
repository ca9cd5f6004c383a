/** The slow tier, `npm run test:slow` (CI runs it after `npm test`): the `*.slow.test.ts` files, end-to-end
 *  handout builds, whole-class batches and the hostile-submission corpus. */
const fast = require('./jest.config');

module.exports = {
  ...fast,
  testMatch: ['**/*.slow.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  testTimeout: 900_000,
};
