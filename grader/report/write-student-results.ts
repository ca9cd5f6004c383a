import { mkdir } from 'fs/promises';
import * as path from 'path';
import { writeFileAtomically } from '../../io/write-file-atomically';
import { renderStudentReport } from './render-student-report';
import { gradescopeResults } from '../results/gradescope-results';
import { gradescopeJson } from '../results/gradescope-size-limit';
import { SubmissionResults } from '../results/submission-results';
import { caseFileName, caseFileText, CASE_FORMAT } from '../cases/case-file';
import { GradescopeResults } from '../results/gradescope-types';
import { AdjustedResults } from '../adjustments/apply-adjustments';
import { readKeptExtras, reportExtras, scoreChangeNotes } from './kept-extras';

/**
 * Write a student's report.html, then results.json, each atomically.
 * results.json goes last because it is the commit point of a batch: a student
 * whose results.json exists and parses is done (grader/results/read-graded-results.ts),
 * so it must never exist without its report. The TA comments and adjustments
 * and the late work kept in `out` (kept-extras.ts) are drawn in, so a regrade
 * or a redraw keeps them: the report shows the final scores and what changed
 * them, and results.json's Gradescope score is the final one (the tests keep
 * their adjusted points); extra_data.vmlab keeps the raw grading.
 * Returns the results as adjusted.
 */
export async function writeStudentResults(out: string, results: SubmissionResults, options: { readonly afterDueDate: boolean }): Promise<AdjustedResults> {
  await mkdir(out, { recursive: true });
  const kept = readKeptExtras(out, results);
  await writeShrunkCases(out, results);
  await writeFileAtomically(path.join(out, 'report.html'), renderStudentReport(kept.final, { ...options, ...reportExtras(kept, results) }));
  await writeFileAtomically(path.join(out, 'results.json'), gradescopeJson(withRawGrading(gradescopeResults(kept.final, { ...options, scoreNotes: scoreChangeNotes(kept, results) }), results)));
  return kept.adjusted;
}

/** Gradescope's scores adjusted, extra_data.vmlab's the grading's own (whatever the size limit left of the rest of it). */
function withRawGrading(adjusted: GradescopeResults, raw: SubmissionResults): GradescopeResults {
  if (adjusted.extra_data.vmlab === raw) return adjusted;
  return { ...adjusted, extra_data: { ...adjusted.extra_data, vmlab: { ...adjusted.extra_data.vmlab, score: raw.score, parts: raw.parts, tests: raw.tests } } };
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
