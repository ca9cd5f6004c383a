import { TlbComponent, TranslationCache } from '../../reference/tlb/tlb-component';
import { REFERENCE_COMPONENTS } from '../../reference/reference-components';
import { describeProbe } from '../describe-probe';
import { observe } from '../observe';
import { judgeCase } from '../judge';
import { flawedTlb, invlpgMissingLargePagesUncounted, methodsOf, TlbFlaws } from './test-support/flawed-tlb';
import { referenceTlb } from '../../reference/tlb/reference-tlb';
import { cr3Write, fill, invlpg, lookup, tlbProbe } from './test-support/tlb-operations';
import { TlbObservation } from './tlb-observation';
import { observeTlb } from './tlb-probe';
import { TlbProbe } from './tlb-probe-types';

/** A run that uses every operation: a full set, a global entry through a CR3 write, a 2 MiB page, a clean entry, VPIDs. */
const MIXED = tlbProbe([
  fill('0x1000', '0xa000'),
  fill('0x6000', '0xb000', { global: true, dirty: false }),
  lookup('0x1234'),
  fill('0x9000', '0xc000'),
  lookup('0x6008'),
  { op: 'cr3-write', vpid: 1, pcid: 0 },
  lookup('0x6008', { pcid: 3 }),
  lookup('0x6008', { access: 'write' }),
  fill('0x200000', '0x400000', { pageSize: '0x200000', vpid: 2 }),
  lookup('0x3ff123', { vpid: 2 }),
  lookup('0x3ff123'),
  { op: 'vm-transition', vpidEnabled: true },
  fill('0x7000', '0xd000', { vpid: 2, pcid: 5 }),
  { op: 'invvpid', vpid: 7 },
  invlpg('0x201000', { vpid: 2 }),
  { op: 'vm-transition', vpidEnabled: false },
  fill('0x3000', '0x3000', { global: true }),
  fill('0x11000', '0x4000'),
  { op: 'flush-all' },
  fill('0x2000', '0xe000'),
  fill('0x6000', '0xf000', { pcid: 1 }),
]);

it('names a case by its operations and the TLB they run on', () => {
  expect(describeProbe(MIXED)).toBe('21 operations on a TLB of 8 entries, 2 ways per set');
  expect(describeProbe(tlbProbe([lookup('0x1000')], 1, 1))).toBe('1 operation on a TLB of 1 entry, 1 way per set');
});

it("is how observe() runs a tlb probe: on the components' TLB, with a create() that throws as the error observation", () => {
  expect(observe(MIXED, REFERENCE_COMPONENTS)).toEqual(observeTlb(MIXED, referenceTlb));
  const notWritten: TlbComponent = { create: () => { throw new Error('not implemented: tlb'); } };
  expect(observe(MIXED, { ...REFERENCE_COMPONENTS, tlb: notWritten })).toEqual({ kind: 'error', message: 'not implemented: tlb' });
});

describe('observeTlb on the reference TLB', () => {
  const observation = observeTlb(MIXED, referenceTlb);

  it('records a hit with the address it translates to and the entry, and a miss as a miss', () => {
    expect(observation.steps[2]).toEqual({
      operation: MIXED.operations[2],
      outcome: { kind: 'hit', address: '0xa234', entry: { vpid: 1, pcid: 0, global: false, page: '0x1000', pageSize: '0x1000', frame: '0xa000', rights: 'rwu', dirty: true } },
    });
    expect(observation.steps[9].outcome).toMatchObject({ kind: 'hit', address: '0x5ff123', entry: { page: '0x200000', pageSize: '0x200000', vpid: 2 } });
    expect(observation.steps[10].outcome).toEqual({ kind: 'miss' });
  });

  it('keeps a global entry through a CR3 write and serves it to every PCID, but not to a write when it was filled clean', () => {
    expect(observation.steps[5].outcome).toEqual({ kind: 'dropped', count: 2 });
    expect(observation.steps[6].outcome).toMatchObject({ kind: 'hit', entry: { global: true, pcid: 0 } });
    expect(observation.steps[7].outcome).toEqual({ kind: 'miss' });
  });

  it('records how many entries each invalidation dropped, and nothing for a fill', () => {
    expect(observation.steps.map((step) => step.outcome.kind)).toEqual(MIXED.operations.map((operation) => (operation.op === 'lookup' ? expect.any(String) : operation.op === 'fill' ? 'filled' : 'dropped')));
    expect([11, 13, 14, 15, 18].map((index) => observation.steps[index].outcome)).toEqual([0, 0, 1, 1, 2].map((count) => ({ kind: 'dropped', count })));
  });

  it('records the entries cached at the end in canonical order, whatever order entries() returns', () => {
    expect(observation.resident).toEqual({
      ok: true,
      entries: [
        expect.objectContaining({ page: '0x2000', pcid: 0 }),
        expect.objectContaining({ page: '0x6000', pcid: 1 }),
      ],
    });
    const reversed: TlbComponent = {
      create(config) {
        const tlb = referenceTlb.create(config);
        return { ...methodsOf(tlb), entries: () => tlb.entries().reverse() };
      },
    };
    expect(observeTlb(MIXED, reversed)).toEqual(observation);
  });

  it('is a run the plainly written model TLB matches, so its flaws alone make the differences below', () => {
    expect(observeTlb(MIXED, flawedTlb())).toEqual(observation);
  });
});

