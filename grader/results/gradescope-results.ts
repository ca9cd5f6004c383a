import { diagnosisLines, ruleWithSpec } from '../../assignments/framework/diagnosis-lines';
import { feedbackBlocks, pointsForReading, scoringNote } from './feedback-text';
import { diagnosisOf, submissionMisconceptions } from './submission-misconceptions';
import { isRevealed, StreamAmount, studentOutput, studentSeconds, studentTestNames } from './student-facing';
import { SubmissionResults, TestResult } from './submission-results';
import { FeedbackBlock, GRADESCOPE_OUTPUT_FORMAT, paragraphs } from './gradescope-html';
import { compileBlocks, compileReportsOfTest } from './compile-text';
import { GradescopeDraft, withinGradescopeLimit } from './gradescope-size-limit';
import { GradescopeResults } from './gradescope-types';

export type { GradescopeResults, GradescopeTest } from './gradescope-types';


/**
 * The top-level output opens with the likely misconceptions, as report.html
 * does, then the score, the compile errors with their lines, where the full
 * report is, and what the code printed. Gradescope entries follow the
 * suite's visibility: `visible` and `after_due_date` map to Gradescope's
 * own, with the full feedback once revealed (grader/results/student-facing.ts
 * decides, as for report.html); a `hidden` test is shown under the report's
 * name for it ("Hidden test 12 (rights)") with its score, category,
 * diagnosis, hint and the compile errors that kept it from running only
 * (never its input, the expected values, what the code printed or why it
 * was stopped). Everything outside extra_data is what a student sees; the
 * whole stays under Gradescope's size limit (gradescope-size-limit.ts).
 */
export interface GradescopeOptions {
  readonly afterDueDate: boolean;
  /**
   * What changed the grading's score into `results.score`, a sentence each
   * (the staff's adjustments, a late penalty): shown under the score, so a
   * student on Gradescope, who sees no report, learns why it is what it is.
   */
  readonly scoreNotes?: readonly string[];
}

export function gradescopeResults(results: SubmissionResults, options: GradescopeOptions): GradescopeResults {
  const names = studentTestNames(results.tests, options.afterDueDate);
  const draft: GradescopeDraft = {
    header: {
      score: round(results.score),
      execution_time: Math.round(studentSeconds(results, options.afterDueDate)),
      output_format: GRADESCOPE_OUTPUT_FORMAT,
      test_output_format: GRADESCOPE_OUTPUT_FORMAT,
      test_name_format: 'text',
      visibility: 'visible',
      stdout_visibility: 'hidden',
    },
    output: [...misconceptionsBlocks(results, names), ...summaryBlocks(results, options.scoreNotes ?? []), ...fullReportBlocks(), ...programOutput(results, options.afterDueDate)],
    tests: results.tests.map((test, index) => gradescopeTest(test, names[index], results, options.afterDueDate)),
    extraData: { vmlab: results },
  };
  return withinGradescopeLimit(draft);
}

function gradescopeTest(test: TestResult, name: string, results: SubmissionResults, afterDueDate: boolean): GradescopeDraft['tests'][number] {
  const revealed = isRevealed(test, afterDueDate);
  return {
    entry: {
      name,
      name_format: 'text',
      score: round(test.score),
      max_score: test.points,
      status: test.failure === undefined ? 'passed' : 'failed',
      output_format: GRADESCOPE_OUTPUT_FORMAT,
      visibility: test.visibility === 'after_due_date' ? 'after_due_date' : 'visible',
      tags: [test.component, test.category],
    },
    output: revealed ? feedbackBlocks(test, results.compile) : redacted(test, name, results),
  };
}

/**
 * A test not (yet) revealed: its student-facing name (studentTestNames), verdict and hint, and the
 * compile errors that kept it from running (the student's own file, nothing of the test), nothing
 * of its input or of what the code did.
 */
