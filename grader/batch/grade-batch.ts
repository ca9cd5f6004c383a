import { existsSync } from 'fs';
import { cp, mkdir, rm } from 'fs/promises';
import * as path from 'path';
import { loadAssignment } from '../../assignments/framework/load-assignment';
import { gradeLoadedToFolder, submissionCompiler } from '../grade/grade-to-folder';
import { ReferenceObservations } from '../grade/reference-observations';
import { SubmissionResults } from '../results/submission-results';
import { writeStudentResults } from '../report/write-student-results';
import { BatchProgress } from './batch-progress';
import { BatchStudent, BatchSubmission, findSubmissions } from './find-submissions';
import { forEachConcurrently } from './for-each-concurrently';
import { gradedStudentIn, writeClassFiles } from './class-files';
import { readGradedResults } from '../results/read-graded-results';
import { STEP_PAGES_FOLDER } from '../results/step-page-path';
import { GradedStudent } from './render-class-summary';
import { studentSeedFromId } from './student-seed-from-id';
import { checkClassFolder } from '../compile/submission-layout';
import { Roster } from '../gradebook/roster';
import { joinRoster } from '../gradebook/roster-join';
import { rosterInForce } from '../gradebook/kept-roster';
import { LateWorkOptions, resolveLateWork } from '../late/resolve-late-work';
import { readLateWork } from '../late/late-work-file';
import { keepLateWork } from '../late/keep-class-late-work';
import { newestStudentFileTime } from '../late/submitted-time';

/** Everyone a group submission belongs to, for its results; undefined for one student. */
function groupOf(submission: BatchSubmission): readonly string[] | undefined {
  return submission.partners.length === 0 ? undefined : [submission.student, ...submission.partners.map((partner) => partner.student)];
}

/** The submission dated by its student files when its source gives no time and `studentFiles` are given (--submitted-time file). */
function withFileTime(submission: BatchSubmission, studentFiles: readonly string[] | undefined): BatchSubmission {
  if (submission.submittedAt !== undefined || studentFiles === undefined) return submission;
  const submittedAt = newestStudentFileTime(submission.dir, studentFiles);
  return submittedAt === undefined ? submission : { ...submission, submittedAt };
}

/** One student to grade: where the submission is, where its results go, and its seed. */
export interface GradeJob {
  readonly submission: BatchSubmission;
  readonly out: string;
  readonly studentSeed?: number;
}

/** Grades one job into job.out, results.json last (the batch copies the results to a group's partners). */
export type GradeOne = (job: GradeJob) => Promise<SubmissionResults>;

export interface GradeBatchRequest {
  readonly assignmentDir: string;
  readonly submissionsDir: string;
  readonly out: string;
  /** How many students are graded at once (each runs its own sandbox child). */
  readonly jobs: number;
  /** Regrade students who already have results. */
  readonly force: boolean;
  readonly afterDueDate: boolean;
  /** Shrink each student's failing visible cases (default true); false grades faster, with no shrunk cases. */
  readonly shrink?: boolean;
  /** Set: each student's seed is derived from their id with this secret (studentSeedFromId). */
  readonly seedSecret?: string;
  readonly progress: (total: number) => BatchProgress;
  /** Replaces the real grading; tests use it to count or fake gradings. */
  readonly gradeOne?: GradeOne;
  /** The reference's observations for the class; given, the caller can see what the batch computed (the benchmark counts it). */
  readonly reference?: ReferenceObservations;
  /** The class roster, read and checked before grading: joined into grades.csv and the summary. */
  readonly roster?: Roster;
  /** The late policy and extensions the command line gives (over those kept in OUT, over the manifest's). */
  readonly late?: LateWorkOptions;
  /** Date a submission whose source gives no time by its student files' newest modification time. */
  readonly submittedTimeFromFiles?: boolean;
  /** Told of what is worth a look but does not stop the batch (extensions for students not in the class). */
  readonly warn?: (warning: string) => void;
}

export interface BatchOutcome {
  readonly submissions: number;
  /** Students graded by this run. */
  readonly graded: number;
  /** Students skipped because they already had results. */
  readonly alreadyGraded: number;
  /** Students who could not be graded, by id (every member of a group whose submission failed). */
  readonly failed: readonly string[];
  readonly csvFile: string;
  readonly summaryFile: string;
}

/** A group's step-through pages, from the submitter's folder to a partner's (whose earlier pages go). */
async function copyStepPages(from: string, to: string): Promise<void> {
  const target = path.join(to, STEP_PAGES_FOLDER);
  await rm(target, { recursive: true, force: true });
  const source = path.join(from, STEP_PAGES_FOLDER);
  if (existsSync(source)) await cp(source, target, { recursive: true });
}

/**
 * Grade a class: every submission not yet graded (all with `force`), a few at
 * a time, each into OUT/<student>/; then rebuild OUT/grades.csv and
 * OUT/summary.html from every student's results.json. A group submission is
 * graded once, as its first submitter; each partner gets a copy of the
 * results under their own id and folder. A student whose grading throws is
 * reported and counted; the batch goes on. What cannot work for the whole
 * class (an unusable OUT or submissions folder, one that holds one student's
 * files rather than a folder per student, a late policy or extensions file
 * that cannot be read) is refused before grading. The late work in force is
 * kept in OUT/late-work.json and each student's folder (keep-class-late-work.ts).
 */
