import { SubmissionResults } from '../results/submission-results';

/** The students of a batch that have no results yet (grading them failed), with the points they could get. */
export interface UngradedStudents {
  readonly students: readonly string[];
  readonly maxScore: number;
}

/**
 * The class's grades as CSV (RFC 4180, CRLF line ends): student, score, max,
 * then one column per part of the manifest (its id) with the student's score
 * on it. Rows in order of student id. A student who could not be graded still
 * gets a row, with empty scores: a spreadsheet shows the gap rather than
 * losing the student.
 */
export function gradesCsv(partIds: readonly string[], results: readonly SubmissionResults[], ungraded: UngradedStudents = { students: [], maxScore: 0 }): string {
  const rows: Array<{ student: string; cells: string[] }> = [];
  for (const result of results) {
    const partScores = partIds.map((id) => {
      const part = result.parts.find((candidate) => candidate.id === id);
      return part === undefined ? '' : numberCell(part.score);
    });
    rows.push({ student: result.student, cells: [textCell(result.student), numberCell(result.score), numberCell(result.maxScore), ...partScores] });
  }
  for (const student of ungraded.students) rows.push({ student, cells: [textCell(student), '', numberCell(ungraded.maxScore), ...partIds.map(() => '')] });
  rows.sort((a, b) => (a.student < b.student ? -1 : a.student > b.student ? 1 : 0));
  const header = ['student', 'score', 'max', ...partIds].map(textCell);
  return [header, ...rows.map((row) => row.cells)].map((cells) => cells.join(',')).join('\r\n') + '\r\n';
}

/**
 * A text cell, quoted when RFC 4180 requires it. Student ids are untrusted: a
 * cell a spreadsheet would read as a formula (starting with = + - @, or a tab
 * or CR that some strip before looking) gets a leading ' so it stays text.
 */
export function textCell(text: string): string {
  const defused = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(defused) ? `"${defused.replace(/"/g, '""')}"` : defused;
}

/** Scores to 4 decimals, as in results.json: partial credit is points x passed / cases. */
function numberCell(value: number): string {
  return String(Math.round(value * 10_000) / 10_000);
}
