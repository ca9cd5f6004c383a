import { readdirSync, statSync } from 'fs';
import * as path from 'path';
import { VmlabError } from '../../reference/errors';
import { describeFsError } from '../../io/fs-errors';
import { readGradedResults } from '../results/read-graded-results';
import { isStaffFolder } from '../staff/staff-page-paths';
import { finalResultsIn } from '../late/final-results';

/** A graded class's scores, as a gradebook needs them. */
export interface ClassGrades {
  readonly assignment: { readonly id: string; readonly title: string };
  readonly maxScore: number;
  /** Sorted by student id. */
  readonly students: ReadonlyArray<{ readonly student: string; readonly score: number }>;
  /** Folders under the class folder without whole results (not graded yet, or grading failed), sorted. */
  readonly ungradedFolders: readonly string[];
}

/**
 * The scores of a class graded by `vmlab grade --submissions` into OUT: each
 * OUT/<student>/results.json read as a batch re-run reads it, with the
 * adjustments, then the late work, kept beside it applied. A folder that
 * cannot be listed, holds no graded student, or mixes assignments is refused.
 */
export function readClassGrades(classDir: string): ClassGrades {
  let folders: string[];
  try {
    folders = readdirSync(classDir).filter((name) => !name.startsWith('.') && !isStaffFolder(name) && statSync(path.join(classDir, name)).isDirectory()).sort();
  } catch (error) {
    throw new VmlabError('IO', `${classDir}: cannot list the graded class: ${describeFsError(error)}`);
  }
  // The staff's adjustments and the late work kept in a student's folder count, as in grades.csv: the gradebook gets the final score.
  const adjusted = (folder: string) => {
    const results = readGradedResults(path.join(classDir, folder));
    return results === undefined ? undefined : finalResultsIn(path.join(classDir, folder), results).final;
  };
  const graded = folders.map((folder) => ({ folder, results: adjusted(folder) }));
  const students = graded.flatMap(({ results }) => (results === undefined ? [] : [results]));
  if (students.length === 0) throw new VmlabError('IO', `${classDir}: no graded students (expected the OUT folder of \`vmlab grade --submissions\`, with a results.json in each student's folder)`);
  const [first] = students;
  const other = students.find((results) => results.assignment.id !== first.assignment.id);
  if (other !== undefined) throw new VmlabError('IO', `${classDir}: students of two assignments (${first.student}: ${first.assignment.id}, ${other.student}: ${other.assignment.id}); export one class at a time`);
  return {
    assignment: first.assignment,
    maxScore: Math.max(...students.map((results) => results.maxScore)),
    students: students.map(({ student, score }) => ({ student, score })).sort((a, b) => (a.student < b.student ? -1 : a.student > b.student ? 1 : 0)),
    ungradedFolders: graded.filter(({ results }) => results === undefined).map(({ folder }) => folder),
  };
}
