import { readFile } from 'fs/promises';
import * as path from 'path';
import { VmlabError } from '../../reference/errors';
import { vmlabResultsIn, vmlabResultsProblems } from '../results/read-graded-results';
import { describeFsError } from '../../io/fs-errors';
import { writeFileAtomically } from '../../io/write-file-atomically';
import { SubmissionResults } from '../results/submission-results';
import { renderStudentReport } from './render-student-report';
import { NO_COMMENTS, TaComments, parseTaComments } from './ta-comments';

export interface RegenerateReportRequest {
  readonly resultsFile: string;
  readonly commentsFile?: string;
  /** Default: report.html beside the results. */
  readonly out?: string;
  readonly afterDueDate: boolean;
}

/**
 * Render a student's report from the results.json a grading wrote (vmlab
 * keeps everything under extra_data.vmlab), merging TA comments, and write it
 * atomically. Returns the file written. Every failure names the file.
 */
export async function regenerateReport(request: RegenerateReportRequest): Promise<string> {
  const results = resultsOf(await readText(request.resultsFile, 'results'), request.resultsFile);
  const comments: TaComments =
    request.commentsFile === undefined
      ? NO_COMMENTS
      : parseTaComments(await readText(request.commentsFile, 'comments'), results.tests, request.commentsFile);
  const out = request.out ?? defaultReportFile(request.resultsFile);
  const html = renderStudentReport(results, { afterDueDate: request.afterDueDate, comments });
  try {
    await writeFileAtomically(out, html);
  } catch (error) {
    throw error instanceof VmlabError ? error : new VmlabError('IO', `${out}: cannot write the report: ${describeFsError(error)}`);
  }
  return out;
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
function resultsOf(text: string, file: string): SubmissionResults {
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
