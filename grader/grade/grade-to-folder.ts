import { existsSync, statSync } from 'fs';
import { mkdir, mkdtemp, rm } from 'fs/promises';
import { tmpdir } from 'os';
import * as path from 'path';
import { VmlabError } from '../../reference/errors';
import { LoadedAssignment, loadAssignment } from '../assignment/load-assignment';
import { writeFileAtomically } from '../cli/write-file-atomically';
import { SubmissionCompiler } from '../compile/compile-submission';
import { renderStudentReport } from '../report/render-student-report';
import { gradescopeResults } from '../results/gradescope-results';
import { SubmissionResults } from '../results/submission-results';
import { vmlabRoot } from '../vmlab-root';
import { gradeSubmission } from './grade-submission';
import { ReferenceObservations } from './reference-observations';

export interface GradeToFolderRequest {
  readonly assignmentDir: string;
  readonly submission: string;
  readonly out: string;
  readonly student?: string;
  readonly seed?: number;
  readonly afterDueDate: boolean;
}

/** Grade one submission and write its results.json and report.html, each atomically. */
export async function gradeToFolder(request: GradeToFolderRequest): Promise<SubmissionResults> {
  const compiler = submissionCompiler(loadAssignment(request.assignmentDir));
  try {
    return await gradeLoadedToFolder({ ...request, compiler, reference: new ReferenceObservations() });
  } finally {
    compiler.dispose();
  }
}

/** The compiler grading uses: over the students' handout, the substrate written once and shared by the builds (dispose() when done). */
export function submissionCompiler(assignment: LoadedAssignment): SubmissionCompiler {
  return new SubmissionCompiler({ repoRoot: vmlabRoot(), assignment, shareSubstrate: true });
}

export interface GradeLoadedToFolderRequest {
  /** Made once per batch (submissionCompiler): every student of a class is compiled over the same handout. */
  readonly compiler: SubmissionCompiler;
  /** Shared across a batch, so the reference runs each test input once. */
  readonly reference: ReferenceObservations;
  readonly submission: string;
  readonly out: string;
  readonly student?: string;
  readonly seed?: number;
  readonly afterDueDate: boolean;
}

/** gradeToFolder with the assignment already loaded and the reference cache given: what a batch calls per student. */
export async function gradeLoadedToFolder(request: GradeLoadedToFolderRequest): Promise<SubmissionResults> {
  if (!existsSync(request.submission) || !statSync(request.submission).isDirectory()) {
    throw new VmlabError('IO', `${request.submission}: not a folder (a submission is a folder with the student files at their handout paths)`);
  }
  const workDir = await mkdtemp(path.join(tmpdir(), 'vmlab-grade-'));
  try {
    const results = await gradeSubmission({
      compiler: request.compiler,
      submissionDir: path.resolve(request.submission),
      student: request.student ?? path.basename(path.resolve(request.submission)),
      studentSeed: request.seed,
      workDir,
      reference: request.reference,
    });
    await writeStudentResults(request.out, results, { afterDueDate: request.afterDueDate });
    return results;
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/**
 * Write a student's report.html, then results.json, each atomically.
 * results.json goes last because it is the commit point of a batch: a student
 * whose results.json exists and parses is done (grader/batch/read-graded-results.ts),
 * so it must never exist without its report.
 */
export async function writeStudentResults(out: string, results: SubmissionResults, options: { readonly afterDueDate: boolean }): Promise<void> {
  await mkdir(out, { recursive: true });
  await writeFileAtomically(path.join(out, 'report.html'), renderStudentReport(results, options));
  await writeFileAtomically(path.join(out, 'results.json'), JSON.stringify(gradescopeResults(results, options), null, 1) + '\n');
}
