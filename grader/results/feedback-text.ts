import { diagnosisLines } from '../../assignments/framework/diagnosis-lines';
import { formatDifference } from '../../observe/format-difference';
import { ALL_OR_NOTHING_NOTE } from '../../observe/judge-test';
import { diagnosisOf } from './submission-misconceptions';
import { TestResult } from './submission-results';
import { caseFileName } from '../cases/case-file';
import { describeFigures } from './test-figures';

/** Points as a student reads them, to two decimals: partial credit is points × passed / cases. */
export function pointsForReading(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/** The scoring note of a failed test: why some cases passed yet nothing was scored. */
export function scoringNote(test: TestResult): string[] {
  return test.failure !== undefined && test.scoring === 'all-or-nothing' ? [ALL_OR_NOTHING_NOTE] : [];
}

/** A test's feedback as plain text, for a student who may see everything about it. */
export function describeDifferenceForStudent(test: TestResult): string {
  const failure = test.failure;
  // An invariant machine test's figures follow its verdict, passed or failed: reported, not graded.
  const figures = test.figures === undefined ? [] : describeFigures(test.figures);
  if (failure === undefined) return [`Passed (${test.totalCases} case${test.totalCases === 1 ? '' : 's'}).`, ...figures].join('\n');
  const lines = [`${test.passedCases} of ${test.totalCases} cases passed.`, ...scoringNote(test)];
  switch (failure.kind) {
    case 'difference':
      lines.push(`First failing case (#${failure.caseIndex + 1}): ${failure.caseSummary}`, formatDifference(failure.difference));
      if (failure.shrunk !== undefined) {
        lines.push(`The same failure, ${failure.shrunk.summary} (cases/${caseFileName(test.id)}, run it with npm run case):`, formatDifference(failure.shrunk.difference));
      }
      break;
    case 'not-run':
      lines.push(failure.reason);
      break;
    case 'sandbox':
      lines.push(`Your code was stopped: ${failure.reason}.`);
      break;
  }
  const diagnosis = diagnosisOf(test);
  if (diagnosis !== undefined) lines.push(...diagnosisLines(diagnosis));
  if (test.hint !== undefined) lines.push(`About this test: ${test.hint}`);
  if (test.seed !== undefined) lines.push(`(generated with seed ${test.seed})`);
  lines.push(...figures);
  return lines.join('\n');
}
