import { Difference } from '../../observe/difference';
import { formatDifference } from '../../observe/format-difference';
import { Visibility } from '../../assignments/framework/manifest-types';
import { Diagnosis } from '../../assignments/framework/misconception';
import { pointsForReading, scoringNote } from '../results/feedback-text';
import { caretUnder } from '../results/compile-text';
import { chargedComponent, diagnosisOf, submissionMisconceptions } from '../results/submission-misconceptions';
import { isRevealed, StreamAmount, studentOutput, studentSandboxReason, studentSeconds, studentTestNames } from '../results/student-facing';
import { CompileReport, ShrunkFailure, StepThroughLink, SubmissionResults, TestResult } from '../results/submission-results';
import { STEP_PAGE_PATTERN } from '../results/step-page-path';
import { describeProbe } from '../../observe/describe-probe';
import { caseFileName } from '../cases/case-file';
import { describeMemory, FIGURE_WORDS, FIGURES_NOT_GRADED, FIGURES_WHY, pageTableMemory, TestFigures } from '../results/test-figures';
import { MarkdownNode } from './markdown-nodes';
import { pictureView, PictureView } from './pictures/picture-view';
import { NO_COMMENTS, TaComments } from './ta-comments';
import { AppliedAdjustment } from '../adjustments/apply-adjustments';
import { changeText, TOTAL_TARGET } from '../adjustments/adjustment';
import { LateApplied } from '../late/apply-late-work';
import { lateView, LateView } from '../late/late-view';

/**
 * The data templates/student-report.hbs draws: everything the student may
 * see of their results, and nothing else. Which tests a student sees in full
 * is decided in grader/results/student-facing.ts, for this report and
 * results.json alike: a visible test, and an after-due-date one when the
 * grader runs with --after-due-date, show the failing case, the expected and
 * the returned values, the picture and what the code printed; any other test
 * shows its category, hint, verdict and points only, and of its output only
 * how much there was.
 */
export interface StudentReportView {
  readonly title: string;
  readonly assignment: { readonly id: string; readonly title: string };
  readonly student: string;
  readonly score: string;
  readonly maxScore: number;
  readonly percent: string;
  readonly summary: string;
  readonly seedText: string;
  readonly gradedText: string;
  /** What the report opens with: the misconceptions the failed tests likely show, most probable first. */
  readonly misconceptions: MisconceptionsView;
  readonly parts: readonly ScoreRow[];
  readonly components: readonly ScoreRow[];
  readonly files: { readonly any: boolean; readonly compile: readonly CompileView[]; readonly extraFiles: readonly string[] };
  readonly tests: readonly TestRowView[];
  readonly failures: readonly FailureView[];
  readonly output: OutputView;
  readonly comments: CommentsView;
  readonly adjustments: AdjustmentsView;
  readonly late: LateView;
  readonly figures: FiguresView;
}

/** The staff's adjustments of the score (grader/adjustments/): what changed and why, the test under the name the report gives it. */
export interface AdjustmentsView {
  readonly any: boolean;
  readonly rawScore: string;
  /** The score the adjustments left (before any late penalty). */
  readonly adjustedScore: string;
  readonly rows: readonly { readonly target: string; readonly change: string; readonly before: string; readonly after: string; readonly capped: boolean; readonly reason: string; readonly who: string }[];
}

/** The figures that differ by design of the invariant machine tests shown in full (grader/results/test-figures.ts): reported, not graded. */
export interface FiguresView {
  readonly any: boolean;
  readonly notGraded: string;
  readonly why: string;
  readonly tests: readonly TestFiguresView[];
}

export interface TestFiguresView {
  readonly name: string;
  /** Where the test is in the report: its feedback when it failed, else the tests table. */
  readonly anchor: string;
  readonly casesText: string;
  /** The page-table memory of each side as a ratio ("shadow page-table pages 12 for the guest's 11 (1.1×)"). */
  readonly memory: readonly { readonly yours: string; readonly reference: string }[];
  readonly rows: readonly { readonly figure: string; readonly yours: number; readonly reference: number }[];
}

