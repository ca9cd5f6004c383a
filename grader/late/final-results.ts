import { AdjustedResults, applyAdjustments } from '../adjustments/apply-adjustments';
import { readStoredAdjustments } from '../adjustments/stored-adjustments';
import { SubmissionResults } from '../results/submission-results';
import { applyLateWork, LateApplied } from './apply-late-work';
import { readLateWork } from './late-work-file';

/** A student's results as every output counts them, with the steps that made them. */
export interface FinalResults {
  readonly adjusted: AdjustedResults;
  /** The late policy kept in the folder as applied to the adjusted score; absent without one. */
  readonly late?: LateApplied;
  /** The adjusted results, then lateness taken off their score. */
  readonly final: SubmissionResults;
}

/**
 * The grading's results with what the staff kept in the student's folder
 * (OUT/<student>/) applied, in this order: the adjustments (adjustments.json),
 * then the late work (late-work.json) on the adjusted score. Reports,
 * grades.csv, the summary and the gradebook exports all count this way.
 */
export function finalResultsIn(studentOut: string, results: SubmissionResults): FinalResults {
  const adjusted = applyAdjustments(results, readStoredAdjustments(studentOut));
  const late = applyLateWork(adjusted.results, readLateWork(studentOut));
  return { adjusted, ...(late.late === undefined ? {} : { late: late.late }), final: late.results };
}
