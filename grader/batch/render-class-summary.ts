import { Visibility } from '../../assignments/framework/manifest-types';
import { vmlabTemplate } from '../../io/templates';
import { SubmissionResults } from '../results/submission-results';
import { PercentageBin } from './descriptive-statistics';
import { ClassStatistics, PROBLEM_KINDS, ProblemKind, TestStatistics, classStatistics, percentageOf, rankByScore } from './class-statistics';
import { histogramGeometry } from './histogram-geometry';
import { RosterJoin } from '../gradebook/roster-join';
import { Adjustment, changeText } from '../adjustments/adjustment';
import { AppliedAdjustment } from '../adjustments/apply-adjustments';
import { GRID_BY_SCORE_PAGE, GRID_BY_STUDENT_PAGE, MISTAKES_PAGE, STAFF_FOLDER, staffStudentHref } from '../staff/staff-page-paths';

/** The staff pages written beside the summary (grader/staff/): given, the summary links them and each student's page. */
export interface StaffLinks {
  /** Whether OUT/similarity.html exists: a link, else how to make it. */
  readonly similarity: boolean;
}
import { LateApplied } from '../late/apply-late-work';
import { lateSummaryView } from '../late/late-summary-view';

export interface GradedStudent {
  /** With the staff's adjustments applied, when there are any. */
  readonly results: SubmissionResults;
  /** The student's folder under OUT, where report.html is. */
  readonly outFolder: string;
  /** The adjustments kept in the student's folder: applied, and those whose target the results no longer have. */
  readonly adjustments?: { readonly rawScore: number; readonly applied: readonly AppliedAdjustment[]; readonly unmatched: readonly Adjustment[] };
  /** The late policy kept in the student's folder, as applied after the adjustments; `results` carry the final score. */
  readonly late?: LateApplied;
}

/** Each problem kind in words, as a table row heading and in a student's notes, with the stage where it happens. */
const PROBLEM_LABELS: Readonly<Record<ProblemKind, { readonly stage: string; readonly label: string }>> = {
  missing: { stage: 'compilation', label: 'file missing' },
  'does-not-compile': { stage: 'compilation', label: 'does not compile' },
  timeout: { stage: 'sandbox', label: 'test over its time limit' },
  'submission-timeout': { stage: 'sandbox', label: 'submission over its time limit' },
  memory: { stage: 'sandbox', label: 'over the memory limit' },
  crashed: { stage: 'sandbox', label: 'crashed' },
  exited: { stage: 'sandbox', label: 'exited' },
  protocol: { stage: 'sandbox', label: 'broke the sandbox protocol' },
};
const PROBLEM_LABEL_OF = new Map<string, { readonly stage: string; readonly label: string }>(PROBLEM_KINDS.map((kind) => [kind, PROBLEM_LABELS[kind]]));

const VISIBILITY_LABELS: Readonly<Record<Visibility, string>> = { visible: 'visible', after_due_date: 'after due date', hidden: 'hidden' };

/**
 * The class summary (OUT/summary.html), for instructors and TAs: score
 * statistics and histogram, per-part and per-test figures, the
 * misconceptions the diagnoses name across the class, what kept
 * submissions from running, and every graded student by score, best first,
 * linked to their report, with a link to grades.csv. One self-contained page
 * (inline CSS and SVG, no script). Rendered with handlebars' escaping `{{ }}`
 * only: student ids and everything from results.json are untrusted; a
 * report link is additionally percent-encoded so an id can only ever be a
 * relative path. With a roster, each student's name is shown beside their
 * id, and a roster section lists the students it names who submitted
 * nothing and the submissions from ids it does not name.
 */
