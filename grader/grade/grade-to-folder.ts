import { existsSync, statSync } from 'fs';
import { mkdtemp, rm } from 'fs/promises';
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
}

/**
 * Grade one submission and write its results.json and report.html, each
 * atomically. A folder that looks like a class (checkSubmissionFolder) is
 * refused before grading.
 */
export async function gradeToFolder(request: GradeToFolderRequest): Promise<SubmissionResults> {
  const assignment = loadAssignment(request.assignmentDir);
  const warning = checkSubmissionFolder(request.submission, assignment.manifest.studentFiles);
  if (warning !== undefined) request.warn?.(warning);
  const compiler = submissionCompiler(assignment);
  try {
    return await gradeLoadedToFolder({ ...request, assignment, compiler, reference: new ReferenceObservations() });
  } finally {
    compiler.dispose();
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
}

/** gradeToFolder with the assignment already loaded and the reference cache given: what a batch calls per student. */
export async function gradeLoadedToFolder(request: GradeLoadedToFolderRequest): Promise<SubmissionResults> {
  if (!existsSync(request.submission) || !statSync(request.submission).isDirectory()) {
    throw new VmlabError('IO', `${request.submission}: not a folder (a submission is a folder with the student files at their handout paths)`);
  }
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
    const dated = request.submittedAt === undefined ? graded : { ...graded, submittedAt: request.submittedAt };
    const results = await writeStepPages({ place: buildPlace(request.compiler, workDir), tests, results: dated, out: request.out });
    await writeStudentResults(request.out, results, { afterDueDate: request.afterDueDate });
    return results;
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