export function redacted(test: TestResult, name: string, results: SubmissionResults): FeedbackBlock[] {
  const verdict = test.failure === undefined ? 'passed' : `${test.passedCases} of ${test.totalCases} cases passed`;
  const diagnosis = diagnosisOf(test);
  return [
    ...paragraphs([`${name}: ${verdict}.`, ...scoringNote(test)]),
    ...compileReportsOfTest(test, results.compile).flatMap(compileBlocks),
    // The diagnosis is the catalogue's and the manifest's words, never the case's: said for a hidden test too.
    ...paragraphs(diagnosis === undefined ? [] : diagnosisLines(diagnosis)),
    ...paragraphs(test.failure !== undefined && test.hint !== undefined ? [`About this test: ${test.hint}`] : []),
  ];
}

/** The likely misconceptions the failed tests show, most probable first, with the tests (by their student-facing names) that show each. */
export function misconceptionsBlocks(results: SubmissionResults, names: readonly string[]): FeedbackBlock[] {
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
  return [{ text: lines.join('\n') }];
}

/** Most characters of each output stream quoted in the top-level output (report.html shows more). */
const MAX_OUTPUT_QUOTED = 10_000;

const GROUP_WORDS = { visible: 'the tests shown in full', after_due_date: 'the tests shown after the due date', hidden: 'the hidden tests' } as const;

/** What the code printed, per group: quoted for a revealed group, only how much for another. */
function programOutput(results: SubmissionResults, afterDueDate: boolean): FeedbackBlock[] {
  return studentOutput(results, afterDueDate).flatMap((group): FeedbackBlock[] => {
    if (group.stdout.bytes === 0 && group.stderr.bytes === 0) return [];
    const heading = `During ${GROUP_WORDS[group.visibility]} your code printed ${describeAmount(group.stdout)} on standard output and ${describeAmount(group.stderr)} on standard error${group.truncated ? ' (cut off at the limit)' : ''}`;
    if (!group.revealed) return [{ text: `${heading}; what it printed is not shown, as the tests' inputs are not.` }];
    const quote = (name: string, text: string): FeedbackBlock[] =>
      text === '' ? [] : [{ text: `${name}:` }, { pre: text.length > MAX_OUTPUT_QUOTED ? text.slice(0, MAX_OUTPUT_QUOTED) : text }, ...(text.length > MAX_OUTPUT_QUOTED ? [{ note: `The first ${MAX_OUTPUT_QUOTED} characters; report.html shows more.` }] : [])];
    return [{ text: `${heading}:` }, ...quote('Standard output', group.stdout.text), ...quote('Standard error', group.stderr.text)];
  });
}

function describeAmount({ bytes, lines }: StreamAmount): string {
  return bytes === 0 ? 'nothing' : `${lines} line${lines === 1 ? '' : 's'} (${bytes} bytes)`;
}

function summaryBlocks(results: SubmissionResults, scoreNotes: readonly string[]): FeedbackBlock[] {
  return [
    { text: `${results.assignment.title}: ${pointsForReading(results.score)} of ${results.maxScore} points.` },
    ...paragraphs(scoreNotes),
    ...results.compile.flatMap(compileBlocks),
    ...paragraphs(results.extraFiles.length > 0 ? [`Ignored files not part of the assignment: ${results.extraFiles.join(', ')}.`] : []),
    ...paragraphs(results.seed !== undefined ? [`Generated tests seeded with ${results.seed}.`] : []),
  ];
}

/**
 * Where the full report is. Gradescope shows only results.json: the
 * autograder writes report.html beside it, for the staff, who redraw it from
 * results.json with `vmlab report` and hand it out; nothing here links out.
 */
export const FULL_REPORT_TEXT =
  'The full report (report.html: each failing case drawn, the cases to run, what your code printed) is made by the course staff from this result; ask them for it. ' +
  'For the tests shown in full, npm run report in your handout draws the same report on your own machine.';

function fullReportBlocks(): FeedbackBlock[] {
  return [{ text: FULL_REPORT_TEXT }];
}

/** Scores to 4 decimals: partial credit is points x passed / cases. */
function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
