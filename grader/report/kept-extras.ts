import { existsSync, readFileSync } from 'fs';
import * as path from 'path';
import { VmlabError } from '../../reference/errors';
import { describeFsError } from '../../io/fs-errors';
import { SubmissionResults } from '../results/submission-results';
import { FinalResults, finalResultsIn } from '../late/final-results';
import { lateView } from '../late/late-view';
import { changeText, TOTAL_TARGET } from '../adjustments/adjustment';
import { pointsForReading } from '../results/feedback-text';
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

/**
 * What changed the grading's score, a sentence each, for where no report is
 * shown (Gradescope's text): each adjustment with its reason, then the late
 * penalty with its rule. None when nothing changed it.
 */
export function scoreChangeNotes(kept: KeptExtras, results: SubmissionResults): string[] {
  const notes = kept.adjusted.applied.map(
    (adjustment) => `Adjusted by the course staff: ${adjustment.target === TOTAL_TARGET ? 'the total' : adjustment.target} ${changeText(adjustment.change)}, ${pointsForReading(adjustment.before)} → ${pointsForReading(adjustment.after)} points (${adjustment.reason}).`,
  );
  const late = lateView(kept.late);
  if (late.any && (kept.late!.lateness.status !== 'on-time' || kept.late!.terms.extension !== undefined)) {
    const extension = late.extension === '' ? '' : ` (${late.extension})`;
    notes.push(`Late work: submitted ${late.submittedAt}, due ${late.dueAt}${extension}: ${late.status}. The rule: ${late.rule}. ${late.outcome}`);
  }
  if (notes.length > 0) notes.unshift(`Graded ${pointsForReading(results.score)} points, then:`);
  return notes;
}

/** What the student's report is drawn with beside the final results: the comments, the adjustments, the lateness. */
export function reportExtras(kept: KeptExtras, results: SubmissionResults) {
  return { comments: kept.comments, adjustments: { rawScore: results.score, applied: kept.adjusted.applied }, ...(kept.late === undefined ? {} : { late: kept.late }) };
}
