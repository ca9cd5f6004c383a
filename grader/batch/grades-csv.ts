import { SubmissionResults } from '../results/submission-results';
import { CsvCell, csvTable } from '../gradebook/csv-table';
import { FIELD_HEADINGS, RosterStudent } from '../gradebook/roster';
import { RosterJoin } from '../gradebook/roster-join';
import { Lateness } from '../late/lateness';
import { lateHours, lateStatusText } from '../late/late-text';

/** The columns a late policy adds to grades.csv, after raw_score. */
export const LATE_COLUMNS = ['submitted_at', 'late', 'late_hours', 'late_penalty'] as const;

function lateCells(lateness: Lateness | undefined): CsvCell[] {
  if (lateness === undefined) return LATE_COLUMNS.map(() => undefined);
  const submitted = lateness.submittedMs === undefined ? undefined : new Date(lateness.submittedMs).toISOString();
  return [submitted, lateStatusText(lateness), lateHours(lateness), lateness.penalty];
}

/** The students of a batch that have no results yet (grading them failed), with the points they could get. */
export interface UngradedStudents {
  readonly students: readonly string[];
  readonly maxScore: number;
}

/** Where a student of grades.csv stands against the roster. */
export const ROSTER_STATUS = { submitted: 'submitted', noSubmission: 'no submission', notInRoster: 'not in roster' } as const;

/**
 * The class's grades as CSV (RFC 4180, CRLF line ends): student, score, max,
 * then one column per part of the manifest (its id) with the student's score
 * on it. Rows in order of student id. A student who could not be graded still
 * gets a row, with empty scores: a spreadsheet shows the gap rather than
 * losing the student. With a roster, its columns (name, email, SIS ids,
 * section: those it has) follow the id, then `roster_status`; every student
 * of the roster without a submission gets a row with empty scores ("no
 * submission"), and a submission from an id the roster lacks is marked "not
 * in roster". With staff adjustments (`rawScores`: the grading's own score
 * of each adjusted student), `score` and the parts are the adjusted ones and
 * a `raw_score` column after `max` keeps the grading's. With a late policy
 * (`late`: each student's lateness), `score` is also after the late penalty
 * (`raw_score` keeps the grading's), and LATE_COLUMNS follow: when it was
 * submitted, the lateness in words ("late by 1 day 2 hours", "submission time
 * unknown"), in hours, and the points it took.
 */
export function gradesCsv(
  partIds: readonly string[],
  results: readonly SubmissionResults[],
  ungraded: UngradedStudents = { students: [], maxScore: 0 },
  roster?: RosterJoin,
  rawScores?: ReadonlyMap<string, number>,
  late?: ReadonlyMap<string, Lateness>,
): string {
  const withRaw = rawScores !== undefined && rawScores.size > 0;
  const withLate = late !== undefined && late.size > 0;
  const rawCells = (student: string, score: number | undefined): CsvCell[] => [...(withRaw ? [rawScores.get(student) ?? score] : []), ...(withLate ? lateCells(late.get(student)) : [])];
  const fields = roster?.roster.fields ?? [];
  const rosterCells = (entry: RosterStudent | undefined, status: string): CsvCell[] =>
    roster === undefined ? [] : [...fields.map((field) => entry?.[field]), status];
  const statusOf = (student: string) => (roster?.entryOf(student) === undefined ? ROSTER_STATUS.notInRoster : ROSTER_STATUS.submitted);

  const rows: Array<{ student: string; cells: CsvCell[] }> = [];
  for (const result of results) {
    const partScores = partIds.map((id) => result.parts.find((candidate) => candidate.id === id)?.score);
    rows.push({ student: result.student, cells: [result.student, ...rosterCells(roster?.entryOf(result.student), statusOf(result.student)), result.score, result.maxScore, ...rawCells(result.student, result.score), ...partScores] });
  }
  const empty = (student: string, status: string, entry: RosterStudent | undefined) => ({ student, cells: [student, ...rosterCells(entry, status), undefined, ungraded.maxScore, ...rawCells(student, undefined), ...partIds.map(() => undefined)] });
  for (const student of ungraded.students) rows.push(empty(student, statusOf(student), roster?.entryOf(student)));
  for (const entry of roster?.missing ?? []) rows.push(empty(entry.id, ROSTER_STATUS.noSubmission, entry));
  rows.sort((a, b) => (a.student < b.student ? -1 : a.student > b.student ? 1 : 0));
  const header = ['student', ...(roster === undefined ? [] : [...fields.map((field) => FIELD_HEADINGS[field]), 'roster_status']), 'score', 'max', ...(withRaw ? ['raw_score'] : []), ...(withLate ? LATE_COLUMNS : []), ...partIds];
  return csvTable(header, rows.map((row) => row.cells));
}