/** The first difference between the reference's run and a flawed TLB's. */
function judgeFlawed(probe: TlbProbe, flaws: TlbFlaws) {
  return judgeCase('policy', observeTlb(probe, referenceTlb), observeTlb(probe, flawedTlb(flaws)));
}

describe('the judge finds the mistake of a wrong TLB, at the operation where it shows', () => {
  const CASES: ReadonlyArray<readonly [string, TlbFlaws, TlbProbe, object]> = [
    [
      'no LRU refresh on a hit: the refreshed entry is evicted',
      { noRefreshOnHit: true },
      tlbProbe([fill('0x1000', '0xa000'), fill('0x2000', '0xb000'), lookup('0x1000'), fill('0x3000', '0xc000'), lookup('0x1000')], 2, 2),
      { step: 4, field: 'outcome', got: 'a miss', message: expect.stringMatching(/the hit of operation 3 \(lookup of 0x1000 in VPID 1, PCID 0 \(user read\)\) made it the most recently used way of its set/) },
    ],
    [
      'no LRU refresh on a hit: the least recently used entry stays',
      { noRefreshOnHit: true },
      tlbProbe([fill('0x1000', '0xa000'), fill('0x2000', '0xb000'), lookup('0x1000'), fill('0x3000', '0xc000'), lookup('0x2000')], 2, 2),
      { where: 'operation 5: lookup of 0x2000 in VPID 1, PCID 0 (user read)', expected: 'a miss', got: expect.stringMatching(/^a hit on the 4 KiB page 0x2000/), message: expect.stringMatching(/evicted it as the least recently used way/) },
    ],
    [
      'a CR3 write that drops global entries',
      { cr3WriteDropsGlobal: true },
      tlbProbe([fill('0x1000', '0xa000', { global: true }), fill('0x2000', '0xb000'), cr3Write(), lookup('0x1000', { pcid: 2 })]),
      { step: 2, where: 'operation 3: CR3 write in VPID 1, PCID 0', field: 'entries dropped', expected: '1', got: '2', message: expect.stringMatching(/dropped more entries .* global entries survive it/) },
    ],
    [
      'a lookup that ignores the VPID',
      { lookupIgnoresVpid: true },
      tlbProbe([fill('0x1000', '0xa000', { vpid: 1 }), lookup('0x1000', { vpid: 2 })]),
      { step: 1, expected: 'a miss', message: expect.stringMatching(/^VPIDs keep the translations of VMs apart: an entry of VPID 1 never serves VPID 2/) },
    ],
    [
      'a write served by an entry filled clean',
      { writeUsesCleanEntry: true },
      tlbProbe([fill('0x1000', '0xa000', { dirty: false }), lookup('0x1000'), lookup('0x1000', { access: 'write' })]),
      { step: 2, where: 'operation 3: lookup of 0x1000 in VPID 1, PCID 0 (user write)', expected: 'a miss', message: expect.stringMatching(/^A write may not use an entry filled by a read of a clean page/) },
    ],
    [
      'an INVLPG that misses 2 MiB entries',
      { invlpgSmallPagesOnly: true },
      tlbProbe([fill('0x200000', '0x400000', { pageSize: '0x200000' }), invlpg('0x3ff000'), lookup('0x200000')]),
      { step: 1, field: 'entries dropped', expected: '1', got: '0', message: expect.stringMatching(/fewer entries .* INVLPG drops the entries of every page size/) },
    ],
  ];

  it.each(CASES)('%s', (_name, flaws, probe, difference) => {
    expect(judgeFlawed(probe, flaws)).toMatchObject(difference);
  });

  it('passes the same runs on a correct TLB', () => {
    for (const [, , probe] of CASES) expect(judgeCase('policy', observeTlb(probe, referenceTlb), observeTlb(probe, flawedTlb()))).toBeNull();
  });

  it('names the resident entry a flawed TLB keeps when no lookup asks for it', () => {
    const probe = tlbProbe([fill('0x200000', '0x400000', { pageSize: '0x200000' }), invlpg('0x3ff000'), fill('0x1000', '0xa000')]);
    expect(judgeCase('policy', observeTlb(probe, referenceTlb), observeTlb(probe, invlpgMissingLargePagesUncounted))).toMatchObject({
      where: 'after the last operation',
      field: 'cached entries',
      expected: 'no other entry',
      got: expect.stringMatching(/^the 2 MiB page 0x200000 of VPID 1, PCID 0 → 0x400000.*\(not in the reference's\)$/),
      message: expect.stringMatching(/1 extra\. This one should not be cached: .* Operation 2 \(invlpg of 0x3ff000 in VPID 1, PCID 0\) had to drop it\. INVLPG drops/),
    });
  });
});

describe('a TLB that returns what its interface does not allow is observed as such', () => {
  /** The reference TLB with one method replaced. */
  const replacing = (method: keyof TranslationCache, replacement: (...args: never[]) => unknown): TlbComponent => ({
    create: (config) => ({ ...methodsOf(referenceTlb.create(config)), [method]: replacement }),
  });
  const probe = tlbProbe([fill('0x1000', '0xa000'), lookup('0x1000'), cr3Write()]);
  const observe = (component: TlbComponent) => observeTlb(probe, component);

  it.each([
    ['a lookup that returns a string', replacing('lookup', () => 'hit'), 1, 'the lookup returned a string, not a TLB entry'],
    ['a lookup that returns null', replacing('lookup', () => null), 1, 'the lookup returned null, not a TLB entry'],
    ['an entry whose PCID is a string', replacing('lookup', () => ({ vpid: 1, pcid: '0', global: false, pageBase: 0x1000n, pageSize: 0x1000n, physicalBase: 0xa000n, rights: 15, dirty: true })), 1, 'the lookup returned an entry whose pcid is a string, not an integer from 0 to 4095'],
    ['an entry whose address is a number', replacing('lookup', () => ({ vpid: 1, pcid: 0, global: false, pageBase: 4096, pageSize: 0x1000n, physicalBase: 0xa000n, rights: 15, dirty: true })), 1, 'the lookup returned an entry whose pageBase is the number 4096, not a 64-bit bigint'],
    ['a negative count', replacing('flushContext', () => -1), 2, 'the operation returned the number -1, not a count of the entries dropped'],
    ['a count that is not a number', replacing('flushContext', () => '1'), 2, 'the operation returned a string, not a count of the entries dropped'],
  ] as const)('%s', (_name, component, index, problem) => {
    const observation = observe(component);
    expect(observation.steps[index].outcome).toEqual({ kind: 'garbage', problem });
    expect(judgeCase('policy', observe(referenceTlb), observation)).toMatchObject({ step: index, field: 'result', got: problem });
  });

  it.each([
    ['not a list', replacing('entries', () => ({ length: 1 })), 'entries() returned an object, not a list of entries'],
    ['more entries than the TLB holds', replacing('entries', () => new Array(9)), 'entries() returned 9 entries; the TLB holds at most 8'],
    ['a hole in the list', replacing('entries', () => new Array(1)), 'entries() returned, at index 0, undefined, not a TLB entry'],
  ] as const)('entries() that returns %s', (_name, component, problem) => {
    const observation = observe(component);
    expect(observation.resident).toEqual({ ok: false, problem });
    expect(judgeCase('policy', observe(referenceTlb), observation)).toMatchObject({ where: 'after the last operation', field: 'entries()', got: problem });
  });

  it('stops at an operation that throws, and says which', () => {
    const observation = observe(replacing('flushContext', () => {
      throw new RangeError('no such context');
    }));
    expect(observation).toEqual({ kind: 'tlb', steps: observe(referenceTlb).steps.slice(0, 2), stopped: { operation: 2, message: 'RangeError: no such context' } });
    expect(judgeCase('policy', observe(referenceTlb), observation)).toMatchObject({ where: 'operation 3: CR3 write in VPID 1, PCID 0', field: 'exception', got: 'RangeError: no such context' });
  });

  it('stops after the last operation when entries() throws', () => {
    const observation = observe(replacing('entries', () => {
      throw new Error('later');
    }));
    expect(observation.stopped).toEqual({ operation: 3, message: 'later' });
    expect(judgeCase('policy', observe(referenceTlb), observation)).toMatchObject({ where: 'after the last operation', got: 'it threw: later' });
  });

  it('lets a create() that throws reach the caller, which makes it the error observation', () => {
    expect(() => observeTlb(probe, { create: () => { throw new Error('not implemented: tlb'); } })).toThrow('not implemented: tlb');
  });

  it('gives the TLB copies of the arguments, so what it does to them does not reach the observation', () => {
    const mutating = replacing('lookup', (_vpid: never, _pcid: never, _va: never, access: { kind: string }) => {
      access.kind = 'write';
      return undefined;
    });
    const observation: TlbObservation = observe(mutating);
    expect(observation.steps[1].operation).toEqual(lookup('0x1000'));
  });
});
