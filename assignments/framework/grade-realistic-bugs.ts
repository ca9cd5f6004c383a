import { Difference } from '../../observe/difference';
import { formatDifference } from '../../observe/format-difference';
import { scoreOf } from '../../observe/judge-test';
import { REFERENCE_COMPONENTS } from '../../reference/reference-components';
import { diagnoseCase, DiagnosisCatalogue } from './diagnose';
import { LoadedAssignment, PUBLIC_SUITE } from './loaded-assignment';
import { Diagnosis } from './misconception';
import { RealisticBug } from './realistic-bug';
import { ObservedTest, failures } from './observed-tests';

/** One test a realistic bug fails, as the grader would score it. */
export interface FailedByBug {
  readonly test: string;
  readonly suite: string;
  /** What a student reads of the failed test besides its difference: its title and hint. */
  readonly title: string;
  readonly hint?: string;
  readonly rules: readonly string[];
  readonly failedCases: number;
  readonly totalCases: number;
  /** The first difference of the first failing case: the feedback a student gets. */
  readonly first: Difference;
  /** The test's points less its score, by the test's own scoring. */
  readonly pointsLost: number;
  /** What the grader diagnoses from the first failing case, when a catalogue was given and it could. */
  readonly diagnosis?: Diagnosis;
}

export type { DiagnosisCatalogue } from './diagnose';

/** What grading a realistic bug over some tests found. */
export interface BugGrade {
  readonly bug: RealisticBug;
  /** The tests it fails, in the order given. */
  readonly failed: readonly FailedByBug[];
  /** Summed over `failed`. */
  readonly pointsLost: number;
}

/**
 * Grade one realistic bug in-process: its components, the reference's for
 * the others, over `tests` (observed on the reference), each failing test
 * scored as the grader scores it (proportional or all-or-nothing).
 */
export function gradeRealisticBug(bug: RealisticBug, tests: readonly ObservedTest[], catalogue?: DiagnosisCatalogue): BugGrade {
  const failedTests = failures(tests, { ...REFERENCE_COMPONENTS, ...bug.components });
  const failed = tests.flatMap((test): FailedByBug[] => {
    const failure = failedTests.get(test.id);
    if (failure === undefined) return [];
    const totalCases = test.cases.length;
    const pointsLost = test.points - scoreOf(test.points, totalCases - failure.failed, totalCases, test.scoring);
    const rules = test.rules ?? [];
    const diagnosis =
      catalogue === undefined
        ? undefined
        : diagnoseCase(catalogue.misconceptions, catalogue.rules, { ...failure.firstCase, difference: failure.first, test: { id: test.id, component: test.component, rules } });
    return [
      {
        test: test.id,
        suite: test.suite,
        title: test.title,
        ...(test.hint === undefined ? {} : { hint: test.hint }),
        rules,
        failedCases: failure.failed,
        totalCases,
        first: failure.first,
        pointsLost,
        ...(diagnosis === undefined ? {} : { diagnosis }),
      },
    ];
  });
  return { bug, failed, pointsLost: failed.reduce((sum, test) => sum + test.pointsLost, 0) };
}

/** The public tests a graded bug fails. */
export function publicFailures(grade: BugGrade): FailedByBug[] {
  return grade.failed.filter((test) => test.suite === PUBLIC_SUITE);
}

/**
 * The first public test the bug fails whose feedback matches the bug's
 * `feedback`: the public failure that names the mistake. The feedback is what
 * a student reads of the failure: the test's title and hint (tests are
 * organised by the spec's rules, so a failing rule test names its rule) and
 * the first difference.
 */
export function publicTestNamingIt(grade: BugGrade): FailedByBug | undefined {
  return publicFailures(grade).find((test) => grade.bug.feedback.test(feedbackStudentsRead(test)));
}

/** A failed test as the student reads it: title, hint, then the first difference. */
export function feedbackStudentsRead(test: FailedByBug): string {
  return [test.title, test.hint ?? '', formatDifference(test.first)].join('\n');
}

/** The tests the bug fails that declare the rule it breaks. */
export function ruleTestsFailed(grade: BugGrade): FailedByBug[] {
  return grade.failed.filter((test) => test.rules.includes(grade.bug.rule));
}

/** The assignment's points: those of its (enabled) parts. */
export function assignmentPoints(assignment: LoadedAssignment): number {
  return assignment.manifest.parts.reduce((sum, part) => sum + part.points, 0);
}

/** The least share of the assignment's points any realistic bug may cost (issue 13's target). */
export const BUG_COST_TARGET = 0.05;

/** The assessed components a bug replaces. */
export function bugComponents(bug: RealisticBug): string[] {
  return Object.keys(bug.components);
}
