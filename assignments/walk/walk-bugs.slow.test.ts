import { scoreOf } from '../../observe/judge-test';
import { REFERENCE_COMPONENTS } from '../../reference/reference-components';
import { failures, observedOnReference } from '../framework/test-support/observed-tests';
import { REALISTIC_BUGS } from './bugs';
import { loadWalkAssignment } from './test-support/walk-assignment';

/**
 * What each realistic bug costs, over every suite with each test's own
 * scoring: no single-rule mistake may lose less than 5% of the assignment's
 * points (a walker that checks US at the leaf alone must not pass with 96).
 */
it('no realistic bug loses less than 5% of the points', () => {
  const { tests } = loadWalkAssignment();
  const total = tests.reduce((sum, test) => sum + test.points, 0);
  const observed = observedOnReference(tests);
  const lost = REALISTIC_BUGS.map((bug) => {
    const failed = failures(observed, { ...REFERENCE_COMPONENTS, ...bug.components });
    const points = observed.reduce((sum, test) => {
      const failedCases = failed.get(test.id)?.failed ?? 0;
      return sum + test.points - scoreOf(test.points, test.cases.length - failedCases, test.cases.length, test.scoring);
    }, 0);
    return { bug: bug.id, lost: Math.round(points * 100) / 100 };
  });
  expect(lost.filter(({ lost: points }) => points < 0.05 * total)).toEqual([]);
}, 120_000);
