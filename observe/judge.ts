import { CheckKind, Difference } from './difference';
import { judgeMachine } from './machine/machine-judge';
import { compareNestedWalks } from './nested-walk-difference';
import { Observation } from './observation';
import { compareTlbRuns } from './tlb/tlb-difference';
import { compareWalks } from './walk-difference';

/**
 * Judge one case: `expected` is the reference's observation of the probe,
 * `got` the student's. Returns the first difference, or null when the case
 * passes. Walk probes are policy checks by nature (the architecture fixes
 * every reference); machine probes may be judged by invariants instead.
 */
export function judgeCase(check: CheckKind, expected: Observation, got: Observation): Difference | null {
  if (expected.kind === 'error') throw new Error(`the reference failed on this probe: ${expected.message}`);
  if (got.kind === 'error') {
    return { where: 'your component', field: 'exception', expected: 'a result', got: got.message, message: `Your code threw instead of returning: ${got.message}` };
  }
  if (got.kind !== expected.kind) throw new Error(`observations of different probes: ${expected.kind} vs ${got.kind}`);
  switch (expected.kind) {
    case 'walk':
      return compareWalks(expected, got as typeof expected);
    case 'nested-walk':
      return compareNestedWalks(expected, got as typeof expected);
    case 'machine':
      return judgeMachine(check, expected, got as typeof expected);
    case 'tlb':
      return compareTlbRuns(expected, got as typeof expected);
  }
}
