import Handlebars from 'handlebars';
import { readFileSync } from 'fs';
import * as path from 'path';
import { describeDifferenceForStudent } from '../results/feedback-text';
import { SubmissionResults, TestResult } from '../results/submission-results';
import { vmlabRoot } from '../vmlab-root';

/**
 * The student's report: score, parts, compile errors, every test with its
 * verdict and the reason. Everything is rendered with handlebars' escaping
 * `{{ }}` (never `{{{ }}}`): test output, messages and file names may hold
 * anything a student wrote.
 */
export function renderStudentReport(results: SubmissionResults, options: { readonly afterDueDate: boolean }): string {
  const template = Handlebars.compile(readFileSync(path.join(vmlabRoot(), 'templates', 'student-report.hbs'), 'utf8'), { strict: true });
  return template({
    assignment: results.assignment,
    student: results.student,
    score: round(results.score),
    maxScore: results.maxScore,
    seedText: results.seed === undefined ? '' : `Generated tests seeded with ${results.seed}.`,
    parts: results.parts.map((part) => ({ ...part, score: round(part.score) })),
    compile: results.compile.map((report) => ({ ...report, reasonText: report.reason === 'missing' ? 'file missing' : 'does not compile' })),
    tests: results.tests.map((test) => ({
      name: test.visibility === 'hidden' ? `Hidden test (${test.category})` : test.title,
      category: test.category,
      status: test.failure === undefined ? 'passed' : 'failed',
      score: round(test.score),
      points: test.points,
      feedback: feedbackFor(test, options.afterDueDate),
    })),
  });
}

/** Full feedback for visible tests (and after-due-date ones once due); category and hint only for hidden ones. */
function feedbackFor(test: TestResult, afterDueDate: boolean): string {
  if (test.failure === undefined) return '';
  const revealed = test.visibility === 'visible' || (test.visibility === 'after_due_date' && afterDueDate);
  if (revealed) return describeDifferenceForStudent(test);
  return `${test.passedCases} of ${test.totalCases} cases passed.${test.hint === undefined ? '' : ` Hint: ${test.hint}`}`;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
