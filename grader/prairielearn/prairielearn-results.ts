import { describeDifferenceForStudent, pointsForReading } from '../results/feedback-text';
import { misconceptionsBlocks, redacted } from '../results/gradescope-results';
import { blocksText } from '../results/gradescope-html';
import { isRevealed, studentOutput, studentTestNames } from '../results/student-facing';
import { CompileReport, SubmissionResults, TestResult } from '../results/submission-results';

/**
 * PrairieLearn's external grading results (/grade/results/results.json, as
 * docs/externalGrading.md of PrairieLearn documents it and the
 * pl-external-grader-results element renders it): a gradable submission has
 * a `score` in [0, 1] and per-test `points` of `max_points`; one that cannot
 * be graded has `gradable: false` and `format_errors`, costs the student no
 * attempt and scores nothing.
 */
export type PrairieLearnResults = GradableResults | UngradableResults;

export interface GradableResults {
  readonly gradable: true;
  readonly score: number;
  readonly message: string;
  readonly output: string;
  readonly tests: readonly PrairieLearnTest[];
}

export interface UngradableResults {
  readonly gradable: false;
  readonly score: 0;
  readonly message: string;
  readonly format_errors: readonly string[];
}

export interface PrairieLearnTest {
  readonly name: string;
  readonly description: string;
  readonly points: number;
  readonly max_points: number;
  readonly message: string;
  readonly output: string;
}

/** PrairieLearn refuses results over 1 MB; the texts are cut to stay well below. */
export const MAX_RESULTS_BYTES = 1_000_000;
/** Most characters of one text field (a test's output, the program output) before the whole is measured. */
const MAX_FIELD_CHARS = 20_000;
/** Compile problems listed per component; the report lists them all. */
const MAX_PROBLEMS_LISTED = 20;

/**
 * The results of a graded submission as PrairieLearn shows them. PrairieLearn
 * has no per-test release date, so after_due_date tests are shown as
 * Gradescope shows them before the due date, and hidden tests as always
 * (grader/results/student-facing.ts): a number, category, verdict, points,
 * diagnosis and hint. A submission of which no test could run (every student
 * file missing or failing to compile) is not gradable.
 */
export function prairieLearnResults(results: SubmissionResults): PrairieLearnResults {
  if (results.compile.length > 0 && results.tests.every((test) => test.failure?.kind === 'not-run')) {
    return ungradable(results.compile.map(describeCompileReport), `${results.assignment.title}: nothing could be graded, as no file of yours compiles. This submission costs no attempt.`);
  }
  const names = studentTestNames(results.tests, false);
  const parts = new Map(results.parts.map((part) => [part.id, part.title]));
  return fitToLimit({
    gradable: true,
    score: results.maxScore > 0 ? Math.min(1, Math.max(0, round(results.score / results.maxScore))) : 0,
    message: plainText([blocksText(misconceptionsBlocks(results, names)), summary(results)].filter((text) => text !== '').join('\n\n')),
    output: plainText(programOutput(results)),
    tests: results.tests.map((test, index) => ({
      name: plainText(names[index]),
      description: plainText(parts.get(test.part) ?? test.part),
      points: round(test.score),
      max_points: test.points,
      message: verdict(test),
      output: plainText(isRevealed(test, false) ? describeDifferenceForStudent(test) : blocksText(redacted(test, names[index], results))),
    })),
  });
}

/** Results for a submission that could not be graded: each error as a student can act on it. */
export function ungradable(formatErrors: readonly string[], message: string): UngradableResults {
  return { gradable: false, score: 0, message: plainText(message), format_errors: formatErrors.map((error) => plainText(cap(error, MAX_FIELD_CHARS))) };
}

function verdict(test: TestResult): string {
  return test.failure === undefined ? 'Passed.' : `Failed: ${test.passedCases} of ${test.totalCases} cases passed.`;
}

function summary(results: SubmissionResults): string {
  const lines = [`${results.assignment.title}: ${pointsForReading(results.score)} of ${results.maxScore} points.`];
  for (const broken of results.compile) lines.push(describeCompileReport(broken));
  if (results.extraFiles.length > 0) lines.push(`Ignored files not part of the assignment: ${results.extraFiles.join(', ')}.`);
  if (results.seed !== undefined) lines.push(`Generated tests seeded with ${results.seed}.`);
  return lines.join('\n');
}

/** A component's compile failure with each problem's file, line, message and offending line, as a student fixes it. */
function describeCompileReport(broken: CompileReport): string {
  if (broken.reason === 'missing') return `${broken.component}: its file is missing from the upload; upload it under the name the question gives. Its tests were not run.`;
  const count = broken.problems.length;
  const lines = [`${broken.component} does not compile (${count} error${count === 1 ? '' : 's'}); its tests were not run:`];
  for (const problem of broken.problems.slice(0, MAX_PROBLEMS_LISTED)) {
    lines.push(`${problem.file}:${problem.line}:${problem.column}: ${problem.message}`);
    if (problem.sourceLine.trim() !== '') lines.push(`    ${problem.sourceLine}`);
  }
  if (count > MAX_PROBLEMS_LISTED) lines.push(`… and ${count - MAX_PROBLEMS_LISTED} more.`);
  return lines.join('\n');
}

/** What the code printed during the tests shown in full, and only how much during the others. */
function programOutput(results: SubmissionResults): string {
  return studentOutput(results, false)
    .flatMap((group) => {
      if (group.stdout.bytes === 0 && group.stderr.bytes === 0) return [];
      const which = group.revealed ? 'the tests shown in full' : group.visibility === 'hidden' ? 'the hidden tests' : 'the tests shown after the due date';
      const heading = `During ${which} your code printed ${group.stdout.bytes} bytes on standard output and ${group.stderr.bytes} on standard error${group.truncated ? ' (cut off at the limit)' : ''}`;
      if (!group.revealed) return [`${heading}; what it printed is not shown, as the tests' inputs are not.`];
      const quote = (name: string, text: string) => (text === '' ? [] : [`--- ${name} ---`, text]);
      return [[`${heading}:`, ...quote('standard output', group.stdout.text), ...quote('standard error', group.stderr.text)].join('\n')];
    })
    .join('\n\n');
}

/**
 * Every text cut to MAX_FIELD_CHARS, then, while the whole is over
 * MAX_RESULTS_BYTES, the longest texts cut further: the scores and names
 * always fit, only feedback text is lost, and each cut says so.
 */
export function fitToLimit(results: GradableResults): GradableResults {
  let limit = MAX_FIELD_CHARS;
  for (;;) {
    const fitted: GradableResults = {
      ...results,
      message: cap(results.message, limit),
      output: cap(results.output, limit),
      tests: results.tests.map((test) => ({ ...test, name: cap(test.name, 200), description: cap(test.description, 200), output: cap(test.output, limit) })),
    };
    if (Buffer.byteLength(JSON.stringify(fitted), 'utf8') <= MAX_RESULTS_BYTES || limit < 100) return fitted;
    limit = Math.floor(limit / 2);
  }
}

const CUT_NOTE = '\n[… cut here: the results may hold at most 1 MB]';

function cap(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit)}${CUT_NOTE}`;
}

/**
 * PrairieLearn turns ANSI escapes in `message` and `output` into colours and
 * escapes the rest; control characters (but tab and newline) are taken out so
 * that printed text cannot restyle the page.
 */
export function plainText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');
}

/** Scores to 4 decimals: partial credit is points x passed / cases. */
function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
