import * as path from 'path';
import { writeFileAtomically } from '../../io/write-file-atomically';
import { finalResultsIn } from '../late/final-results';
import { RosterJoin } from '../gradebook/roster-join';
import { SubmissionResults } from '../results/submission-results';
import { gradesCsv } from './grades-csv';
import { GradedStudent, renderClassSummary } from './render-class-summary';
import { writeStaffPages } from '../staff/write-staff-pages';
import { hasSimilarityPage } from '../staff/similarity-link';

export interface ClassFilesRequest {
  readonly out: string;
  readonly assignment: { readonly id: string; readonly title: string };
  readonly parts: ReadonlyArray<{ readonly id: string; readonly points: number }>;
  /** Graded students, their results adjusted (gradedStudentIn). */
  readonly students: readonly GradedStudent[];
  /** Students with no results (their grading failed): a row with empty scores. */
  readonly ungraded: readonly string[];
  /** Students this run failed on, named in the summary. */
  readonly failed: readonly string[];
  readonly roster?: RosterJoin;
}

/** A graded student of OUT/<outFolder>, with the adjustments kept in their folder applied, then the late work kept there. */
export function gradedStudentIn(out: string, outFolder: string, results: SubmissionResults): GradedStudent {
  const { adjusted, late, final } = finalResultsIn(path.join(out, outFolder), results);
  const any = adjusted.applied.length + adjusted.unmatched.length > 0;
  return {
    results: final,
    outFolder,
    ...(any ? { adjustments: { rawScore: results.score, applied: adjusted.applied, unmatched: adjusted.unmatched } } : {}),
    ...(late === undefined ? {} : { late }),
  };
}

/** OUT/grades.csv, the staff pages (OUT/staff/) and OUT/summary.html, rebuilt whole from the students given (a batch's, or a redraw's). */
export async function writeClassFiles(request: ClassFilesRequest): Promise<{ readonly csvFile: string; readonly summaryFile: string }> {
  const csvFile = path.join(request.out, 'grades.csv');
  const summaryFile = path.join(request.out, 'summary.html');
  const maxScore = request.parts.reduce((sum, part) => sum + part.points, 0);
  const rawScores = new Map(request.students.flatMap((student) => (student.adjustments === undefined && student.late === undefined ? [] : [[student.results.student, student.adjustments?.rawScore ?? student.late!.lateness.before] as const])));
  const late = new Map(request.students.flatMap((student) => (student.late === undefined ? [] : [[student.results.student, student.late.lateness] as const])));
  await writeFileAtomically(
    csvFile,
    gradesCsv(
      request.parts.map((part) => part.id),
      request.students.map((student) => student.results),
      { students: request.ungraded, maxScore },
      request.roster,
      rawScores,
      late,
    ),
  );
  // The staff pages before the summary that links them.
  await writeStaffPages({ out: request.out, assignment: request.assignment, students: request.students, ungraded: request.ungraded });
  await writeFileAtomically(summaryFile, renderClassSummary(request.assignment, request.students, [...request.failed].sort(), request.roster, { similarity: hasSimilarityPage(request.out) }));
  return { csvFile, summaryFile };
}
