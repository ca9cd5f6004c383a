import { existsSync, readFileSync } from 'fs';
import * as path from 'path';
import { VmlabError } from '../../reference/errors';
import { describeFsError } from '../../io/fs-errors';
import { AdjustedResults, applyAdjustments } from '../adjustments/apply-adjustments';
import { readStoredAdjustments } from '../adjustments/stored-adjustments';
import { SubmissionResults } from '../results/submission-results';
import { NO_COMMENTS, STORED_COMMENTS_FILE, TaComments, parseTaComments } from './ta-comments';

/** What the staff added to a student's grading, kept in their folder beside results.json: drawn into every report. */
export interface KeptExtras {
  readonly comments: TaComments;
  readonly adjusted: AdjustedResults;
}

/**
 * The TA comments (comments.md) and adjustments (adjustments.json) kept in a
 * student's folder, read against their results: the comments parsed, the
 * adjustments applied. Neither file: no comments, the raw scores. A kept
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
  return { comments, adjusted: applyAdjustments(results, readStoredAdjustments(studentOut)) };
}
