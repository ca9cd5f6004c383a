import { GuestWalkResult } from '../reference/paging/walker';
import { ALL_RIGHTS, NO_RIGHTS, RIGHT_READ } from '../reference/paging/rights';
import { compareWalks } from './walk-difference';
import { walkObservation } from './walk-probe';

const STEPS = [{ level: 4, index: 254, entryAddress: 0x17f0n, entry: 0x2027n }];

/** The same faulting walk, reporting `rights` in the result and (for a protection fault) in the fault. */
function faulting(kind: 'not-present' | 'reserved' | 'protection', rights: number): GuestWalkResult {
  const fault = kind === 'reserved' ? { kind, level: 4, reason: 'why' } : kind === 'protection' ? { kind, level: 4, rights } : { kind, level: 4 };
  return { ok: false, fault, rights, steps: STEPS, adWrites: [] };
}

describe('the walk judge and the rights of a fault (the spec: not graded, whatever the fault)', () => {
  it.each(['not-present', 'reserved', 'protection'] as const)('%s: any rights pass', (kind) => {
    expect(compareWalks(walkObservation(faulting(kind, NO_RIGHTS)), walkObservation(faulting(kind, ALL_RIGHTS)))).toBeNull();
  });

  it("a translation's rights are judged", () => {
    const translation = (rights: number): GuestWalkResult => ({ ok: true, address: 0x5abcn, pageSize: 0x1000n, leafLevel: 1, rights, steps: STEPS, adWrites: [] });
    expect(compareWalks(walkObservation(translation(ALL_RIGHTS)), walkObservation(translation(RIGHT_READ)))).toMatchObject({ where: 'outcome', field: 'rights' });
  });
});
