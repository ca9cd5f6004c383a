import { copyFileSync, existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { SubmissionCompiler } from '../compile/compile-submission';
import { GoldenObservations, goldenTests } from '../grade/golden-observations';
import { gradeSubmission } from '../grade/grade-submission';
import { SubmissionResults } from '../results/submission-results';
import { writeStudentResults } from '../report/write-student-results';
import { handoutOnDisk } from './handout-on-disk';
import { loadPublicAssignment } from './load-public-assignment';

/** Who the report is for: the student running it. */
const STUDENT = 'you';

/**
 * Grade a handout's student files against its public suite with the
 * grader's own pipeline: the same compile step over the handout, the same
 * sandboxed child, the same judging, the same results and report, written
 * into `out`. Only the expected side differs: the handout holds no reference
 * solution to run, so the observations the goldens recorded from it stand in.
 */
export async function gradePublicSuite(handoutRoot: string, out: string): Promise<SubmissionResults> {
  const { assignment, goldens } = loadPublicAssignment(handoutRoot);
  const { studentFiles } = assignment.manifest;
  const compiler = new SubmissionCompiler({ repoRoot: handoutRoot, assignment, handout: handoutOnDisk(handoutRoot, studentFiles) });
  const workDir = realpathSync(mkdtempSync(path.join(tmpdir(), 'vmlab-report-')));
  try {
    const submissionDir = path.join(workDir, 'submission');
    copyStudentFiles(handoutRoot, studentFiles, submissionDir);
    const results = await gradeSubmission({
      compiler,
      submissionDir,
      student: STUDENT,
      tests: goldenTests(goldens),
      workDir: path.join(workDir, 'work'),
      reference: new GoldenObservations(goldens),
    });
    await writeStudentResults(out, results, { afterDueDate: false });
    return results;
  } finally {
    compiler.dispose();
    rmSync(workDir, { recursive: true, force: true });
  }
}

/** What the student would hand in: the student files alone, at their handout paths (a missing one stays missing). */
function copyStudentFiles(handoutRoot: string, studentFiles: readonly string[], submissionDir: string): void {
  mkdirSync(submissionDir, { recursive: true });
  for (const file of studentFiles) {
    const source = path.join(handoutRoot, file);
    if (!existsSync(source)) continue;
    const target = path.join(submissionDir, file);
    mkdirSync(path.dirname(target), { recursive: true });
    copyFileSync(source, target);
  }
}
