import { Difference } from '../../observe/difference';
import { judgeCase } from '../../observe/judge';
import { Observation } from '../../observe/observation';
import { Probe } from '../../observe/probe-types';
import { differenceKey, FailureKey } from '../../observe/shrink/failure-key';
import { RecordedVerdicts } from '../../observe/shrink/recorded-verdicts';
import { describeShrink, shrinkProbe, ShrunkCase } from '../../observe/shrink/shrink-probe';
import { IsolatedRunner } from './isolated-runner';
import { JudgedFailure } from './run-public-test';

/** How long `npm test` may spend shrinking, over all its failing tests: past it, the rest are not shrunk. */
export const SHRINK_SECONDS_PER_RUN = 5;

/** A public test's failing case made smaller, judged: what the terminal draws and the case file holds. */
export interface ShrunkPublicCase extends JudgedFailure {
  readonly shrunk: ShrunkCase;
  /** "shrunk from 22 events to 3". */
  readonly summary: string;
}

/**
 * Shrink a failing public case on your code, as the grader shrinks it
 * (observe/shrink/): ddmin over its parts, each round's candidates run as one
 * batch in the isolated runner, a candidate kept when it still fails with the
 * same first difference (the same field at the same kind of place). The
 * handout holds no reference solution, so only candidates whose expected
 * side the test's recorded observation determines are tried
 * (RecordedVerdicts: the table entries a walk never reads left out, a
 * scenario cut after the events that matter). A round that starts after
 * `deadline` (a Date.now() time) is not run. Undefined when nothing smaller
 * fails the same way; never throws: the test's verdict does not depend on it.
 */
export async function shrinkPublicCase(failure: JudgedFailure, runner: IsolatedRunner, deadline: number): Promise<ShrunkPublicCase | undefined> {
  try {
    const verdicts = new RecordedVerdicts(failure.probe, failure.expected);
    const gots = new Map<string, Observation>();
    const keyOf = (probe: Probe, got: Observation): FailureKey | null => {
      const difference = judged(failure, verdicts.observation(probe), got);
      return difference === null ? null : differenceKey(difference);
    };
    const shrunk = await shrinkProbe(
      failure.probe,
      differenceKey(failure.difference),
      async (candidates) => {
        if (Date.now() >= deadline) return candidates.map(() => null);
        const outcome = await runner.run(candidates);
        if (outcome.kind === 'stopped') return candidates.map(() => null);
        return candidates.map((probe, index) => {
          const got = outcome.observations[index];
          if (got === undefined) return null;
          gots.set(JSON.stringify(probe), got);
          return keyOf(probe, got);
        });
      },
      { reference: verdicts },
    );
    if (shrunk.shrunkParts >= shrunk.originalParts) return undefined;
    const got = gots.get(JSON.stringify(shrunk.probe));
    if (got === undefined) return undefined;
    const expected = verdicts.observation(shrunk.probe);
    const difference = judged(failure, expected, got);
    if (difference === null) return undefined;
    return { probe: shrunk.probe, check: failure.check, expected, got, difference, shrunk, summary: describeShrink(shrunk) };
  } catch {
    return undefined;
  }
}

/** The first difference, or null when the case passes or cannot be judged (a candidate's observation that does not fit the recording). */
function judged(failure: JudgedFailure, expected: Observation, got: Observation): Difference | null {
  try {
    return judgeCase(failure.check, expected, got);
  } catch {
    return null;
  }
}
