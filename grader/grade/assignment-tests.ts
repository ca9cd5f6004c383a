import { expandSuite } from '../../assignments/framework/expand-tests';
import { LoadedAssignment } from '../../assignments/framework/loaded-assignment';
import { GradedTest } from './grade-submission';

/** The tests of each loaded assignment without a student seed: the same for every such student of a class, so generated once. */
const unseededTests = new WeakMap<LoadedAssignment, readonly GradedTest[]>();

/** Every test of every suite of the assignment, generated with the student's seed (or the suites' own), with its suite's visibility. */
export function assignmentTests(assignment: LoadedAssignment, studentSeed: number | undefined): readonly GradedTest[] {
  const expand = () => assignment.suites.flatMap((suite) => expandSuite(suite, { studentSeed }).map((test) => ({ ...test, visibility: suite.reference.visibility })));
  if (studentSeed !== undefined) return expand();
  let tests = unseededTests.get(assignment);
  if (tests === undefined) {
    tests = expand();
    unseededTests.set(assignment, tests);
  }
  return tests;
}
