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
  /** points × passed / total (`proportional`), or points only when every case passes (`all-or-nothing`). */
  readonly score: number;
}

/**
 * How a test's cases become its score: `proportional`, points × passed /
 * cases; `all-or-nothing`, the points only when every case passes, for a test
 * whose cases together show one rule understood.
 */
export type Scoring = 'proportional' | 'all-or-nothing';
export const SCORINGS: readonly Scoring[] = ['proportional', 'all-or-nothing'];
export const DEFAULT_SCORING: Scoring = 'proportional';

/** What feedback says of a failing all-or-nothing test, whose score is 0 however many of its cases passed. */
export const ALL_OR_NOTHING_NOTE = 'All or nothing: every case must pass.';

/**
 * One case to judge: what the component returned, or, when a caller that
 * parses what it gets (the grader) found it malformed, the difference that
 * says so. Either way the case is counted.
 */
export type JudgedCase = { readonly expected: Observation; readonly got: Observation } | { readonly expected: Observation; readonly malformed: Difference };

/** Judge every case of one test and score it by its scoring (default: partial credit in proportion to the cases passed). */
export function judgeTest(check: CheckKind, points: number, cases: ReadonlyArray<JudgedCase>, scoring: Scoring = DEFAULT_SCORING): TestJudgement {
  let passedCases = 0;
  let firstFailure: CaseFailure | null = null;
  cases.forEach((judged, caseIndex) => {
    const difference = 'malformed' in judged ? judged.malformed : judgeUntrusted(check, judged.expected, judged.got);
    if (difference === null) passedCases++;
    else if (firstFailure === null) firstFailure = { caseIndex, difference };
  });
  const totalCases = cases.length;
  return { passedCases, totalCases, firstFailure, score: scoreOf(points, passedCases, totalCases, scoring) };
}

/** A test's score from its counts: what judgeTest gives, for callers that counted the cases themselves. */
export function scoreOf(points: number, passedCases: number, totalCases: number, scoring: Scoring = DEFAULT_SCORING): number {
  if (totalCases === 0) return 0;
  if (scoring === 'all-or-nothing') return passedCases === totalCases ? points : 0;
  return (points * passedCases) / totalCases;
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