export interface MisconceptionsView {
  readonly any: boolean;
  readonly items: readonly MisconceptionView[];
}

/** One likely misconception: grader-written text (the catalogue's and the manifest's), the same for visible and hidden tests. */
export interface MisconceptionView {
  readonly title: string;
  readonly explanation: string;
  readonly concept: string;
  readonly ruleTitle: string;
  /** The spec heading the rule lives under ('' when unknown). */
  readonly ruleSpec: string;
  /** "4 points lost in 2 tests". */
  readonly lost: string;
  /** The failed tests that show it, by the names the report gives them. */
  readonly tests: readonly { readonly name: string; readonly anchor: string }[];
}

/** What a failed test's first failing case says about the student's understanding: the rule it breaks, and the misconception when recognised. */
export interface DiagnosisView {
  readonly ruleTitle: string;
  readonly ruleSpec: string;
  readonly misconception: { readonly title: string; readonly explanation: string; readonly concept: string } | null;
}

/** TA comments (grader/report/ta-comments.ts): on the whole submission, and per test under the name the report gives it. */
export interface CommentsView {
  readonly any: boolean;
  readonly overall: readonly MarkdownNode[];
  readonly tests: readonly { readonly name: string; readonly anchor: string; readonly nodes: readonly MarkdownNode[] }[];
}

export interface StudentReportOptions {
  readonly afterDueDate: boolean;
  readonly comments?: TaComments;
  /** Given, `results` carry the adjusted scores and the report says what the adjustments changed from the raw score. */
  readonly adjustments?: { readonly rawScore: number; readonly applied: readonly AppliedAdjustment[] };
  /** Given, `results` carry the score after the late policy and the report says how it was applied. */
  readonly late?: LateApplied;
}

export interface ScoreRow {
  readonly name: string;
  readonly score: string;
  readonly points: number;
  readonly passed: string;
}

export interface CompileView {
  readonly heading: string;
  readonly problems: readonly { readonly location: string; readonly message: string; readonly sourceLine: string; readonly caret: string; readonly hasSource: boolean }[];
}

export interface TestRowView {
  readonly anchor: string;
  readonly name: string;
  readonly part: string;
  readonly component: string;
  readonly category: string;
  readonly passed: boolean;
  readonly verdict: string;
  readonly score: string;
  readonly points: number;
  readonly visibility: string;
}

export interface FailureView {
  readonly anchor: string;
  readonly name: string;
  readonly facts: string;
  /** Shown for hidden tests too: it is the rule's and the catalogue's words, not the case's. */
  readonly diagnosis: DiagnosisView | null;
  readonly hint: string;
  readonly revealed: boolean;
  /** For a test not shown in full: why, in one sentence. */
  readonly withheld: string;
  readonly caseText: string;
  readonly seedText: string;
  readonly notRun: string;
  readonly sandbox: { readonly explanation: string } | null;
  readonly difference: DifferenceView | null;
  readonly picture: PictureView | null;
  /** The failing case shrunk on the student's code: what it was shrunk from, its first difference and picture, its case file. */
  readonly shrunk: { readonly summary: string; readonly caseText: string; readonly file: string; readonly difference: DifferenceView; readonly picture: PictureView | null } | null;
  /** The failing case's step-through page (a path beside the report), or why there is none; null: no page was tried. */
  readonly stepThrough: { readonly page: string } | { readonly missing: string } | null;
}

/** The first difference in words (observe/difference.ts), and the same as plain text, for quoting in a question to a TA. */
export type DifferenceView = Pick<Difference, 'where' | 'field' | 'expected' | 'got' | 'message'> & { readonly plain: string };

/** What the code printed, per visibility group: the text of a revealed group, the amount only of another. */
export interface OutputView {
  readonly any: boolean;
  readonly groups: readonly OutputGroupView[];
}

