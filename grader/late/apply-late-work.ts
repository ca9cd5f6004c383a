import { SubmissionResults } from '../results/submission-results';
import { Extension, mostGenerous } from './extension';
import { lateness, Lateness, LateTerms } from './lateness';
import { LateWork } from './late-work-file';

/** Lateness as applied to one student's results, with the terms it was applied under. */
export interface LateApplied {
  readonly terms: LateTerms;
  readonly lateness: Lateness;
}

/** Everyone a submission belongs to: the members of its group (results.group), else its student. */
export function membersOf(results: SubmissionResults): readonly string[] {
  return results.group !== undefined && results.group.length > 0 ? results.group : [results.student];
}

/** The late work a student's folder keeps: the class's policy and the one extension that applies to their submission. */
export function lateWorkFor(late: LateWork, members: readonly string[]): LateWork {
  const extension = mostGenerous(late.policy, members, late.extensions);
  return { policy: late.policy, extensions: extension === undefined ? [] : [extension] };
}

/**
 * The results with the late policy applied on top of the score given (the
 * grading's, after the staff's adjustments): only the total moves; the parts
 * and tests keep their points. No late work: the results as they are.
 */
export function applyLateWork(results: SubmissionResults, late: LateWork | undefined): { readonly results: SubmissionResults; readonly late?: LateApplied } {
  if (late === undefined) return { results };
  const extension: Extension | undefined = mostGenerous(late.policy, membersOf(results), late.extensions);
  const terms: LateTerms = { policy: late.policy, ...(extension === undefined ? {} : { extension }) };
  const applied = lateness(results.score, results.maxScore, results.submittedAt, terms);
  return { results: applied.after === results.score ? results : { ...results, score: applied.after }, late: { terms, lateness: applied } };
}
