import { mkdir } from 'fs/promises';
import * as path from 'path';
import { writeFileAtomically } from '../../io/write-file-atomically';
import { renderStudentReport } from './render-student-report';
import { gradescopeResults } from '../results/gradescope-results';
import { SubmissionResults } from '../results/submission-results';

/**
 * Write a student's report.html, then results.json, each atomically.
 * results.json goes last because it is the commit point of a batch: a student
 * whose results.json exists and parses is done (grader/results/read-graded-results.ts),
 * so it must never exist without its report.
 */
export async function writeStudentResults(out: string, results: SubmissionResults, options: { readonly afterDueDate: boolean }): Promise<void> {
  await mkdir(out, { recursive: true });
  await writeFileAtomically(path.join(out, 'report.html'), renderStudentReport(results, options));
  await writeFileAtomically(path.join(out, 'results.json'), JSON.stringify(gradescopeResults(results, options), null, 1) + '\n');
}
