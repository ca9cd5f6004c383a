import { readFileSync } from 'fs';
import * as path from 'path';
import { SubmissionResults } from '../results/submission-results';

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
  const results = (parsed as { extra_data?: { vmlab?: Partial<SubmissionResults> } } | null)?.extra_data?.vmlab;
  const complete =
    typeof results?.student === 'string' &&
    typeof results.score === 'number' &&
    typeof results.maxScore === 'number' &&
    Array.isArray(results.parts) &&
    Array.isArray(results.tests) &&
    Array.isArray(results.compile);
  return complete ? (results as SubmissionResults) : undefined;
}
