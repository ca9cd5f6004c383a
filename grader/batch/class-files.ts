import * as path from 'path';
import { writeFileAtomically } from '../../io/write-file-atomically';
import { applyAdjustments } from '../adjustments/apply-adjustments';
import { readStoredAdjustments } from '../adjustments/stored-adjustments';
import { applyLateWork } from '../late/apply-late-work';
import { readLateWork } from '../late/late-work-file';
import { RosterJoin } from '../gradebook/roster-join';
import { SubmissionResults } from '../results/submission-results';
import { gradesCsv } from './grades-csv';
import { GradedStudent, renderClassSummary } from './render-class-summary';

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
  const adjusted = applyAdjustments(results, readStoredAdjustments(path.join(out, outFolder)));
  const any = adjusted.applied.length + adjusted.unmatched.length > 0;
  const final = applyLateWork(adjusted.results, readLateWork(path.join(out, outFolder)));
  return {
    results: final.results,
    outFolder,
    ...(any ? { adjustments: { rawScore: results.score, applied: adjusted.applied, unmatched: adjusted.unmatched } } : {}),
    ...(final.late === undefined ? {} : { late: final.late }),
  };
}

/** OUT/grades.csv and OUT/summary.html, rebuilt whole from the students given (a batch's, or a redraw's). */
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
  await writeFileAtomically(summaryFile, renderClassSummary(request.assignment, request.students, [...request.failed].sort(), request.roster));
  return { csvFile, summaryFile };
}