export function renderClassSummary(assignment: { readonly id: string; readonly title: string }, students: readonly GradedStudent[], failed: readonly string[], roster?: RosterJoin, staff?: StaffLinks): string {
  const statistics = classStatistics(students.map((student) => student.results));
  return vmlabTemplate('summary')({
    assignment,
    graded: countOf(statistics.graded, 'student'),
    outOf: statistics.maxScores.length === 0 ? null : statistics.maxScores.map(formatNumber).join(' or '),
    failed: failed.length === 0 ? null : failed.join(', '),
    figures: figureRows(statistics),
    histogram: histogramView(statistics.histogram),
    parts: statistics.parts.map((part) => ({
      ...part,
      meanScore: formatNumber(part.meanScore),
      meanPercentage: formatPercentage(part.points === 0 ? 0 : (part.meanScore * 100) / part.points),
    })),
    hardest: statistics.hardest.map(testRow),
    categories: statistics.categories.map((category) => ({
      ...category,
      passRate: formatPercentage(category.passRate * 100),
      meanCaseShare: formatPercentage(category.meanCaseShare * 100),
    })),
    tests: statistics.tests.map(testRow),
    misconceptions: statistics.misconceptions.map((misconception) => ({
      ...misconception,
      share: formatPercentage(statistics.graded === 0 ? 0 : (misconception.students * 100) / statistics.graded),
    })),
    problems: {
      summary: `${statistics.studentsWithProblems} of ${countOf(statistics.graded, 'submission')} had tests that did not run to the end: files missing or not compiling, or stopped by the sandbox.`,
      rows: statistics.problems.map((problem) => ({ ...problemLabel(problem.kind), students: problem.students, tests: problem.tests })),
      missingFences: statistics.missingFences.map(({ fence, students }) => `${fence} (${countOf(students, 'submission')})`).join(', '),
    },
    students: studentTable(statistics, students, roster, staff !== undefined),
    staff: staff === undefined ? null : staffLinksView(staff),
    roster: roster === undefined ? null : rosterView(roster),
    adjustments: adjustmentsView(students),
    late: lateSummaryView(students),
  });
}

/** Every kept adjustment by student, with the points before and after; one no longer applying is said so. */
function adjustmentsView(students: readonly GradedStudent[]) {
  const rows = [...students]
    .sort((a, b) => (a.results.student < b.results.student ? -1 : a.results.student > b.results.student ? 1 : 0))
    .flatMap(({ results, adjustments }) => [
      ...(adjustments?.applied ?? []).map((adjustment) => ({
        student: results.student,
        target: adjustment.target,
        change: changeText(adjustment.change),
        points: `${formatNumber(adjustment.before)} → ${formatNumber(adjustment.after)}${adjustment.capped ? ' (kept between 0 and its maximum)' : ''}`,
        reason: adjustment.reason,
        who: adjustment.who,
      })),
      ...(adjustments?.unmatched ?? []).map((adjustment) => ({
        student: results.student,
        target: adjustment.target,
        change: changeText(adjustment.change),
        points: 'not applied: the results have no such test or part',
        reason: adjustment.reason,
        who: adjustment.who,
      })),
    ]);
  if (rows.length === 0) return null;
  const adjusted = students.filter((student) => (student.adjustments?.applied.length ?? 0) > 0).length;
  return { summary: `${countOf(rows.length, 'adjustment')} for ${countOf(adjusted, 'student')}.`, rows };
}

/** Mean, median, min, max and standard deviation in points and % of max; null when nobody is graded. */
function figureRows(statistics: ClassStatistics) {
  const { points, percentages } = statistics;
  if (points === undefined || percentages === undefined) return null;
  const rows: Array<[string, 'mean' | 'median' | 'min' | 'max' | 'standardDeviation']> = [
    ['Mean', 'mean'],
    ['Median', 'median'],
    ['Lowest', 'min'],
    ['Highest', 'max'],
    ['Standard deviation', 'standardDeviation'],
  ];
  return rows.map(([name, key]) => ({ name, points: formatNumber(points[key]), percentage: formatPercentage(percentages[key]) }));
}

