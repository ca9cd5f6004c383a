import { readFileSync, readdirSync, statSync, existsSync } from 'fs';
import * as path from 'path';
import { VmlabError } from '../../reference/errors';
import { describeFsError } from '../../io/fs-errors';
import { writeFileAtomically } from '../../io/write-file-atomically';
import { AdjustmentRow, readAdjustmentsFile } from '../adjustments/adjustments-file';
import { adjustmentProblem } from '../adjustments/apply-adjustments';
import { storeAdjustments } from '../adjustments/stored-adjustments';
import { gradedStudentIn, writeClassFiles } from './class-files';
import { GradedStudent } from './render-class-summary';
import { Roster } from '../gradebook/roster';
import { joinRoster } from '../gradebook/roster-join';
import { rosterInForce } from '../gradebook/kept-roster';
import { SubmissionResults } from '../results/submission-results';
import { resultsOf } from '../report/regenerate-report';
import { STORED_COMMENTS_FILE, parseTaComments } from '../report/ta-comments';
import { writeStudentResults } from '../report/write-student-results';
import { isStaffFolder } from '../staff/staff-page-paths';
import { LateWorkOptions, resolveLateWork } from '../late/resolve-late-work';
import { readLateWork } from '../late/late-work-file';
import { keepLateWork } from '../late/keep-class-late-work';
import { membersOf } from '../late/apply-late-work';

export interface RedrawClassRequest {
  /** The OUT folder of `vmlab grade --submissions`. */
  readonly classDir: string;
  readonly afterDueDate: boolean;
  /** A folder of <student>.md comments files (named as the student's folder under OUT), to keep and draw. */
  readonly commentsDir?: string;
  /** An adjustments CSV: the class's whole set, replacing the adjustments kept in each student's folder. */
  readonly adjustmentsFile?: string;
  readonly roster?: Roster;
  /** The late policy and extensions the command line gives, over those kept in OUT/late-work.json. */
  readonly late?: LateWorkOptions;
  /** Told of extensions for students not in the class. */
  readonly warn?: (warning: string) => void;
}

export interface RedrawOutcome {
  readonly redrawn: number;
  /** Students whose folder could not be redrawn (an unreadable or damaged results.json), with why. */
  readonly problems: ReadonlyArray<{ readonly student: string; readonly message: string }>;
  /** Folders under OUT without a results.json (their grading failed or never ran): left as they are. */
  readonly ungraded: readonly string[];
  /** Kept adjustments whose target the results no longer have, "student: target". */
  readonly unmatched: readonly string[];
  readonly csvFile: string;
  readonly summaryFile: string;
}

interface ClassFolder {
  readonly folder: string;
  readonly results?: SubmissionResults;
  readonly problem?: string;
}

/**
 * Redraw a graded class without grading: every OUT/<student>/report.html and
 * results.json again from the results kept there, with the comments and
 * adjustments given (kept in each student's folder for every later redraw and
 * regrade) or kept earlier, and the late work given (kept in OUT/late-work.json)
 * or kept earlier, then OUT/grades.csv and OUT/summary.html as the
 * batch builds them. The comments and the adjustments are checked against the
 * class first: any of them that names no student, no test or no part refuses
 * the whole redraw (file and line) before anything is written. A student whose
 * results.json cannot be read is reported and the others are redrawn.
 */
