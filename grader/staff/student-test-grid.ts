import { Visibility } from '../../assignments/framework/manifest-types';
import { compareText, rankByScore } from '../results/class-order';
import { StaffStudent } from './staff-student';
import { pointsForReading } from '../results/feedback-text';
import { diagnosisOf } from '../results/submission-misconceptions';
import { TestResult } from '../results/submission-results';

/**
 * The student × test grid of the staff views: one row per student, one column
 * per test in suite order (the order of the results' tests), each cell a
 * status told by a symbol and a colour both, and a title with the test, the
 * score and the diagnosis. Data only; grader/staff/render-staff-pages.ts
 * draws it. A student whose grading failed has a row that says so.
 */

/** pass: every case; partial: some points; fail: none; not-run: a missing or uncompiled file, or the sandbox stopped it; absent: no such test in the student's results (another suite version). */
export type CellStatus = 'pass' | 'partial' | 'fail' | 'not-run' | 'absent';

/** Each status's symbol and words: the symbol is what the cell shows, so the grid reads without colour. */
export const CELL_STATUSES: Readonly<Record<CellStatus, { readonly symbol: string; readonly words: string }>> = {
  pass: { symbol: '✓', words: 'passed' },
  partial: { symbol: '◐', words: 'partly passed' },
  fail: { symbol: '✗', words: 'failed' },
  'not-run': { symbol: '∅', words: 'not run (compile or sandbox)' },
  absent: { symbol: '·', words: 'not in this student’s results' },
};

export interface GridColumn {
  /** 1-based, as the header shows it. */
  readonly number: number;
  readonly id: string;
  readonly title: string;
  readonly part: string;
  readonly visibility: Visibility;
}

/** A run of consecutive columns of one part: the header above them. */
export interface GridPartHeader {
  readonly id: string;
  readonly title: string;
  readonly columns: number;
}

export interface GridCell {
  readonly status: CellStatus;
  readonly symbol: string;
  /** "T3 walk.public.leaf-rights: 1 of 2 points, failed; misconception: …". */
  readonly title: string;
}

export type GridRow =
  | { readonly kind: 'graded'; readonly student: string; readonly outFolder: string; readonly score: number; readonly maxScore: number; readonly cells: readonly GridCell[] }
  | { readonly kind: 'ungraded'; readonly student: string };

export interface StudentTestGrid {
  readonly columns: readonly GridColumn[];
  readonly parts: readonly GridPartHeader[];
  readonly rows: readonly GridRow[];
}

/** The orderings the staff views offer, one page each (no script sorts them). */
export type GridOrder = 'student' | 'score';

/**
 * The grid of a class. Columns: every test met in the results, in the order
 * the first student holding it lists it (results of one suite list the same
 * order). Rows by student id, or by score (best first, ties by id); students
 * with no results go last in either order.
 */
export function studentTestGrid(students: readonly StaffStudent[], ungraded: readonly string[], order: GridOrder): StudentTestGrid {
  const columns = gridColumns(students);
  const partTitles = new Map(students.flatMap((student) => student.results.parts.map((part) => [part.id, part.title] as const)));
  const ordered = order === 'score' ? rankByScore(students).map((ranked) => ranked.student) : [...students].sort((a, b) => compareText(a.results.student, b.results.student));
  const rows: GridRow[] = ordered.map(({ results, outFolder }) => {
    const byId = new Map(results.tests.map((test) => [test.id, test]));
    return { kind: 'graded', student: results.student, outFolder, score: results.score, maxScore: results.maxScore, cells: columns.map((column) => gridCell(column, byId.get(column.id))) };
  });
  for (const student of [...ungraded].sort(compareText)) rows.push({ kind: 'ungraded', student });
  return { columns, parts: partHeaders(columns, partTitles), rows };
}

function gridColumns(students: readonly StaffStudent[]): GridColumn[] {
  const seen = new Map<string, Omit<GridColumn, 'number'>>();
  for (const { results } of students) {
    for (const test of results.tests) if (!seen.has(test.id)) seen.set(test.id, { id: test.id, title: test.title, part: test.part, visibility: test.visibility });
  }
  return [...seen.values()].map((column, index) => ({ ...column, number: index + 1 }));
}

function partHeaders(columns: readonly GridColumn[], titles: ReadonlyMap<string, string>): GridPartHeader[] {
  const headers: GridPartHeader[] = [];
  for (const column of columns) {
    const last = headers[headers.length - 1];
    if (last !== undefined && last.id === column.part) headers[headers.length - 1] = { ...last, columns: last.columns + 1 };
    else headers.push({ id: column.part, title: titles.get(column.part) ?? column.part, columns: 1 });
  }
  return headers;
}

export function cellStatus(test: TestResult | undefined): CellStatus {
  if (test === undefined) return 'absent';
  const { failure } = test;
  if (failure === undefined) return 'pass';
  if (failure.kind !== 'difference') return 'not-run';
  return test.score > 0 ? 'partial' : 'fail';
}

function gridCell(column: GridColumn, test: TestResult | undefined): GridCell {
  const status = cellStatus(test);
  const { symbol, words } = CELL_STATUSES[status];
  const head = `T${column.number} ${column.id}`;
  if (test === undefined) return { status, symbol, title: `${head}: ${words}` };
  return { status, symbol, title: `${head}: ${pointsForReading(test.score)} of ${pointsForReading(test.points)} points, ${words}${cellReason(test)}` };
}

/** What the cell's title adds to a failure: the diagnosis (misconception, else rule), or why it did not run. */
function cellReason(test: TestResult): string {
  const { failure } = test;
  if (failure === undefined) return '';
  if (failure.kind === 'not-run') return `; ${failure.reason}`;
  if (failure.kind === 'sandbox') return `; sandbox: ${failure.status}`;
  const diagnosis = diagnosisOf(test);
  if (diagnosis === undefined) return `; ${failure.difference.field} at ${failure.difference.where}`;
  return diagnosis.misconception === undefined ? `; rule: ${diagnosis.ruleTitle}` : `; misconception: ${diagnosis.misconception.title}`;
}
