import { existsSync, statSync } from 'fs';
import { mkdir, mkdtemp, rm } from 'fs/promises';
import { tmpdir } from 'os';
import * as path from 'path';
import { VmlabError } from '../../reference/errors';
import { loadAssignment } from '../../assignments/framework/load-assignment';
import { LoadedAssignment } from '../../assignments/framework/loaded-assignment';
import { SubmissionCompiler } from '../compile/compile-submission';
import { handoutFiles } from '../handout/handout-layout';
import { SubmissionResults } from '../results/submission-results';
import { writeStudentResults } from '../report/write-student-results';
import { vmlabRoot } from '../../io/vmlab-root';
import { assignmentTests } from './assignment-tests';
import { buildPlace, gradeSubmission } from './grade-submission';
import { writeStepPages } from './step-pages';
import { ReferenceObservations } from './reference-observations';
import { ReferenceVerdicts } from '../../observe/shrink/reference-verdicts';
import { misconceptionsOf } from '../../assignments/framework/misconceptions';
import { checkSubmissionFolder } from '../compile/submission-layout';
import { LateWorkOptions, resolveLateWork } from '../late/resolve-late-work';
import { readLateWork, storeLateWork } from '../late/late-work-file';
import { lateWorkFor } from '../late/apply-late-work';
import { Extension } from '../late/extension';
import { newestStudentFileTime } from '../late/submitted-time';

export interface GradeToFolderRequest {
  readonly assignmentDir: string;
  readonly submission: string;
  readonly out: string;
  readonly student?: string;
  readonly seed?: number;
  readonly afterDueDate: boolean;
  /** Shrink each failing visible test's case (GradeRequest.shrink); default true. `vmlab grade --no-shrink` turns it off for speed. */
  readonly shrink?: boolean;
  /** Told when the submission holds none of the student files (it is graded all the same); `vmlab grade` prints it. */
  readonly warn?: (warning: string) => void;
  /** The late policy and extensions the command line gives (over those kept in OUT, over the manifest's). */
  readonly late?: LateWorkOptions;
  /** When the submission was made (ISO 8601), from its source (Gradescope's submission metadata); absent: see submittedTimeFromFiles. */
  readonly submittedAt?: string;
  /** Without a submittedAt, date the submission by its student files' newest modification time (--submitted-time file). */
  readonly submittedTimeFromFiles?: boolean;
  /** An extension the platform granted this student (Gradescope's own due date for them), applied with the policy. */
  readonly platformExtension?: Extension;
  /** The due date the platform gives (Gradescope's assignment due date): it replaces the manifest's (the command line's --due still wins). */
  readonly platformDue?: string;
}

/**
 * Grade one submission and write its results.json and report.html, each
 * atomically. A folder that looks like a class (checkSubmissionFolder) is
 * refused before grading. The late policy in force (and the student's
 * extension) is kept as OUT/late-work.json and applied to the score.
 */
export async function gradeToFolder(request: GradeToFolderRequest): Promise<SubmissionResults> {
  const assignment = loadAssignment(request.assignmentDir);
  const warning = checkSubmissionFolder(request.submission, assignment.manifest.studentFiles);
  if (warning !== undefined) request.warn?.(warning);
  const student = request.student ?? path.basename(path.resolve(request.submission));
  const late = resolveLateWork(request.late ?? { settings: {} }, readLateWork(request.out), { settings: assignment.manifest.late, file: path.join(assignment.dir, 'assignment.json') }, request.platformDue);
  if (late === undefined && request.platformExtension !== undefined) request.warn?.('the platform gives this student an extension, but there is no late policy: not applied');
  const own = late === undefined ? undefined : lateWorkFor({ ...late, extensions: [...late.extensions, ...(request.platformExtension === undefined ? [] : [{ ...request.platformExtension, student }])] }, [student]);
  // OUT is written only once the submission is known to be there: a refused command leaves nothing behind.
  checkIsFolder(request.submission);
  if (own !== undefined) await mkdir(request.out, { recursive: true });
  await storeLateWork(request.out, own);
  const submittedAt = request.submittedAt ?? (request.submittedTimeFromFiles === true ? newestStudentFileTime(request.submission, assignment.manifest.studentFiles) : undefined);
  const compiler = submissionCompiler(assignment);
  try {
    return await gradeLoadedToFolder({ ...request, student, submittedAt, assignment, compiler, reference: new ReferenceObservations() });
  } finally {
    compiler.dispose();
  }
}

function checkIsFolder(submission: string): void {
  if (!existsSync(submission) || !statSync(submission).isDirectory()) {
    throw new VmlabError('IO', `${submission}: not a folder (a submission is a folder with the student files at their handout paths)`);
  }
}

/** The compiler grading uses: over the students' handout, the substrate written once and shared by the builds (dispose() when done). */
export function submissionCompiler(assignment: LoadedAssignment): SubmissionCompiler {
  const repoRoot = vmlabRoot();
  return new SubmissionCompiler({ repoRoot, assignment, handout: handoutFiles(repoRoot, assignment, 'stubs'), shareSubstrate: true });
}

export interface GradeLoadedToFolderRequest {
  readonly assignment: LoadedAssignment;
  /** Made once per batch (submissionCompiler): every student of a class is compiled over the same handout. */
  readonly compiler: SubmissionCompiler;
  /** Shared across a batch, so the reference runs each test input once. */
  readonly reference: ReferenceObservations;
  readonly submission: string;
  readonly out: string;
  readonly student?: string;
  readonly seed?: number;
  readonly afterDueDate: boolean;
  /** As GradeToFolderRequest.shrink: default true. */
  readonly shrink?: boolean;
  /** When the submission was made (ISO 8601), kept in the results for late work; absent: not known. */
  readonly submittedAt?: string;
  /** Everyone a group submission belongs to, kept in the results (late work gives a group its most generous extension). */
  readonly group?: readonly string[];
}

/** gradeToFolder with the assignment already loaded and the reference cache given: what a batch calls per student. */
export async function gradeLoadedToFolder(request: GradeLoadedToFolderRequest): Promise<SubmissionResults> {
  checkIsFolder(request.submission);
  const workDir = await mkdtemp(path.join(tmpdir(), 'vmlab-grade-'));
  try {
    const tests = assignmentTests(request.assignment, request.seed);
    const graded = await gradeSubmission({
      compiler: request.compiler,
      submissionDir: path.resolve(request.submission),
      student: request.student ?? path.basename(path.resolve(request.submission)),
      tests,
      studentSeed: request.seed,
      workDir,
      reference: request.reference,
      ...(request.shrink === false ? {} : { shrink: { misconceptions: misconceptionsOf(request.assignment.manifest.id), rules: request.assignment.manifest.rules ?? [], verdicts: () => new ReferenceVerdicts() } }),
    });
    // Made from the build the grading ran, before workDir goes; they only add links (or why not) to the results.
    const dated = { ...graded, ...(request.submittedAt === undefined ? {} : { submittedAt: request.submittedAt }), ...(request.group === undefined ? {} : { group: request.group }) };
    const results = await writeStepPages({ place: buildPlace(request.compiler, workDir), tests, results: dated, out: request.out });
    await writeStudentResults(request.out, results, { afterDueDate: request.afterDueDate });
    return results;
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