export async function redrawClass(request: RedrawClassRequest): Promise<RedrawOutcome> {
  const folders = classFolders(request.classDir);
  const graded = folders.filter((entry): entry is ClassFolder & { results: SubmissionResults } => entry.results !== undefined);
  if (graded.length === 0 && folders.every((entry) => entry.problem === undefined)) {
    throw new VmlabError('INPUT_INVALID', `${request.classDir}: no graded students (expected the OUT folder of \`vmlab grade --submissions\`, with a results.json in each student's folder)`);
  }
  const assignments = new Set(graded.map((entry) => entry.results.assignment.id));
  if (assignments.size > 1) throw new VmlabError('INPUT_INVALID', `${request.classDir}: students of ${assignments.size} assignments (${[...assignments].join(', ')}); redraw one class at a time`);
  const byFolder = new Map(folders.map((entry) => [entry.folder, entry]));

  const comments = request.commentsDir === undefined ? new Map<string, string>() : readCommentsDir(request.commentsDir, byFolder);
  const adjustments = request.adjustmentsFile === undefined ? undefined : checkedAdjustments(readAdjustmentsFile(request.adjustmentsFile), byFolder);

  const late = resolveLateWork(request.late ?? { settings: {} }, readLateWork(request.classDir), { file: "the assignment's manifest" });

  const rosterGiven = await rosterInForce(request.classDir, request.roster);

  const problems = folders.flatMap((entry) => (entry.problem === undefined ? [] : [{ student: entry.folder, message: entry.problem }]));
  await keepLateWork(request.classDir, late, graded.map(({ folder, results }) => ({ outFolder: folder, members: membersOf(results) })), request.warn);
  const students: GradedStudent[] = [];
  for (const { folder, results } of graded) {
    const studentDir = path.join(request.classDir, folder);
    try {
      const text = comments.get(folder);
      if (text !== undefined) await writeFileAtomically(path.join(studentDir, STORED_COMMENTS_FILE), text);
      if (adjustments !== undefined) await storeAdjustments(studentDir, adjustments.get(folder) ?? []);
      await writeStudentResults(studentDir, results, { afterDueDate: request.afterDueDate });
      students.push(gradedStudentIn(request.classDir, folder, results));
    } catch (error) {
      if (!(error instanceof VmlabError)) throw error;
      problems.push({ student: folder, message: error.message });
    }
  }
  const ungraded = folders.filter((entry) => entry.results === undefined && entry.problem === undefined).map((entry) => entry.folder);
  const first = graded[0]?.results;
  const { csvFile, summaryFile } = await writeClassFiles({
    out: request.classDir,
    assignment: first?.assignment ?? { id: '', title: '' },
    parts: first?.parts ?? [],
    students,
    ungraded: [...ungraded, ...problems.map((problem) => problem.student)],
    failed: problems.map((problem) => problem.student),
    roster: rosterGiven === undefined ? undefined : joinRoster(rosterGiven, folders.map((entry) => entry.folder)),
  });
  const unmatched = students.flatMap((student) => (student.adjustments?.unmatched ?? []).map((adjustment) => `${student.results.student}: ${adjustment.target}`));
  return { redrawn: students.length, problems, ungraded, unmatched, csvFile, summaryFile };
}

/** Each student folder of OUT with its results, or why they cannot be read; folders without a results.json have neither. */
function classFolders(classDir: string): ClassFolder[] {
  let names: string[];
  try {
    names = readdirSync(classDir).filter((name) => !name.startsWith('.') && !isStaffFolder(name) && statSync(path.join(classDir, name)).isDirectory()).sort();
  } catch (error) {
    throw new VmlabError('IO', `${classDir}: cannot list the graded class: ${describeFsError(error)}`);
  }
  return names.map((folder) => {
    const file = path.join(classDir, folder, 'results.json');
    if (!existsSync(file)) return { folder };
    try {
      return { folder, results: resultsOf(readFileSync(file, 'utf8'), file) };
    } catch (error) {
      return { folder, problem: error instanceof VmlabError ? error.message : `${file}: cannot read the results: ${describeFsError(error)}` };
    }
  });
}

/** DIR/<student>.md for students of the class, each checked against their results; a file for no student refuses all. */
function readCommentsDir(dir: string, byFolder: ReadonlyMap<string, ClassFolder>): Map<string, string> {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith('.md')).sort();
  } catch (error) {
    throw new VmlabError('IO', `${dir}: cannot list the comments: ${describeFsError(error)}`);
  }
  const comments = new Map<string, string>();
  for (const name of names) {
    const file = path.join(dir, name);
    const student = name.slice(0, -'.md'.length);
    const entry = byFolder.get(student);
    if (entry === undefined) throw new VmlabError('INPUT_INVALID', `${file}: no student ${JSON.stringify(student)} in the class (a comments file is named as the student's folder: <student>.md)`);
    if (entry.results === undefined) continue; // Reported with the student's own problem, or not graded.
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new VmlabError('IO', `${file}: cannot read the comments: ${describeFsError(error)}`);
    }
    parseTaComments(text, entry.results.tests, file);
    comments.set(student, text);
  }
  return comments;
}

/** The adjustments by student folder, every row checked against that student's results. */
function checkedAdjustments(rows: readonly AdjustmentRow[], byFolder: ReadonlyMap<string, ClassFolder>): Map<string, AdjustmentRow[]> {
  const byStudent = new Map<string, AdjustmentRow[]>();
  for (const row of rows) {
    const entry = byFolder.get(row.student);
    if (entry === undefined) throw new VmlabError('INPUT_INVALID', `${row.where}: no student ${JSON.stringify(row.student)} in the class`);
    if (entry.results === undefined) throw new VmlabError('INPUT_INVALID', `${row.where}: ${row.student} has no readable results.json to adjust`);
    const problem = adjustmentProblem(entry.results, row);
    if (problem !== undefined) throw new VmlabError('INPUT_INVALID', `${row.where}: ${problem}`);
    byStudent.set(row.student, [...(byStudent.get(row.student) ?? []), row]);
  }
  return byStudent;
}
