import { mkdir } from 'fs/promises';
import * as path from 'path';
import { writeFileAtomically } from '../../io/write-file-atomically';
import { renderStudentReport } from './render-student-report';
import { gradescopeResults } from '../results/gradescope-results';
import { gradescopeJson } from '../results/gradescope-size-limit';
import { SubmissionResults } from '../results/submission-results';
import { caseFileName, caseFileText, CASE_FORMAT } from '../cases/case-file';

/**
 * Write a student's report.html, then results.json, each atomically.
 * results.json goes last because it is the commit point of a batch: a student
 * whose results.json exists and parses is done (grader/results/read-graded-results.ts),
 * so it must never exist without its report.
 */
export async function writeStudentResults(out: string, results: SubmissionResults, options: { readonly afterDueDate: boolean }): Promise<void> {
  await mkdir(out, { recursive: true });
  await writeShrunkCases(out, results);
  await writeFileAtomically(path.join(out, 'report.html'), renderStudentReport(results, options));
  await writeFileAtomically(path.join(out, 'results.json'), gradescopeJson(gradescopeResults(results, options)));
}

/** Where a student's shrunk cases go, beside results.json: one file per failing visible test, for `npm run case`. */
export const CASES_FOLDER = 'cases';

/** Each shrunk case (only visible tests have one) as a case file under out/cases/. */
async function writeShrunkCases(out: string, results: SubmissionResults): Promise<void> {
  for (const test of results.tests) {
    const shrunk = test.failure?.kind === 'difference' && test.visibility === 'visible' ? test.failure.shrunk : undefined;
    if (shrunk === undefined) continue;
    await mkdir(path.join(out, CASES_FOLDER), { recursive: true });
    const text = caseFileText({ format: CASE_FORMAT, test: { id: test.id, title: test.title }, check: test.check, probe: shrunk.probe, ...(shrunk.expected === undefined ? {} : { expected: shrunk.expected }), shrunkFrom: { parts: shrunk.originalParts, partName: shrunk.partName } });
    await writeFileAtomically(path.join(out, CASES_FOLDER, caseFileName(test.id)), text);
  }
}
