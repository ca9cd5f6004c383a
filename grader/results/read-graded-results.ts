import { readFileSync } from 'fs';
import * as path from 'path';
import { SubmissionResults } from './submission-results';
import { submissionResultsProblems } from './results-schema';

/**
 * A student's results read back from OUT/<student>/results.json (vmlab keeps
 * them whole under extra_data.vmlab), or undefined when the file is missing,
 * half there or not vmlab's: that student is not graded yet. This is the
 * batch's commit point, so a re-run regrades exactly the students for whom
 * this returns undefined.
 */
export function readGradedResults(studentOut: string): SubmissionResults | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path.join(studentOut, 'results.json'), 'utf8'));
  } catch {
    return undefined;
  }
  return vmlabResultsIn(parsed);
}

/** The SubmissionResults vmlab keeps under extra_data.vmlab of a parsed results.json, or undefined when they are not whole there. */
export function vmlabResultsIn(parsed: unknown): SubmissionResults | undefined {
  return vmlabResultsProblems(parsed).length === 0 ? (parsed as { extra_data: { vmlab: SubmissionResults } }).extra_data.vmlab : undefined;
}

/** Why a parsed results.json holds no whole SubmissionResults under extra_data.vmlab, as `path: problem` lines (none: it does). */
export function vmlabResultsProblems(parsed: unknown): string[] {
  const results = (parsed as { extra_data?: { vmlab?: unknown } } | null)?.extra_data?.vmlab;
  if (results === undefined) return ['extra_data.vmlab: missing'];
  return submissionResultsProblems(results).map((problem) => `extra_data.vmlab${problem.startsWith('(top level)') ? problem.slice('(top level)'.length) : `.${problem}`}`);
}
