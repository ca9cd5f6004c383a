import { existsSync, readFileSync } from 'fs';
import * as path from 'path';
import { VmlabError } from '../../reference/errors';
import { describeFsError } from '../../io/fs-errors';
import { AdjustedResults, applyAdjustments } from '../adjustments/apply-adjustments';
import { readStoredAdjustments } from '../adjustments/stored-adjustments';
import { SubmissionResults } from '../results/submission-results';
import { applyLateWork, LateApplied } from '../late/apply-late-work';
import { readLateWork } from '../late/late-work-file';
import { NO_COMMENTS, STORED_COMMENTS_FILE, TaComments, parseTaComments } from './ta-comments';

/** What the staff added to a student's grading, kept in their folder beside results.json: drawn into every report. */
export interface KeptExtras {
  readonly comments: TaComments;
  readonly adjusted: AdjustedResults;
  /** The late policy kept in the folder (late-work.json) as applied to the adjusted score; absent without one. */
  readonly late?: LateApplied;
  /** What every output shows: the adjusted results, then lateness taken off their score. */
  readonly final: SubmissionResults;
}

/**
 * The TA comments (comments.md), adjustments (adjustments.json) and late
 * work (late-work.json) kept in a student's folder, read against their
 * results: the comments parsed, the adjustments applied, then the late
 * policy on the adjusted score. No file: no comments, the raw scores. A kept
 * file that no longer fits the results (a heading naming a test a suite fix
 * removed) is refused with its file and line.
 */
export function readKeptExtras(studentOut: string, results: SubmissionResults): KeptExtras {
  const commentsFile = path.join(studentOut, STORED_COMMENTS_FILE);
  let comments = NO_COMMENTS;
  if (existsSync(commentsFile)) {
    let text: string;
    try {
      text = readFileSync(commentsFile, 'utf8');
    } catch (error) {
      throw new VmlabError('IO', `${commentsFile}: cannot read the kept comments: ${describeFsError(error)}`);
    }
    comments = parseTaComments(text, results.tests, commentsFile);
  }
  const adjusted = applyAdjustments(results, readStoredAdjustments(studentOut));
  const late = applyLateWork(adjusted.results, readLateWork(studentOut));
  return { comments, adjusted, ...(late.late === undefined ? {} : { late: late.late }), final: late.results };
}

/** What the student's report is drawn with beside the final results: the comments, the adjustments, the lateness. */
export function reportExtras(kept: KeptExtras, results: SubmissionResults) {
  return { comments: kept.comments, adjustments: { rawScore: results.score, applied: kept.adjusted.applied }, ...(kept.late === undefined ? {} : { late: kept.late }) };
}
