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

describe('a walk that stops at the wrong place is reported by its outcome, a wrong read at its step', () => {
  const PDPTE = { level: 3, index: 72, entryAddress: 0x2240n, entry: 0x3027n };
  const PDE = { level: 2, index: 418, entryAddress: 0x3d10n, entry: 0x8000000000004027n };
  const PTE = { level: 1, index: 359, entryAddress: 0x4b38n, entry: 0x5067n };
  const reservedAtPde: GuestWalkResult = { ok: false, fault: { kind: 'reserved', level: 2, reason: 'bit 63' }, rights: 0, steps: [...STEPS, PDPTE, PDE], adWrites: [] };
  const translated: GuestWalkResult = { ok: true, address: 0x5abcn, pageSize: 0x1000n, leafLevel: 1, rights: ALL_RIGHTS, steps: [...STEPS, PDPTE, PDE, PTE], adWrites: [] };

  it('a walk that reads on past the fault: the fault expected and the translation got, with their levels', () => {
    expect(compareWalks(walkObservation(reservedAtPde), walkObservation(translated))).toEqual({
      where: 'outcome',
      field: 'fault',
      expected: 'a reserved fault at level 2',
      got: 'a translation to 0x5abc by the PTE (level 1)',
      message: 'The access should have faulted. The walk stops after 3 entries; yours read on.',
    });
  });

  it('a walk that stops too early: the translation expected and the fault got', () => {
    const early: GuestWalkResult = { ok: false, fault: { kind: 'protection', level: 3, rights: 0 }, rights: 0, steps: [...STEPS, PDPTE], adWrites: [] };
    expect(compareWalks(walkObservation(translated), walkObservation(early))).toMatchObject({
      where: 'outcome',
      expected: 'a translation to 0x5abc by the PTE (level 1)',
      got: 'a protection fault at level 3',
      message: 'The access should have been allowed. The walk stops after 4 entries; yours stopped after 2 entries.',
    });
  });

  it('a walk that read a wrong entry before stopping is reported at that step', () => {
    const wrongRead: GuestWalkResult = { ...translated, steps: [...STEPS, { ...PDPTE, index: 36, entryAddress: 0x2120n }, PDE, PTE] };
    expect(compareWalks(walkObservation(reservedAtPde), walkObservation(wrongRead))).toMatchObject({ where: 'step 2: the PDPTE (level 3)', field: 'entry address', step: 1 });
  });

  it('a walk with the right outcome but an extra read is still reported at that read', () => {
    const extra: GuestWalkResult = { ...reservedAtPde, steps: [...reservedAtPde.steps, PTE] };
    expect(compareWalks(walkObservation(reservedAtPde), walkObservation(extra))).toMatchObject({ where: 'step 4', field: 'entry read', expected: 'no further read' });
  });

  it('a failed read is named with its article', () => {
    const failed: GuestWalkResult = { ok: false, fault: { kind: 'access-failed', level: 3 }, rights: 0, steps: STEPS, adWrites: [] };
    expect(compareWalks(walkObservation(failed), walkObservation(translated))).toMatchObject({ expected: 'an access-failed fault at level 3' });
  });
});
