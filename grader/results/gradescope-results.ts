import { describeDifferenceForStudent } from './feedback-text';
import { SubmissionResults, TestResult } from './submission-results';

/**
 * Gradescope's autograder results format (results.json): a total score, one
 * entry per test with its own score, status, output and visibility, and free
 * `extra_data`, where vmlab keeps the full results so reports can be
 * regenerated from this one file.
 */
export interface GradescopeResults {
  readonly score: number;
  readonly execution_time: number;
  readonly output: string;
  readonly visibility: 'visible' | 'after_due_date' | 'after_published' | 'hidden';
  readonly stdout_visibility: 'visible' | 'hidden';
  readonly tests: readonly GradescopeTest[];
  readonly extra_data: { readonly vmlab: SubmissionResults };
}

export interface GradescopeTest {
  readonly name: string;
  readonly score: number;
  readonly max_score: number;
  readonly status: 'passed' | 'failed';
  readonly output: string;
  readonly visibility: 'visible' | 'after_due_date' | 'hidden';
  readonly tags: readonly string[];
}

/**
 * Gradescope entries follow the suite's visibility: `visible` and
 * `after_due_date` map to Gradescope's own, with the full feedback; a
 * `hidden` test is shown with its score, category and hint only (never its
 * input or the expected values), the redacted feedback students can act on.
 */
export function gradescopeResults(results: SubmissionResults, options: { readonly afterDueDate: boolean }): GradescopeResults {
  return {
    score: round(results.score),
    execution_time: Math.round(results.seconds),
    output: summary(results),
    visibility: 'visible',
    stdout_visibility: 'hidden',
    tests: results.tests.map((test) => gradescopeTest(test, options.afterDueDate)),
    extra_data: { vmlab: results },
  };
}

function gradescopeTest(test: TestResult, afterDueDate: boolean): GradescopeTest {
  const revealed = test.visibility === 'visible' || (test.visibility === 'after_due_date' && afterDueDate);
  return {
    name: test.visibility === 'hidden' ? `[hidden] ${test.category}: ${test.id}` : test.title,
    score: round(test.score),
    max_score: test.points,
    status: test.failure === undefined ? 'passed' : 'failed',
    output: revealed ? describeDifferenceForStudent(test) : redacted(test),
    visibility: test.visibility === 'after_due_date' ? 'after_due_date' : 'visible',
    tags: [test.component, test.category],
  };
}

function redacted(test: TestResult): string {
  const verdict = test.failure === undefined ? 'passed' : `${test.passedCases} of ${test.totalCases} cases passed`;
  const label = test.visibility === 'hidden' ? 'Hidden test' : 'Details after the due date';
  return [`${label} (${test.category}): ${verdict}.`, ...(test.failure !== undefined && test.hint !== undefined ? [`Hint: ${test.hint}`] : [])].join('\n');
}

function summary(results: SubmissionResults): string {
  const lines = [`${results.assignment.title}: ${round(results.score)} of ${results.maxScore} points.`];
  for (const broken of results.compile) {
    lines.push(broken.reason === 'missing' ? `${broken.component}: file missing from the submission.` : `${broken.component} does not compile (${broken.problems.length} error${broken.problems.length === 1 ? '' : 's'}).`);
  }
  if (results.extraFiles.length > 0) lines.push(`Ignored files not part of the assignment: ${results.extraFiles.join(', ')}.`);
  if (results.seed !== undefined) lines.push(`Generated tests seeded with ${results.seed}.`);
  return lines.join('\n');
}

/** Scores to 4 decimals: partial credit is points x passed / cases. */
function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
