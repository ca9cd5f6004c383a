import { VmlabError } from '../../reference/errors';
import { CsvCell, csvTable } from './csv-table';
import { FIELD_HEADINGS, RosterStudent } from './roster';
import { RosterJoin } from './roster-join';
import { ClassGrades } from './read-class-grades';

export const GRADEBOOK_FORMATS = ['canvas', 'moodle', 'csv'] as const;
export type GradebookFormat = (typeof GRADEBOOK_FORMATS)[number];

export interface GradebookExport {
  readonly csv: string;
  /** What staff should know before importing (students left out, students the LMS may not match). */
  readonly warnings: readonly string[];
}

/** One student of the export: their id, their score (none: in the roster, no submission) and their roster row. */
interface ExportRow {
  readonly student: string;
  readonly score?: number;
  readonly entry?: RosterStudent;
}

/**
 * A gradebook import file for the class, one row per student, the score in
 * points under `column` (the assignment's name in the LMS):
 *
 * - `canvas`: Canvas's gradebook columns `Student`, `ID`, `SIS User ID`,
 *   `SIS Login ID`, `Section`, then the assignment. Canvas matches a row by
 *   its SIS ids, else its name; `ID` is Canvas's own user id, which vmlab
 *   does not know, so it stays empty. Students without a score are left out
 *   (an import leaves their grade as it is).
 * - `moodle`: `Email address`, `ID number`, `Full name`, then the grade
 *   column; the import maps the first or second to Moodle's user field of
 *   that name. Every row needs one of them (from the roster, or an id that is
 *   an email address): a student with neither is refused, named.
 * - `csv`: `student`, the roster's columns, `score`, `max`; roster students
 *   without a submission keep a row with no score.
 */
export function gradebookExport(format: GradebookFormat, grades: ClassGrades, column: string, roster?: RosterJoin): GradebookExport {
  const warnings: string[] = [];
  const graded: ExportRow[] = grades.students.map(({ student, score }) => ({ student, score, entry: roster?.entryOf(student) }));
  const missing: ExportRow[] = (roster?.missing ?? []).map((entry) => ({ student: entry.id, entry }));
  if (roster !== undefined && roster.unknown.length > 0) warnings.push(`not in the roster ${roster.roster.file} (no name, email or SIS id to match them by): ${roster.unknown.join(', ')}`);
  if (grades.ungradedFolders.length > 0) warnings.push(`left out, not graded: ${grades.ungradedFolders.join(', ')}`);
  if (format !== 'csv' && missing.length > 0) warnings.push(`left out, no submission (their grade in the LMS is left as it is): ${missing.map((row) => row.student).join(', ')}`);

  if (format === 'canvas') {
    if (graded.every((row) => row.entry?.sisId === undefined && row.entry?.sisLoginId === undefined)) warnings.push('no SIS User ID or SIS Login ID (give --roster with them): Canvas will match students by name');
    const header = ['Student', 'ID', 'SIS User ID', 'SIS Login ID', 'Section', column];
    return { csv: csvTable(header, graded.map((row) => [row.entry?.name ?? row.student, undefined, row.entry?.sisId, row.entry?.sisLoginId, row.entry?.section, row.score])), warnings };
  }
  if (format === 'moodle') {
    const emailOf = (row: ExportRow) => row.entry?.email ?? (row.student.includes('@') ? row.student : undefined);
    const unmatched = graded.filter((row) => emailOf(row) === undefined && row.entry?.sisId === undefined).map((row) => row.student);
    if (unmatched.length > 0) {
      throw new VmlabError('IO', `Moodle matches students by email address or ID number, and these have neither: ${unmatched.join(', ')} (give --roster with an email or SIS id column that lists them)`);
    }
    const header = ['Email address', 'ID number', 'Full name', column];
    return { csv: csvTable(header, graded.map((row) => [emailOf(row), row.entry?.sisId, row.entry?.name, row.score])), warnings };
  }
  const fields = roster?.roster.fields ?? [];
  const rows = [...graded, ...missing].sort((a, b) => (a.student < b.student ? -1 : a.student > b.student ? 1 : 0));
  const cells = (row: ExportRow): CsvCell[] => [row.student, ...fields.map((field) => row.entry?.[field]), row.score, grades.maxScore];
  return { csv: csvTable(['student', ...fields.map((field) => FIELD_HEADINGS[field]), 'score', 'max'], rows.map(cells)), warnings };
}
