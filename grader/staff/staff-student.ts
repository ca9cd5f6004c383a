import { SubmissionResults } from '../results/submission-results';

/** A graded student as the staff views read them: the results (adjusted, as the summary shows them) and their folder under OUT. */
export interface StaffStudent {
  readonly results: SubmissionResults;
  readonly outFolder: string;
}
