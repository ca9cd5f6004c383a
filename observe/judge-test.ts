import { CheckKind, Difference } from './difference';
import { judgeCase } from './judge';
import { Observation } from './observation';

export interface CaseFailure {
  /** 0-based index of the case in its test. */
  readonly caseIndex: number;
  readonly difference: Difference;
}

export interface TestJudgement {
  readonly passedCases: number;
  readonly totalCases: number;
  /** The first failing case: the one feedback explains. */
  readonly firstFailure: CaseFailure | null;
  /** points × passed / total. */
  readonly score: number;
}

/**
 * One case to judge: what the component returned, or, when a caller that
 * parses what it gets (the grader) found it malformed, the difference that
 * says so. Either way the case is counted.
 */
export type JudgedCase = { readonly expected: Observation; readonly got: Observation } | { readonly expected: Observation; readonly malformed: Difference };

/** Judge every case of one test and score it: partial credit in proportion to the cases passed. */
export function judgeTest(check: CheckKind, points: number, cases: ReadonlyArray<JudgedCase>): TestJudgement {
  let passedCases = 0;
  let firstFailure: CaseFailure | null = null;
  cases.forEach((judged, caseIndex) => {
    const difference = 'malformed' in judged ? judged.malformed : judgeUntrusted(check, judged.expected, judged.got);
    if (difference === null) passedCases++;
    else if (firstFailure === null) firstFailure = { caseIndex, difference };
  });
  const totalCases = cases.length;
  return { passedCases, totalCases, firstFailure, score: totalCases === 0 ? 0 : (points * passedCases) / totalCases };
}

/**
 * `got` comes from code under test, possibly through a process boundary: an
 * observation too malformed to judge fails its case instead of stopping the
 * judging. (`expected` is the reference's, checked by whoever computed it.)
 */
function judgeUntrusted(check: CheckKind, expected: Observation, got: Observation): Difference | null {
  try {
    return judgeCase(check, expected, got);
  } catch (error) {
    if (expected.kind === 'error') throw error;
    const message = error instanceof Error ? error.message : String(error);
    return { where: 'your component', field: 'result', expected: 'a result the grader can read', got: 'a malformed result', message: `What your code returned could not be judged: ${message.slice(0, 500)}` };
  }
}
