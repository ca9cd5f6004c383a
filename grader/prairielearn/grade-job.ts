import { existsSync, mkdirSync, statSync } from 'fs';
import { mkdtemp, rm } from 'fs/promises';
import { tmpdir } from 'os';
import * as path from 'path';
import { gradeToFolder } from '../grade/grade-to-folder';
import { writeFileAtomically } from '../../io/write-file-atomically';
import { PrairieLearnResults, prairieLearnResults, ungradable } from './prairielearn-results';

/** The environment variable that replaces /grade (for testing the entrypoint in a folder laid out like it). */
export const ROOT_VARIABLE = 'VMLAB_PRAIRIELEARN_ROOT';

/**
 * One PrairieLearn grading job: grade `<root>/student` (the uploaded files,
 * flat) against the assignment and write `<root>/results/results.json`,
 * atomically. Whatever happens (no upload, nothing compiles, a grader
 * failure, the watchdog), a results.json is written: a failure of the grader
 * is not gradable, so it costs the student no attempt.
 */
export async function runGradeJob(assignmentDir: string, root: string): Promise<PrairieLearnResults> {
  const resultsFile = path.join(root, 'results', 'results.json');
  mkdirSync(path.dirname(resultsFile), { recursive: true });
  let results: PrairieLearnResults;
  try {
    results = await gradeUpload(assignmentDir, path.join(root, 'student'));
  } catch (error) {
    process.stderr.write(`vmlab grade job: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    results = graderFailed(error instanceof Error ? error.message : String(error));
  }
  await writeFileAtomically(resultsFile, JSON.stringify(results));
  return results;
}

async function gradeUpload(assignmentDir: string, student: string): Promise<PrairieLearnResults> {
  if (!existsSync(student) || !statSync(student).isDirectory()) return ungradable(['No files were uploaded.'], 'Nothing to grade: upload your files and submit again.');
  const out = await mkdtemp(path.join(tmpdir(), 'vmlab-prairielearn-'));
  try {
    // PrairieLearn has no per-test release date: after_due_date tests stay withheld (prairieLearnResults).
    return prairieLearnResults(await gradeToFolder({ assignmentDir, submission: student, out, student: 'submission', afterDueDate: false }));
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

/** Results saying the grader itself failed: not the student's fault, so not gradable. */
export function graderFailed(why: string): PrairieLearnResults {
  return ungradable([`The autograder failed: ${why.slice(0, 2000)}`], 'The autograder failed on this submission, which costs no attempt. Please tell the course staff.');
}