function histogramView(bins: readonly PercentageBin[]) {
  const geometry = histogramGeometry(bins);
  const binText = (bin: PercentageBin) => `${formatNumber(bin.from)}–${formatNumber(bin.to)}%`;
  return {
    ...geometry,
    viewBox: `0 0 ${geometry.frame.width} ${geometry.frame.height}`,
    bars: geometry.bars.map((bar) => ({ ...bar, range: binText(bar.bin), count: bar.bin.count, title: `${binText(bar.bin)}: ${countOf(bar.bin.count, 'student')}` })),
    scoreTicks: geometry.scoreTicks.map((tick) => ({ ...tick, label: formatNumber(tick.value) })),
  };
}

function testRow(test: TestStatistics) {
  return {
    ...test,
    visibility: VISIBILITY_LABELS[test.visibility],
    passRate: formatPercentage(test.passRate * 100),
    meanCaseShare: formatPercentage(test.meanCaseShare * 100),
  };
}

/** The ranking: one column per part met in the results, a seed column when any student has a seed, and notes on what did not run. */
function studentTable(statistics: ClassStatistics, students: readonly GradedStudent[], roster: RosterJoin | undefined, staffPages: boolean) {
  const hasSeeds = students.some((student) => student.results.seed !== undefined);
  return {
    parts: statistics.parts.map(({ id, title, points }) => ({ id, title, points })),
    hasSeeds,
    rows: rankByScore(students).map(({ rank, student: { results, outFolder } }) => ({
      rank,
      student: results.student,
      name: roster?.entryOf(results.student)?.name ?? '',
      report: `${encodeURIComponent(outFolder)}/report.html`,
      staffPage: staffPages ? staffStudentHref(outFolder, 'class') : '',
      score: formatNumber(results.score),
      maxScore: formatNumber(results.maxScore),
      percentage: formatPercentage(percentageOf(results)),
      partScores: statistics.parts.map((part) => {
        const score = results.parts.find((candidate) => candidate.id === part.id)?.score;
        return score === undefined ? '–' : formatNumber(score);
      }),
      seed: results.seed === undefined ? '' : String(results.seed),
      notes: studentNotes(results),
    })),
  };
}

function staffLinksView(staff: StaffLinks) {
  return {
    gridByStudent: `${STAFF_FOLDER}/${GRID_BY_STUDENT_PAGE}`,
    gridByScore: `${STAFF_FOLDER}/${GRID_BY_SCORE_PAGE}`,
    mistakes: `${STAFF_FOLDER}/${MISTAKES_PAGE}`,
    similarity: staff.similarity,
  };
}

/** The roster against the class: who is missing, who is not listed. */
function rosterView(roster: RosterJoin) {
  const listed = roster.roster.students.length;
  return {
    summary: `The roster lists ${countOf(listed, 'student')}: ${listed - roster.missing.length} submitted, ${roster.missing.length} did not; ${countOf(roster.unknown.length, 'submission')} came from ids it does not list.`,
    missing: roster.missing.map((entry) => ({ id: entry.id, name: entry.name ?? '', section: entry.section ?? '' })),
    unknown: roster.unknown.join(', '),
  };
}

/** What kept some of a student's tests from running, in a few words: "walker: does not compile; 2 tests: crashed". */
function studentNotes(results: SubmissionResults): string {
  const notes = results.compile.map((report) => `${report.component}: ${problemLabel(report.reason).label}`);
  const stopped = new Map<string, number>();
  for (const test of results.tests) if (test.failure?.kind === 'sandbox') stopped.set(test.failure.status, (stopped.get(test.failure.status) ?? 0) + 1);
  for (const [status, tests] of stopped) notes.push(`${countOf(tests, 'test')}: ${problemLabel(status).label}`);
  return notes.join('; ');
}

/** A kind's words; a sandbox status this version does not know (results of another version) is shown as it is. */
function problemLabel(kind: string): { readonly stage: string; readonly label: string } {
  return PROBLEM_LABEL_OF.get(kind) ?? { stage: 'sandbox', label: kind };
}

function countOf(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** Points to 2 decimals, as the student report shows them. */
function formatNumber(value: number): string {
  return String(Math.round(value * 100) / 100);
}

function formatPercentage(value: number): string {
  return `${Math.round(value * 10) / 10}%`;
}