export interface OutputGroupView {
  readonly heading: string;
  readonly revealed: boolean;
  readonly streams: readonly { readonly name: string; readonly summary: string; readonly text: string }[];
  /** For a group not revealed: how much it printed, in words. */
  readonly amount: string;
  readonly truncated: boolean;
}

/** Most characters of each output stream shown in the report (results.json keeps what the sandbox kept). */
export const MAX_OUTPUT_SHOWN = 20_000;

export function studentReportView(results: SubmissionResults, options: StudentReportOptions): StudentReportView {
  const partTitles = new Map(results.parts.map((part) => [part.id, part.title]));
  const names = studentTestNames(results.tests, options.afterDueDate);
  const tests = results.tests.map((test, index): TestRowView => ({
    anchor: `test-${index + 1}`,
    name: names[index],
    part: partTitles.get(test.part) ?? test.part,
    component: test.component,
    category: test.category,
    passed: test.failure === undefined,
    verdict: test.failure === undefined ? 'passed' : 'failed',
    score: points(test.score),
    points: test.points,
    visibility: isRevealed(test, options.afterDueDate) ? 'shown in full' : test.visibility === 'hidden' ? 'hidden' : 'in full after the due date',
  }));
  // A failed test is charged to the component whose output first differs (its diagnosis), not the one it is filed under.
  const components = [...new Set(results.tests.flatMap((test) => [test.component, chargedComponent(test)]))];
  const failures = results.tests.flatMap((test, index) => (test.failure === undefined ? [] : [failureView(test, tests[index], options.afterDueDate)]));
  const compile = results.compile.map(compileView);
  return {
    title: `${results.assignment.title}: feedback for ${results.student}`,
    assignment: results.assignment,
    student: results.student,
    score: points(results.score),
    maxScore: results.maxScore,
    percent: results.maxScore === 0 ? '0' : String(Math.round((1000 * results.score) / results.maxScore) / 10),
    summary: summaryOf(results),
    seedText:
      results.seed === undefined
        ? ''
        : `Your generated tests are seeded with ${results.seed}: a TA reproduces them with vmlab grade --seed ${results.seed}.`,
    gradedText: `Graded ${results.gradedAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')} in ${Math.round(studentSeconds(results, options.afterDueDate) * 10) / 10} s.`,
    parts: results.parts.map((part) => scoreRow(part.title, part.score, part.points, results.tests.filter((test) => test.part === part.id))),
    misconceptions: misconceptionsView(results.tests, tests),
    components: components.map((component) => {
      const of = results.tests.filter((test) => chargedComponent(test) === component);
      return scoreRow(component, sum(of.map((test) => test.score)), sum(of.map((test) => test.points)), of);
    }),
    files: { any: compile.length > 0 || results.extraFiles.length > 0, compile, extraFiles: results.extraFiles },
    tests,
    failures,
    output: outputView(results, options.afterDueDate),
    comments: commentsView(options.comments ?? NO_COMMENTS, results.tests, tests),
    adjustments: adjustmentsView(options.adjustments, results, tests, options.late?.lateness.before ?? results.score),
    late: lateView(options.late),
    figures: figuresView(results.tests, tests, options.afterDueDate),
  };
}

function failureView(test: TestResult, row: TestRowView, afterDueDate: boolean): FailureView {
  return failureViewShowing(test, row, isRevealed(test, afterDueDate) ? 'in full' : 'as a student may see it', studentSandboxReason(test, afterDueDate));
}

/**
 * A failed test in full whatever its visibility: its case, first difference,
 * picture and sandbox reason, hidden tests included. For the staff's pages
 * only (grader/staff/), never a page a student gets; `stepThroughPrefix` is
 * the path from the page to the student's folder, where the step-through
 * page lives.
 */