export async function gradeBatch(request: GradeBatchRequest): Promise<BatchOutcome> {
  const assignment = loadAssignment(request.assignmentDir);
  checkClassFolder(request.submissionsDir, assignment.manifest.studentFiles);
  const submissions = findSubmissions(request.submissionsDir, assignment.manifest.studentFiles).map((submission) => withFileTime(submission, request.submittedTimeFromFiles === true ? assignment.manifest.studentFiles : undefined));
  const lateWork = resolveLateWork(request.late ?? { settings: {} }, readLateWork(request.out), { settings: assignment.manifest.late, file: path.join(path.resolve(request.assignmentDir), 'assignment.json') });
  const outOf = (student: BatchStudent) => path.join(request.out, student.outFolder);
  const membersOf = (submission: BatchSubmission): BatchStudent[] => [submission, ...submission.partners];
  // A group is seeded by its first submitter, so that every member's copy is of the one variant that was graded.
  const seedOf = (submission: BatchSubmission) => (request.seedSecret === undefined ? undefined : studentSeedFromId(submission.student, request.seedSecret));
  // Results count as this batch's only if they are of this assignment and were seeded as this run seeds: a run that
  // adds --seed-from-id (or changes the secret, or points OUT at another assignment's folder) regrades.
  const currentResults = (submission: BatchSubmission, member: BatchStudent) => {
    const results = readGradedResults(outOf(member));
    return results !== undefined && results.assignment.id === assignment.manifest.id && results.seed === seedOf(submission) ? results : undefined;
  };
  const todo = request.force ? submissions : submissions.filter((submission) => membersOf(submission).some((member) => currentResults(submission, member) === undefined));
  // OUT itself first: a path under a file, or a folder of that name that cannot be made, ends the batch before the
  // first student is graded rather than after the last.
  await mkdir(request.out, { recursive: true });
  const rosterGiven = await rosterInForce(request.out, request.roster);
  const memberFolders = submissions.flatMap((submission) => membersOf(submission).map((member) => ({ outFolder: member.outFolder, members: membersOf(submission).map((one) => one.student) })));
  const redrawLate = await keepLateWork(request.out, lateWork, memberFolders, request.warn);

  // One reference cache and one compiler for the class: the reference runs in this process, so sharing it is just
  // sharing a Map; the compiler keeps the handout, the type checker's state and the substrate's build.
  const reference = request.reference ?? new ReferenceObservations();
  const compiler = submissionCompiler(assignment);
  const gradeOne: GradeOne =
    request.gradeOne ??
    ((job) => gradeLoadedToFolder({ assignment, compiler, reference, submission: job.submission.dir, out: job.out, student: job.submission.student, seed: job.studentSeed, afterDueDate: request.afterDueDate, shrink: request.shrink, submittedAt: job.submission.submittedAt, group: groupOf(job.submission) }));

  const progress = request.progress(todo.length);
  const failed: string[] = [];
  let graded = 0;
  try {
    await forEachConcurrently(todo, request.jobs, async (submission) => {
      const { student } = submission;
      progress.started(student);
      try {
        const results = await gradeOne({ submission, out: outOf(submission), studentSeed: seedOf(submission) });
        for (const partner of submission.partners) {
          // The pages the report links go first: results.json, written last, says the partner is done.
          await copyStepPages(outOf(submission), outOf(partner));
          await writeStudentResults(outOf(partner), { ...results, student: partner.student }, { afterDueDate: request.afterDueDate });
        }
        graded += 1;
        progress.graded(student, results);
      } catch (error) {
        failed.push(...membersOf(submission).map((member) => member.student));
        progress.failed(student, error);
      }
    });
  } finally {
    compiler.dispose();
  }
  progress.done();
  // Students this run did not grade whose late work changed (a new --due, new extensions): their files drawn again.
  for (const submission of submissions) {
    if (todo.includes(submission)) continue;
    for (const member of membersOf(submission)) {
      const results = redrawLate.has(member.outFolder) ? currentResults(submission, member) : undefined;
      if (results !== undefined) await writeStudentResults(outOf(member), results, { afterDueDate: request.afterDueDate });
    }
  }

  // Rebuilt from the files, not from this run's results: a resumed batch covers the students of earlier runs too.
  const students: GradedStudent[] = [];
  const ungraded: string[] = [];
  for (const submission of submissions) {
    for (const member of membersOf(submission)) {
      const results = currentResults(submission, member);
      if (results !== undefined) students.push(gradedStudentIn(request.out, member.outFolder, results));
      else ungraded.push(member.student);
    }
  }
  const { id, title, parts } = assignment.manifest;
  const roster = rosterGiven === undefined ? undefined : joinRoster(rosterGiven, submissions.flatMap(membersOf).map((member) => member.student));
  const { csvFile, summaryFile } = await writeClassFiles({ out: request.out, assignment: { id, title }, parts, students, ungraded, failed: failed.sort(), roster });
  return { submissions: submissions.length, graded, alreadyGraded: submissions.length - todo.length, failed, csvFile, summaryFile };
}
