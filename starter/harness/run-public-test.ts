import { Components } from '../../reference/components';
import { describeProbe } from '../../observe/describe-probe';
import { formatDifference } from '../../observe/format-difference';
import { ALL_OR_NOTHING_NOTE, judgeTest } from '../../observe/judge-test';
import { observe } from '../../observe/observe';
import { GoldenTest } from '../../observe/test-case';

/**
 * Run one public test on the student's components and say what went wrong,
 * in plain words: how many cases passed and, for the first failing one, which
 * case it is and the first step where it departs from the reference. Returns
 * null when every case passes.
 */
export function runPublicTest(test: GoldenTest, components: Components): string | null {
  const cases = test.cases.map(({ probe, expected }) => ({ expected, got: observe(probe, components) }));
  const judgement = judgeTest(test.check, test.points, cases, test.scoring);
  if (judgement.firstFailure === null) return null;
  const { caseIndex, difference } = judgement.firstFailure;
  const probe = test.cases[caseIndex].probe;
  const lines = [
    `${test.title} [${test.id}]: ${judgement.passedCases} of ${judgement.totalCases} cases pass (${judgement.score.toFixed(2)} of ${pointsText(test.points)}).`,
    ...(test.scoring === 'all-or-nothing' ? [ALL_OR_NOTHING_NOTE] : []),
    `First failing case (#${caseIndex + 1}): ${describeProbe(probe)}`,
    formatDifference(difference),
  ];
  if (test.hint !== undefined) lines.push(`Hint: ${test.hint}`);
  return lines.join('\n');
}

/** "1 point", "2.5 points". */
export function pointsText(points: number): string {
  return `${points} point${points === 1 ? '' : 's'}`;
}