export function staffFailureView(test: TestResult, row: TestRowView, stepThroughPrefix: string): FailureView {
  const failure = test.failure!;
  const view = failureViewShowing(test, row, 'in full', failure.kind === 'sandbox' ? failure.reason : undefined);
  const link = view.stepThrough;
  return { ...view, stepThrough: link !== null && 'page' in link ? { page: `${stepThroughPrefix}/${link.page}` } : link };
}

function failureViewShowing(test: TestResult, row: TestRowView, showing: 'in full' | 'as a student may see it', sandboxReason: string | undefined): FailureView {
  const failure = test.failure!;
  const full = showing === 'in full';
  const difference = full && failure.kind === 'difference' ? failure : undefined;
  return {
    anchor: row.anchor,
    name: row.name,
    facts: `${row.score} of ${test.points} points; ${test.passedCases} of ${test.totalCases} case${test.totalCases === 1 ? '' : 's'} passed.${scoringNote(test).map((note) => ` ${note}`).join('')} Part: ${row.part}. Category: ${test.category}.`,
    diagnosis: diagnosisView(diagnosisOf(test)),
    hint: test.hint ?? '',
    revealed: full,
    withheld: full
      ? ''
      : test.visibility === 'hidden'
        ? 'This is a hidden test: its cases and the values it expects are not shown. The hint says what it checks.'
        : 'The cases of this test and the values it expects are shown after the due date. The hint says what it checks.',
    caseText: difference === undefined ? '' : `First failing case (case ${difference.caseIndex + 1} of ${test.totalCases}): ${difference.caseSummary}.`,
    seedText: full && test.seed !== undefined ? `Its cases are generated with seed ${test.seed}.` : '',
    notRun: failure.kind === 'not-run' ? failure.reason : '',
    sandbox: failure.kind === 'sandbox' ? { explanation: explainSandbox(failure.status, sandboxReason) } : null,
    difference:
      difference === undefined
        ? null
        : { ...pick(difference.difference), plain: formatDifference(difference.difference) },
    picture: difference === undefined ? null : pictureView(difference.picture),
    shrunk: shrunkView(test, difference?.shrunk),
    // Only a visible test's: a page shows the case's inputs, which a test shown after the due date keeps until then.
    stepThrough: difference === undefined || test.visibility !== 'visible' ? null : stepThroughLink(difference.stepThrough),
  };
}

function shrunkView(test: TestResult, shrunk: ShrunkFailure | undefined): FailureView['shrunk'] {
  if (shrunk === undefined) return null;
  return {
    summary: `The same failure, ${shrunk.summary}.`,
    caseText: describeProbe(shrunk.probe),
    file: `cases/${caseFileName(test.id)}`,
    difference: { ...pick(shrunk.difference), plain: formatDifference(shrunk.difference) },
    picture: pictureView(shrunk.picture),
  };
}

function diagnosisView(diagnosis: Diagnosis | undefined): DiagnosisView | null {
  if (diagnosis === undefined) return null;
  const { misconception } = diagnosis;
  return {
    ruleTitle: diagnosis.ruleTitle,
    ruleSpec: diagnosis.ruleSpec ?? '',
    misconception: misconception === undefined ? null : { title: misconception.title, explanation: misconception.explanation, concept: misconception.concept },
  };
}

function misconceptionsView(results: readonly TestResult[], rows: readonly TestRowView[]): MisconceptionsView {
  const items = submissionMisconceptions(results).map(({ diagnosis, tests, pointsLost, testIndexes }): MisconceptionView => ({
    title: diagnosis.misconception.title,
    explanation: diagnosis.misconception.explanation,
    concept: diagnosis.misconception.concept,
    ruleTitle: diagnosis.ruleTitle,
    ruleSpec: diagnosis.ruleSpec ?? '',
    lost: `${points(pointsLost)} point${pointsLost === 1 ? '' : 's'} lost in ${tests} test${tests === 1 ? '' : 's'}`,
    tests: testIndexes.map((index) => ({ name: rows[index].name, anchor: rows[index].anchor })),
  }));
  return { any: items.length > 0, items };
}

