import { expandSuite } from '../framework/expand-tests';
import { loadAssignment } from '../framework/load-assignment';
import { failures, observedOnReference } from '../framework/test-support/observed-tests';
import { REFERENCE_COMPONENTS } from '../../reference/reference-components';
import { REALISTIC_BUGS } from './bugs';

/**
 * Requirement 4 of the realistic bugs (assignments/README.md): graded over
 * every suite with each test's own scoring, no bug of the nested walker
 * loses less than 5 of the assignment's 100 points.
 */
test('every realistic bug loses at least 5 points over all suites', () => {
  const assignment = loadAssignment(__dirname);
  const tests = assignment.suites.flatMap((suite) => observedOnReference(expandSuite(suite)));
  const total = tests.reduce((sum, test) => sum + test.points, 0);
  expect(total).toBe(100);
  const lost = REALISTIC_BUGS.map((bug) => {
    const failed = failures(tests, { ...REFERENCE_COMPONENTS, ...bug.components });
    const points = tests.reduce((sum, test) => {
      const failure = failed.get(test.id);
      if (failure === undefined) return sum;
      return sum + (test.scoring === 'all-or-nothing' ? test.points : (test.points * failure.failed) / test.cases.length);
    }, 0);
    return { id: bug.id, points };
  });
  expect(lost.filter(({ points }) => points < 5).map(({ id, points }) => `${id}: ${points.toFixed(2)}`)).toEqual([]);
}, 600_000);
