import { existsSync, readFileSync } from 'fs';
import * as path from 'path';
import { VmlabError } from '../../reference/errors';
import { describeFsError } from '../../io/fs-errors';
import { SubmissionResults } from '../results/submission-results';
import { FinalResults, finalResultsIn } from '../late/final-results';
import { NO_COMMENTS, STORED_COMMENTS_FILE, TaComments, parseTaComments } from './ta-comments';

/** What the staff added to a student's grading, kept in their folder beside results.json: drawn into every report. */
export interface KeptExtras extends FinalResults {
  readonly comments: TaComments;
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
  return { comments, ...finalResultsIn(studentOut, results) };
}

/** What the student's report is drawn with beside the final results: the comments, the adjustments, the lateness. */
export function reportExtras(kept: KeptExtras, results: SubmissionResults) {
  return { comments: kept.comments, adjustments: { rawScore: results.score, applied: kept.adjusted.applied }, ...(kept.late === undefined ? {} : { late: kept.late }) };
}