/** A page path the report may link: one under step-through/ (results.json may come from elsewhere), nothing else. */
function stepThroughLink(link: StepThroughLink | undefined): FailureView['stepThrough'] {
  if (link === undefined) return null;
  return 'page' in link ? (STEP_PAGE.test(link.page) ? link : null) : link;
}

const STEP_PAGE = new RegExp(STEP_PAGE_PATTERN);

function pick({ where, field, expected, got, message }: Difference): Omit<DifferenceView, 'plain'> {
  return { where, field, expected, got, message };
}

/**
 * What stopping a test means, in plain words, for each way the sandbox stops
 * one (grader/sandbox/classify-exit.ts, child-session.ts, run-sandbox.ts).
 * The reason (an exit code, a signal, a protocol problem) is quoted only when
 * given: for a test not revealed it is not, since the code may choose it.
 */
export function explainSandbox(status: string, reason: string | undefined): string {
  const quoted = reason === undefined ? '' : ` (${reason})`;
  switch (status) {
    case 'timeout':
      return `Your code did not finish this test in time${quoted}. Look for a loop that never ends: a walk that never reaches a leaf, or a level that never goes down.`;
    case 'submission-timeout':
      return `This test did not run to the end: the time for the whole submission ran out${quoted}. The tests before it took that time; look for slow or endless loops there.`;
    case 'memory':
      return `Your code used more memory than it may${quoted}. Look for something that grows without end: a list or map filled in a loop that never stops, or a recursion that never returns.`;
    case 'crashed':
      return `The process running your code was stopped by the system${quoted}. If your code does nothing unusual, tell a TA: it may be the grading machine.`;
    case 'exited':
      return `Your code ended the process running it${quoted}. Do not call process.exit(); an exception thrown outside your component's methods (when the file loads, or in a callback) also ends the process.`;
    case 'protocol':
      return `The grader could not read what your code answered${quoted}. Do not send messages on the process's channel (process.send) or replace built-in functions.`;
    default:
      return `Your code was stopped${reason === undefined ? '' : `: ${reason}`}.`;
  }
}

export function compileView(report: CompileReport): CompileView {
  return {
    heading: `${report.component}: ${report.reason === 'missing' ? 'file missing from your submission' : 'does not compile'}`,
    problems: report.problems.map((problem) => ({
      location: `${problem.file}:${problem.line}:${problem.column}`,
      message: problem.message,
      sourceLine: problem.sourceLine,
      caret: caretUnder(problem.sourceLine, problem.column),
      hasSource: problem.sourceLine.trim() !== '',
    })),
  };
}

const GROUP_HEADINGS: Readonly<Record<Visibility, string>> = {
  visible: 'During the tests shown in full',
  after_due_date: 'During the tests shown after the due date',
  hidden: 'During the hidden tests',
};

function outputView(results: SubmissionResults, afterDueDate: boolean): OutputView {
  const groups = studentOutput(results, afterDueDate).flatMap((group): OutputGroupView[] => {
    const streams = (
      [
        ['Standard output', group.stdout],
        ['Standard error', group.stderr],
      ] as const
    ).flatMap(([name, stream]) => {
      if (stream.bytes === 0) return [];
      const { text } = stream;
      const cut = text.length > MAX_OUTPUT_SHOWN;
      const summary = `${describeAmount(stream)}${cut ? `; the first ${MAX_OUTPUT_SHOWN} characters shown` : ''}`;
      return [{ name, summary, text: cut ? text.slice(0, MAX_OUTPUT_SHOWN) : text }];
    });
    if (streams.length === 0) return [];
    const amount = group.revealed
      ? ''
      : `Your code printed ${describeAmount(group.stdout)} on standard output and ${describeAmount(group.stderr)} on standard error during these tests${group.truncated ? ' (cut off at the grader\'s limit)' : ''}. What it printed is not shown, as the tests' inputs are not.`;
    return [{ heading: GROUP_HEADINGS[group.visibility], revealed: group.revealed, streams: group.revealed ? streams : [], amount, truncated: group.truncated }];
  });
  return { any: groups.length > 0, groups };
}

