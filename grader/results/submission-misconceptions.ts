import { LikelyMisconception, likelyMisconceptions, MISCONCEPTIONS_SHOWN } from '../../assignments/framework/likely-misconceptions';
import { Diagnosis } from '../../assignments/framework/misconception';
import { ComponentName } from '../../reference/components';
import { TestResult } from './submission-results';

/** The diagnosis of a failed test's first failing case, when the grader made one. */
export function diagnosisOf(test: TestResult): Diagnosis | undefined {
  return test.failure?.kind === 'difference' ? test.failure.diagnosis : undefined;
}

/** A likely misconception of one submission, with the failed tests that show it (indexes into the results' tests). */
export interface SubmissionMisconception extends LikelyMisconception {
  readonly testIndexes: readonly number[];
}

/**
 * The misconceptions a submission's failed tests show, most probable first
 * (assignments/framework/likely-misconceptions.ts: points lost, then tests,
 * then order), at most `limit`: what every place a student reads opens with.
 */
export function submissionMisconceptions(tests: readonly TestResult[], limit: number = MISCONCEPTIONS_SHOWN): SubmissionMisconception[] {
  const failed = tests.filter((test) => test.failure !== undefined);
  const ranked = likelyMisconceptions(failed.map((test) => ({ diagnosis: diagnosisOf(test), pointsLost: test.points - test.score }))).slice(0, limit);
  return ranked.map((item) => ({
    ...item,
    testIndexes: tests.flatMap((test, index) => (diagnosisOf(test)?.misconception?.id === item.diagnosis.misconception.id ? [index] : [])),
  }));
}

/** The component a test's points are charged to: the one whose output first differs, when the diagnosis says, else the test's own. */
export function chargedComponent(test: TestResult): ComponentName {
  return diagnosisOf(test)?.component ?? test.component;
}
