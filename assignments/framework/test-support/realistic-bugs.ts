/// <reference types="jest" />
// Loaded by test files only: it registers jest tests (the build's own type list leaves jest's out).
import { assignmentPoints, BUG_COST_TARGET, gradeRealisticBug } from '../grade-realistic-bugs';
import { LoadedAssignment, PUBLIC_SUITE } from '../loaded-assignment';
import { RealisticBug } from '../realistic-bug';
import { bugCatchProblems, bugSetProblems } from '../realistic-bug-requirements';
import { ObservedTest } from '../observed-tests';
import { measureFeedbackNaming, NAMING_TARGET, namingTargetMet } from '../feedback-naming';

export type { BugGrade, FailedByBug } from '../grade-realistic-bugs';
export { gradeRealisticBug, publicFailures, publicTestNamingIt, ruleTestsFailed } from '../grade-realistic-bugs';

export interface RealisticBugSuite {
  readonly assignment: LoadedAssignment;
  /** The assignment's tests observed on the reference; each bug runs on the public ones and on those declaring its rule. */
  readonly tests: readonly ObservedTest[];
  readonly bugs: readonly RealisticBug[];
}

/**
 * Jest tests of requirements 1-3 of the realistic bugs (assignments/README.md,
 * "Realistic bugs"), for an assignment's suites test: at least 20 bugs per
 * assessed component, each breaking a rule of the manifest; each fails a
 * public test whose first difference names the mistake, and a test that
 * declares its rule. Pass fewer tests (e.g. without slow machine workloads)
 * to keep it fast, as long as each rule keeps a test among them.
 */
export function describeRealisticBugs({ assignment, tests, bugs }: RealisticBugSuite): void {
  describe(`the realistic bugs of ${assignment.manifest.id}`, () => {
    it(`number at least 20 per assessed component, each breaking one rule of the manifest`, () => {
      expect(bugSetProblems(assignment, bugs)).toEqual([]);
    });

    it.each(bugs.map((bug) => [bug.id, bug] as const))('%s fails a public test that names the mistake, and a test of its rule', (_id, bug) => {
      const relevant = tests.filter((test) => test.suite === PUBLIC_SUITE || (test.rules ?? []).includes(bug.rule));
      expect(bugCatchProblems(gradeRealisticBug(bug, relevant))).toEqual([]);
    });
  });
}

/**
 * The jest test of requirement 4 (assignments/README.md, "Realistic bugs"):
 * graded over every suite with each test's own scoring, no bug loses less
 * than 5% of the assignment's points. Slow with machine workloads: called
 * from the assignments' `*.slow.test.ts`. `tests` must be every test of
 * every suite, observed on the reference.
 */
export function itCostsEveryRealisticBugEnough({ assignment, tests, bugs }: RealisticBugSuite): void {
  it(`every realistic bug of ${assignment.manifest.id} loses at least ${100 * BUG_COST_TARGET}% of the points over all suites`, () => {
    const floor = BUG_COST_TARGET * assignmentPoints(assignment);
    const cheap = bugs
      .map((bug) => gradeRealisticBug(bug, tests))
      .filter((grade) => grade.pointsLost < floor)
      .map((grade) => `${grade.bug.id}: ${grade.pointsLost.toFixed(2)} of ${assignmentPoints(assignment)} points`);
    expect(cheap).toEqual([]);
  }, 1_200_000);
}

/**
 * The jest test of the naming target: graded over every suite, the
 * diagnosis a student reads (the report's opening misconceptions) names at
 * least 90% of the caught realistic bugs; the misses are listed on failure.
 * `tests` must be every test of every suite, observed on the reference.
 */
export function itNamesTheRealisticBugs({ assignment, tests, bugs }: RealisticBugSuite): void {
  it(`the diagnosis names at least ${100 * NAMING_TARGET}% of the realistic bugs of ${assignment.manifest.id} it catches`, () => {
    const naming = measureFeedbackNaming(assignment, bugs, tests);
    const missed = naming.misses.map(({ bug, shown }) => `${bug}: opens with ${shown.length === 0 ? 'no misconception' : shown.join(', ')}`);
    expect({ named: namingTargetMet(naming), missed }).toEqual({ named: true, missed: expect.any(Array) });
  }, 1_200_000);
}