function describeAmount({ bytes, lines }: StreamAmount): string {
  if (bytes === 0) return 'nothing';
  return `${lines} line${lines === 1 ? '' : 's'}, ${bytes} byte${bytes === 1 ? '' : 's'}`;
}

function summaryOf(results: SubmissionResults): string {
  const failed = results.tests.filter((test) => test.failure !== undefined).length;
  const total = results.tests.length;
  if (failed === 0) return `Every test passes (${total} of ${total}).`;
  return `${total - failed} of ${total} tests pass in full; ${failed} fail${failed === 1 ? 's' : ''}, each explained below.`;
}

function scoreRow(name: string, score: number, pointsOf: number, tests: readonly TestResult[]): ScoreRow {
  const passed = tests.filter((test) => test.failure === undefined).length;
  return { name, score: points(score), points: pointsOf, passed: `${passed} of ${tests.length}` };
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

const points = pointsForReading;

function commentsView(comments: TaComments, results: readonly TestResult[], rows: readonly TestRowView[]): CommentsView {
  const tests = results.flatMap((test, index) => {
    const nodes = comments.byTest.get(test.id);
    // A failed test has a feedback section to link to; a passed one only its row in the tests table.
    const anchor = test.failure === undefined ? 'tests' : rows[index].anchor;
    return nodes === undefined || nodes.length === 0 ? [] : [{ name: rows[index].name, anchor, nodes }];
  });
  return { any: comments.overall.length > 0 || tests.length > 0, overall: comments.overall, tests };
}

function adjustmentsView(adjustments: StudentReportOptions['adjustments'], results: SubmissionResults, rows: readonly TestRowView[], adjustedScore: number): AdjustmentsView {
  const applied = adjustments?.applied ?? [];
  const nameOf = (target: string): string => {
    if (target === TOTAL_TARGET) return 'Total score';
    const index = results.tests.findIndex((test) => test.id === target);
    if (index >= 0) return rows[index].name;
    return `Part: ${results.parts.find((part) => part.id === target)?.title ?? target}`;
  };
  return {
    any: applied.length > 0,
    rawScore: points(adjustments?.rawScore ?? results.score),
    adjustedScore: points(adjustedScore),
    rows: applied.map((adjustment) => ({
      target: nameOf(adjustment.target),
      change: changeText(adjustment.change),
      before: points(adjustment.before),
      after: points(adjustment.after),
      capped: adjustment.capped,
      reason: adjustment.reason,
      who: adjustment.who,
    })),
  };
}

function figuresView(results: readonly TestResult[], rows: readonly TestRowView[], afterDueDate: boolean): FiguresView {
  const tests = results.flatMap((test, index) =>
    test.figures === undefined || !isRevealed(test, afterDueDate) ? [] : [testFiguresView(test.figures, rows[index], test.failure === undefined ? 'tests' : rows[index].anchor, test.totalCases)],
  );
  return { any: tests.length > 0, notGraded: FIGURES_NOT_GRADED, why: FIGURES_WHY, tests };
}

function testFiguresView(figures: TestFigures, row: TestRowView, anchor: string, totalCases: number): TestFiguresView {
  const memory = pageTableMemory(figures);
  return {
    name: row.name,
    anchor,
    casesText: `Summed over ${figures.casesCounted} of its ${totalCases} case${totalCases === 1 ? '' : 's'}${figures.casesCounted < totalCases ? ' (the others stopped before the end)' : ''}.`,
    memory: memory.yours.map((side, index) => ({ yours: describeMemory(side), reference: describeMemory(memory.reference[index]) })),
    rows: figures.values.map((value) => ({ figure: FIGURE_WORDS[value.figure], yours: value.yours, reference: value.reference })),
  };
}
