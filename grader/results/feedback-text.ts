import { diagnosisLines } from '../../assignments/framework/diagnosis-lines';
import { formatDifference } from '../../observe/format-difference';
import { ALL_OR_NOTHING_NOTE } from '../../observe/judge-test';
import { diagnosisOf } from './submission-misconceptions';
import { SubmissionResults, TestResult } from './submission-results';
import { caseFileName } from '../cases/case-file';
import { describeFigures } from './test-figures';
import { blocksText, FeedbackBlock, paragraphs } from './gradescope-html';
import { drawingBlocks } from './drawing-text';
import { compileBlocks, compileReportsOfTest } from './compile-text';

/** Points as a student reads them, to two decimals: partial credit is points × passed / cases. */
export function pointsForReading(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/** The scoring note of a failed test: why some cases passed yet nothing was scored. */
export function scoringNote(test: TestResult): string[] {
  return test.failure !== undefined && test.scoring === 'all-or-nothing' ? [ALL_OR_NOTHING_NOTE] : [];
}

/** A test's feedback as plain text, for a student who may see everything about it. */
export function describeDifferenceForStudent(test: TestResult, compile: SubmissionResults['compile'] = []): string {
  return blocksText(feedbackBlocks(test, compile));
}

/**
 * A test's feedback for a student who may see everything about it: the
 * verdict, the first failing case and its first difference in words, its
 * drawing as text when it fits, the shrunk case, the compile errors that
 * kept it from running (of `compile`, the submission's), the diagnosis, the
 * hint, the seed and the figures.
 */
export function feedbackBlocks(test: TestResult, compile: SubmissionResults['compile'] = []): FeedbackBlock[] {
  const failure = test.failure;
  // An invariant machine test's figures follow its verdict, passed or failed: reported, not graded.
  const figures = test.figures === undefined ? [] : figureBlocks(describeFigures(test.figures));
  if (failure === undefined) return [{ text: `Passed (${test.totalCases} case${test.totalCases === 1 ? '' : 's'}).` }, ...figures];
  const blocks: FeedbackBlock[] = paragraphs([`${test.passedCases} of ${test.totalCases} cases passed.`, ...scoringNote(test)]);
  switch (failure.kind) {
    case 'difference':
      blocks.push({ text: `First failing case (#${failure.caseIndex + 1}): ${failure.caseSummary}` }, { pre: formatDifference(failure.difference) }, ...drawingBlocks(failure.picture));
      if (failure.shrunk !== undefined) {
        blocks.push(
          { text: `The same failure, ${failure.shrunk.summary} (cases/${caseFileName(test.id)}, run it with npm run case):` },
          { pre: formatDifference(failure.shrunk.difference) },
          ...drawingBlocks(failure.shrunk.picture),
        );
      }
      break;
    case 'not-run':
      blocks.push({ text: failure.reason }, ...compileReportsOfTest(test, compile).flatMap(compileBlocks));
      break;
    case 'sandbox':
      blocks.push({ text: `Your code was stopped: ${failure.reason}.` });
      break;
  }
  const diagnosis = diagnosisOf(test);
  if (diagnosis !== undefined) blocks.push(...paragraphs(diagnosisLines(diagnosis)));
  if (test.hint !== undefined) blocks.push({ text: `About this test: ${test.hint}` });
  if (test.seed !== undefined) blocks.push({ text: `(generated with seed ${test.seed})` });
  blocks.push(...figures);
  return blocks;
}

/** The figures' sentence, then their aligned rows. */
function figureBlocks([sentence, ...rows]: readonly string[]): FeedbackBlock[] {
  return [{ text: sentence }, ...(rows.length === 0 ? [] : [{ pre: rows.join('\n') }])];
}
