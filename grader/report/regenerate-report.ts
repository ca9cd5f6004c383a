import { readFile } from 'fs/promises';
import * as path from 'path';
import { VmlabError } from '../../reference/errors';
import { vmlabResultsIn, vmlabResultsProblems } from '../results/read-graded-results';
import { describeFsError } from '../../io/fs-errors';
import { writeFileAtomically } from '../../io/write-file-atomically';
import { SubmissionResults } from '../results/submission-results';
import { renderStudentReport } from './render-student-report';
import { STORED_COMMENTS_FILE, parseTaComments } from './ta-comments';
import { readKeptExtras, reportExtras } from './kept-extras';

export interface RegenerateReportRequest {
  readonly resultsFile: string;
  readonly commentsFile?: string;
  /** Default: report.html beside the results. */
  readonly out?: string;
  readonly afterDueDate: boolean;
}

/**
 * Render a student's report from the results.json a grading wrote (vmlab
 * keeps everything under extra_data.vmlab), with the TA comments and
 * adjustments and late work kept beside it, and write it atomically. A new comments file is
 * checked against the results, then kept beside them as comments.md (in
 * place of the one there), so every later redraw and regrade draws it.
 * Returns the file written. Every failure names the file, before anything is
 * written.
 */
export async function regenerateReport(request: RegenerateReportRequest): Promise<string> {
  const results = resultsOf(await readText(request.resultsFile, 'results'), request.resultsFile);
  const studentDir = path.dirname(request.resultsFile);
  const keptComments = path.join(studentDir, STORED_COMMENTS_FILE);
  if (request.commentsFile !== undefined) {
    const text = await readText(request.commentsFile, 'comments');
    parseTaComments(text, results.tests, request.commentsFile);
    if (path.resolve(request.commentsFile) !== path.resolve(keptComments)) await writeOrSay(keptComments, text, 'keep the comments');
  }
  const kept = readKeptExtras(studentDir, results);
  const out = request.out ?? defaultReportFile(request.resultsFile);
  const html = renderStudentReport(kept.final, { afterDueDate: request.afterDueDate, ...reportExtras(kept, results) });
  await writeOrSay(out, html, 'write the report');
  return out;
}

async function writeOrSay(file: string, text: string, what: string): Promise<void> {
  try {
    await writeFileAtomically(file, text);
  } catch (error) {
    throw error instanceof VmlabError ? error : new VmlabError('IO', `${file}: cannot ${what}: ${describeFsError(error)}`);
  }
}

/** Where the report goes without --out: report.html beside the results. */
export function defaultReportFile(resultsFile: string): string {
  return path.join(path.dirname(resultsFile), 'report.html');
}

async function readText(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new VmlabError('IO', `${file}: cannot read the ${what}: ${describeFsError(error)}`);
  }
}

/** The results vmlab wrote, or an error saying why this file is not that. */
export function resultsOf(text: string, file: string): SubmissionResults {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new VmlabError('INPUT_INVALID', `${file}: not JSON: ${(error as Error).message}`);
  }
  const problems = vmlabResultsProblems(parsed);
  if (problems.length > 0) {
    const shown = problems.slice(0, 3).join('; ') + (problems.length > 3 ? `; and ${problems.length - 3} more` : '');
    throw new VmlabError('INPUT_INVALID', `${file}: not a results.json written by vmlab grade (${shown})`);
  }
  return vmlabResultsIn(parsed)!;
}
