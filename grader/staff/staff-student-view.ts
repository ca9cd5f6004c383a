import { VISIBILITIES, Visibility } from '../../assignments/framework/manifest-types';
import { compileView, CompileView, FailureView, MAX_OUTPUT_SHOWN, staffFailureView, TestRowView } from '../report/student-report-view';
import { pointsForReading } from '../results/feedback-text';
import { amountOf } from '../results/student-facing';
import { SubmissionResults, TestResult } from '../results/submission-results';
import { CELL_STATUSES, cellStatus, CellStatus } from './student-test-grid';
import { GRID_BY_STUDENT_PAGE, studentFolderHref, toClassFolder } from './staff-page-paths';

/**
 * A student's staff page (OUT/staff/students/<student>.html): every test in
 * full, hidden ones included: the first failing case, the first difference
 * in words and drawn, the diagnosis, why the sandbox stopped a test, and
 * everything the code printed in every group. The failures are drawn by the
 * student report's own partial (templates/partials/student-test-feedback.hbs)
 * from the student report's own view (staffFailureView), so the two pages
 * cannot drift apart. Everything is text for handlebars' escaping.
 */
export interface StaffStudentView {
  readonly title: string;
  readonly assignment: { readonly id: string; readonly title: string };
  readonly student: string;
  readonly score: string;
  readonly maxScore: string;
  readonly links: { readonly report: string; readonly summary: string; readonly grid: string };
  readonly seedText: string;
  readonly compile: readonly CompileView[];
  readonly tests: readonly StaffTestRow[];
  readonly failures: readonly FailureView[];
  readonly output: readonly { readonly heading: string; readonly streams: readonly { readonly name: string; readonly summary: string; readonly text: string }[] }[];
}

export interface StaffTestRow {
  readonly number: number;
  readonly anchor: string;
  readonly id: string;
  readonly title: string;
  readonly visibility: string;
  readonly part: string;
  readonly score: string;
  readonly points: string;
  readonly status: CellStatus;
  readonly symbol: string;
  readonly words: string;
  readonly failed: boolean;
}

const VISIBILITY_WORDS: Readonly<Record<Visibility, string>> = { visible: 'visible', after_due_date: 'after the due date', hidden: 'hidden' };

export function staffStudentView(results: SubmissionResults, outFolder: string): StaffStudentView {
  const partTitles = new Map(results.parts.map((part) => [part.id, part.title]));
  const studentFolder = studentFolderHref(outFolder, 2);
  const rows = results.tests.map((test, index) => testRow(test, index, partTitles));
  return {
    title: `${results.assignment.title}: ${results.student} (staff view)`,
    assignment: results.assignment,
    student: results.student,
    score: pointsForReading(results.score),
    maxScore: pointsForReading(results.maxScore),
    links: { report: `${studentFolder}/report.html`, summary: `${toClassFolder(2)}/summary.html`, grid: `../${GRID_BY_STUDENT_PAGE}` },
    seedText: results.seed === undefined ? '' : `Seed ${results.seed}.`,
    compile: results.compile.map(compileView),
    tests: rows,
    failures: results.tests.flatMap((test, index) => (test.failure === undefined ? [] : [staffFailureView(test, reportRow(test, rows[index]), studentFolder)])),
    output: outputGroups(results),
  };
}

function testRow(test: TestResult, index: number, partTitles: ReadonlyMap<string, string>): StaffTestRow {
  const status = cellStatus(test);
  return {
    number: index + 1,
    anchor: `test-${index + 1}`,
    id: test.id,
    title: test.title,
    visibility: VISIBILITY_WORDS[test.visibility] ?? test.visibility,
    part: partTitles.get(test.part) ?? test.part,
    score: pointsForReading(test.score),
    points: pointsForReading(test.points),
    status,
    symbol: CELL_STATUSES[status].symbol,
    words: CELL_STATUSES[status].words,
    failed: test.failure !== undefined,
  };
}

/** The row the student report's failure view reads: the test under its title, its id and visibility, for the staff. */
function reportRow(test: TestResult, row: StaffTestRow): TestRowView {
  return {
    anchor: row.anchor,
    name: `T${row.number} ${test.title} (${test.id}, ${row.visibility})`,
    part: row.part,
    component: test.component,
    category: test.category,
    passed: false,
    verdict: 'failed',
    score: row.score,
    points: test.points,
    visibility: row.visibility,
  };
}

const GROUP_HEADINGS: Readonly<Record<Visibility, string>> = { visible: 'During the visible tests', after_due_date: 'During the tests shown after the due date', hidden: 'During the hidden tests' };

/** What the code printed in every group, hidden ones too, each stream cut as the student report cuts it. */
function outputGroups(results: SubmissionResults): StaffStudentView['output'] {
  return VISIBILITIES.flatMap((visibility) => {
    const group = results.output[visibility];
    if (group === undefined) return [];
    const streams = (
      [
        ['Standard output', group.stdout],
        ['Standard error', group.stderr],
      ] as const
    ).flatMap(([name, text]) => {
      if (text === '') return [];
      const { lines, bytes } = amountOf(text);
      const cut = text.length > MAX_OUTPUT_SHOWN;
      return [{ name, summary: `${lines} lines, ${bytes} bytes${group.truncated ? ', cut at the grader\u2019s limit' : ''}${cut ? `; the first ${MAX_OUTPUT_SHOWN} characters shown` : ''}`, text: cut ? text.slice(0, MAX_OUTPUT_SHOWN) : text }];
    });
    return streams.length === 0 ? [] : [{ heading: GROUP_HEADINGS[visibility], streams }];
  });
}
