import { CheckKind, Difference } from '../difference';
import { judgeTest } from '../judge-test';
import { Observation } from '../observation';
import { Probe } from '../probe-types';
import { differenceKey, FailureKey } from './failure-key';
import { Verdicts } from './verdicts';

/** One candidate as judged: the input, the reference's observation and the code's, and the first difference. */
export interface JudgedCandidate {
  readonly probe: Probe;
  readonly expected: Observation;
  readonly got: Observation;
  readonly difference: Difference;
}

/** The key of a judged failure: by default differenceKey; a caller with a diagnosis gives its rule instead. */
export type KeyOfFailure = (failed: JudgedCandidate) => FailureKey;

/**
 * The failure keys of a round's candidates, from what the code under test did
 * on each (undefined: it did not answer, it hung or crashed): each judged as
 * its test judges (`check`) against the reference's observation. A passing
 * candidate, or one with no answer, has no key.
 */
export function judgedKeys(
  check: CheckKind,
  candidates: readonly Probe[],
  gots: ReadonlyArray<Observation | undefined>,
  reference: Verdicts,
  keyOf: KeyOfFailure = ({ difference }) => differenceKey(difference),
): Array<FailureKey | null> {
  return candidates.map((probe, index) => {
    const got = gots[index];
    if (got === undefined) return null;
    const expected = reference.observation(probe);
    const { firstFailure } = judgeTest(check, 1, [{ expected, got }]);
    return firstFailure === null ? null : keyOf({ probe, expected, got, difference: firstFailure.difference });
  });
}
