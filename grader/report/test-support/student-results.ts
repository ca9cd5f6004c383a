import { Visibility } from '../../../assignments/framework/manifest-types';
import { SubmissionResults, TestFailure, TestResult } from '../../results/submission-results';
import { TestFigures } from '../../results/test-figures';

/**
 * Small SubmissionResults for the student report's tests: one part, tests
 * described by their visibility and failure, scores following from the cases
 * passed as the grader computes them.
 */

export interface StudentTest {
  readonly id: string;
  readonly title?: string;
  readonly visibility?: Visibility;
  readonly category?: string;
  readonly hint?: string;
  readonly passedCases?: number;
  readonly totalCases?: number;
  readonly failure?: TestFailure;
  readonly seed?: number;
  readonly figures?: TestFigures;
}

export function studentTest(test: StudentTest): TestResult {
  const totalCases = test.totalCases ?? 2;
  const passedCases = test.passedCases ?? (test.failure === undefined ? totalCases : 0);
  return {
    id: test.id,
    title: test.title ?? `Test ${test.id}`,
    suite: test.visibility === 'hidden' ? 'hidden' : 'public',
    visibility: test.visibility ?? 'visible',
    component: 'walker',
    part: 'translation',
    category: test.category ?? 'translation',
    ...(test.hint === undefined ? {} : { hint: test.hint }),
    check: 'policy',
    points: 2,
    score: (2 * passedCases) / totalCases,
    passedCases,
    totalCases,
    ...(test.seed === undefined ? {} : { seed: test.seed }),
    ...(test.failure === undefined ? {} : { failure: test.failure }),
    ...(test.figures === undefined ? {} : { figures: test.figures }),
  };
}

export function studentResults(tests: readonly StudentTest[], more: Partial<SubmissionResults> = {}): SubmissionResults {
  const results = tests.map(studentTest);
  const score = results.reduce((sum, test) => sum + test.score, 0);
  return {
    assignment: { id: 'walk', title: 'The x86-64 page walk' },
    student: 'ada',
    score,
    maxScore: 2 * results.length,
    parts: [{ id: 'translation', title: 'Translations', points: 2 * results.length, score }],
    tests: results,
    compile: [],
    extraFiles: [],
    output: {},
    seconds: 1.5,
    gradedAt: '2024-01-01T00:00:00.000Z',
    ...more,
  };
}
