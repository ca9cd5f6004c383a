import { BUG_COST_TARGET, assignmentPoints, gradeRealisticBug } from '../framework/grade-realistic-bugs';
import { observedOnReference } from '../framework/observed-tests';
import { REALISTIC_BUGS } from './bugs';
import { loadWalkAssignment } from './test-support/walk-assignment';

/**
 * Requirement 4 of the realistic bugs (assignments/README.md): graded over
 * every suite with each test's own scoring, no single-rule mistake loses less
 * than 5% of the points (a walker that checks US at the leaf alone must not
 * pass with 96).
 */
it('no realistic bug loses less than 5% of the points', () => {
  const { assignment, tests } = loadWalkAssignment();
  const observed = observedOnReference(tests);
  const floor = BUG_COST_TARGET * assignmentPoints(assignment);
  const cheap = REALISTIC_BUGS.map((bug) => gradeRealisticBug(bug, observed))
    .filter((grade) => grade.pointsLost < floor)
    .map((grade) => `${grade.bug.id}: ${grade.pointsLost.toFixed(2)}`);
  expect(cheap).toEqual([]);
}, 120_000);
