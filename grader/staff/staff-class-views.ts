import { StaffStudent } from './staff-student';
import { FailureView, staffFailureView } from '../report/student-report-view';
import { pointsForReading } from '../results/feedback-text';
import { GroupedFailure, MistakeGroup, mistakeGroups } from './mistake-groups';
import { GRID_BY_SCORE_PAGE, GRID_BY_STUDENT_PAGE, MISTAKES_PAGE, staffStudentHref, studentFolderHref } from './staff-page-paths';
import { CELL_STATUSES, CellStatus, GridOrder, studentTestGrid } from './student-test-grid';

/** The class's staff pages in OUT/staff/, each a view for its template (templates/staff-*.hbs). */

interface ClassPageHeader {
  readonly assignment: { readonly id: string; readonly title: string };
  /** The other staff pages and the summary, from OUT/staff/. */
  readonly nav: readonly { readonly href: string; readonly text: string; readonly current: boolean }[];
}

function header(assignment: ClassPageHeader['assignment'], current: string): ClassPageHeader {
  const pages: Array<[string, string]> = [
    ['../summary.html', 'Class summary'],
    [GRID_BY_STUDENT_PAGE, 'Grid by student'],
    [GRID_BY_SCORE_PAGE, 'Grid by score'],
    [MISTAKES_PAGE, 'Students by mistake'],
  ];
  return { assignment, nav: pages.map(([href, text]) => ({ href, text, current: href === current })) };
}

export const GRID_PAGES: Readonly<Record<GridOrder, { readonly file: string; readonly words: string }>> = {
  student: { file: GRID_BY_STUDENT_PAGE, words: 'by student id' },
  score: { file: GRID_BY_SCORE_PAGE, words: 'by score, best first (ties by id)' },
};

export function gridPageView(assignment: ClassPageHeader['assignment'], students: readonly StaffStudent[], ungraded: readonly string[], order: GridOrder) {
  const grid = studentTestGrid(students, ungraded, order);
  const other = order === 'student' ? 'score' : 'student';
  return {
    ...header(assignment, GRID_PAGES[order].file),
    order: GRID_PAGES[order].words,
    otherOrder: { href: GRID_PAGES[other].file, words: GRID_PAGES[other].words },
    legend: (Object.keys(CELL_STATUSES) as CellStatus[]).map((status) => ({ status, ...CELL_STATUSES[status] })),
    parts: grid.parts,
    columns: grid.columns.map((column) => ({ number: column.number, title: `${column.id}: ${column.title} (${column.visibility})` })),
    width: grid.columns.length,
    rows: grid.rows.map((row) =>
      row.kind === 'ungraded'
        ? { student: row.student, graded: null }
        : {
            student: row.student,
            graded: {
              report: `${studentFolderHref(row.outFolder, 1)}/report.html`,
              staff: staffStudentHref(row.outFolder, 'staff'),
              score: `${pointsForReading(row.score)}/${pointsForReading(row.maxScore)}`,
              cells: row.cells,
            },
          },
    ),
  };
}

/** Groups of two students or more are shown with their example; those of one student are listed, as the same mistake twice is what the page is for. */
export function mistakesPageView(assignment: ClassPageHeader['assignment'], students: readonly StaffStudent[]) {
  const groups = mistakeGroups(students);
  const split = (of: readonly MistakeGroup[], prefix: string) => ({
    shared: of.filter((group) => group.students.length > 1).map((group, index) => groupView(group, `${prefix}-${index + 1}`)),
    single: of.filter((group) => group.students.length === 1).map((group) => ({ label: group.label, student: group.students[0].student, staff: staffStudentHref(group.students[0].outFolder, 'staff'), tests: group.tests.join(', ') })),
  });
  return { ...header(assignment, MISTAKES_PAGE), byDifference: split(groups.byDifference, 'difference'), byMisconception: split(groups.byMisconception, 'misconception') };
}

function groupView(group: MistakeGroup, anchor: string) {
  return {
    anchor,
    label: group.label,
    detail: group.detail,
    count: `${group.students.length} students, ${group.failures} failed test${group.failures === 1 ? '' : 's'}`,
    students: group.students.map(({ student, outFolder }) => ({ student, staff: staffStudentHref(outFolder, 'staff') })),
    tests: group.tests.join(', '),
    example: exampleView(group.example, `${anchor}-example`),
  };
}

function exampleView(example: GroupedFailure, anchor: string): { readonly student: string; readonly failure: FailureView } {
  const { test } = example;
  const row = {
    anchor,
    name: `${example.student}: ${test.title} (${test.id}, ${test.visibility})`,
    part: test.part,
    component: test.component,
    category: test.category,
    passed: false,
    verdict: 'failed',
    score: pointsForReading(test.score),
    points: test.points,
    visibility: test.visibility,
  };
  return { student: example.student, failure: staffFailureView(test, row, studentFolderHref(example.outFolder, 1)) };
}
