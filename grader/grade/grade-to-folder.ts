import { existsSync, statSync } from 'fs';
import { mkdir, mkdtemp, rm } from 'fs/promises';
import { tmpdir } from 'os';
import * as path from 'path';
import { VmlabError } from '../../reference/errors';
import { loadAssignment } from '../assignment/load-assignment';
import { writeFileAtomically } from '../cli/write-file-atomically';
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
  const assignment = loadAssignment(request.assignmentDir);
  if (!existsSync(request.submission) || !statSync(request.submission).isDirectory()) {
    throw new VmlabError('IO', `${request.submission}: not a folder (a submission is a folder with the student files at their handout paths)`);
  }
  const workDir = await mkdtemp(path.join(tmpdir(), 'vmlab-grade-'));
  try {
    const results = await gradeSubmission({
      repoRoot: vmlabRoot(),
      assignment,
      submissionDir: path.resolve(request.submission),
      student: request.student ?? path.basename(path.resolve(request.submission)),
      studentSeed: request.seed,
      workDir,
      reference: new ReferenceObservations(),
    });
    await mkdir(request.out, { recursive: true });
    const options = { afterDueDate: request.afterDueDate };
    await writeFileAtomically(path.join(request.out, 'results.json'), JSON.stringify(gradescopeResults(results, options), null, 1) + '\n');
    await writeFileAtomically(path.join(request.out, 'report.html'), renderStudentReport(results, options));
    return results;
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
