import { diagnosisLines, ruleWithSpec } from '../../assignments/framework/diagnosis-lines';
import { describeDifferenceForStudent, pointsForReading, scoringNote } from './feedback-text';
import { diagnosisOf, submissionMisconceptions } from './submission-misconceptions';
import { isRevealed, StreamAmount, studentOutput, studentSeconds, studentTestNames } from './student-facing';
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
 * The top-level output opens with the likely misconceptions, as report.html does.
 * Gradescope entries follow the suite's visibility: `visible` and
 * `after_due_date` map to Gradescope's own, with the full feedback once
 * revealed (grader/results/student-facing.ts decides, as for report.html); a
 * `hidden` test is shown under the report's name for it ("Hidden test 12
 * (rights)") with its score, category, diagnosis and hint only (never its input, the
 * expected values, what the code printed or why it was stopped), the
 * redacted feedback students can act on. Everything outside extra_data is
 * what a student sees.
 */
export function gradescopeResults(results: SubmissionResults, options: { readonly afterDueDate: boolean }): GradescopeResults {
  const names = studentTestNames(results.tests, options.afterDueDate);
  return {
    score: round(results.score),
    execution_time: Math.round(studentSeconds(results, options.afterDueDate)),
    output: [...misconceptionsText(results, names), summary(results), ...programOutput(results, options.afterDueDate)].join('\n\n'),
    visibility: 'visible',
    stdout_visibility: 'hidden',
    tests: results.tests.map((test, index) => gradescopeTest(test, names[index], options.afterDueDate)),
    extra_data: { vmlab: results },
  };
}

function gradescopeTest(test: TestResult, name: string, afterDueDate: boolean): GradescopeTest {
  const revealed = isRevealed(test, afterDueDate);
  return {
    name,
    score: round(test.score),
    max_score: test.points,
    status: test.failure === undefined ? 'passed' : 'failed',
    output: revealed ? describeDifferenceForStudent(test) : redacted(test, name),
    visibility: test.visibility === 'after_due_date' ? 'after_due_date' : 'visible',
    tags: [test.component, test.category],
  };
}

/** A test not (yet) revealed: its student-facing name (studentTestNames), verdict and hint, nothing of its input or of what the code did. */
export function redacted(test: TestResult, name: string): string {
  const verdict = test.failure === undefined ? 'passed' : `${test.passedCases} of ${test.totalCases} cases passed`;
  const diagnosis = diagnosisOf(test);
  return [
    `${name}: ${verdict}.`,
    ...scoringNote(test),
    // The diagnosis is the catalogue's and the manifest's words, never the case's: said for a hidden test too.
    ...(diagnosis === undefined ? [] : diagnosisLines(diagnosis)),
    ...(test.failure !== undefined && test.hint !== undefined ? [`About this test: ${test.hint}`] : []),
  ].join('\n');
}

/** The likely misconceptions the failed tests show, most probable first, with the tests (by their student-facing names) that show each. */
export function misconceptionsText(results: SubmissionResults, names: readonly string[]): string[] {
  const items = submissionMisconceptions(results.tests);
  if (items.length === 0) return [];
  const lines = ['Likely misconceptions, most probable first:'];
  items.forEach(({ diagnosis, tests, pointsLost, testIndexes }, index) => {
    const { title, explanation, concept } = diagnosis.misconception;
    lines.push(
      `${index + 1}. ${title}. ${explanation} (Lecture concept: ${concept}.)`,
      `   The rule: ${ruleWithSpec(diagnosis)}.`,
      `   Seen in ${tests} test${tests === 1 ? '' : 's'} (${pointsForReading(pointsLost)} point${pointsLost === 1 ? '' : 's'} lost): ${testIndexes.map((test) => names[test]).join('; ')}.`,
    );
  });
  return [lines.join('\n')];
}

/** Most characters of each output stream quoted in the top-level output (report.html shows more). */
const MAX_OUTPUT_QUOTED = 10_000;

const GROUP_WORDS = { visible: 'the tests shown in full', after_due_date: 'the tests shown after the due date', hidden: 'the hidden tests' } as const;

/** What the code printed, per group: quoted for a revealed group, only how much for another. */
function programOutput(results: SubmissionResults, afterDueDate: boolean): string[] {
  return studentOutput(results, afterDueDate).flatMap((group) => {
    if (group.stdout.bytes === 0 && group.stderr.bytes === 0) return [];
    const heading = `During ${GROUP_WORDS[group.visibility]} your code printed ${describeAmount(group.stdout)} on standard output and ${describeAmount(group.stderr)} on standard error${group.truncated ? ' (cut off at the limit)' : ''}`;
    if (!group.revealed) return [`${heading}; what it printed is not shown, as the tests' inputs are not.`];
    const quote = (name: string, text: string) => (text === '' ? [] : [`--- ${name} ---`, text.length > MAX_OUTPUT_QUOTED ? `${text.slice(0, MAX_OUTPUT_QUOTED)}\n[… the rest is in the report]` : text]);
    return [[`${heading}:`, ...quote('standard output', group.stdout.text), ...quote('standard error', group.stderr.text)].join('\n')];
  });
}

function describeAmount({ bytes, lines }: StreamAmount): string {
  return bytes === 0 ? 'nothing' : `${lines} line${lines === 1 ? '' : 's'} (${bytes} bytes)`;
}

function summary(results: SubmissionResults): string {
  const lines = [`${results.assignment.title}: ${pointsForReading(results.score)} of ${results.maxScore} points.`];
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
