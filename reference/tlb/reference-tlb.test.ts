import { Access } from '../paging/rights';
import { R, U, W, X, supervisor, user } from './test-support/access-shorthand';
import { referenceTlb } from './reference-tlb';
import { TranslationCache } from './tlb-component';
import { DEFAULT_TLB_CONFIG } from './tlb-config';
import { TlbFill } from './tlb-entry';

// The reference TLB against the semantics TranslationCache documents (tlb-component.ts), through the component.

const VA = 0x40_1234n;

function fill(overrides: Partial<TlbFill> = {}): TlbFill {
  return { vpid: 1, pcid: 0, global: false, va: VA, pageSize: 0x1000n, physicalBase: 0xabc000n, rights: R | W | X | U, dirty: true, ...overrides };
}

function tlbWith(...fills: TlbFill[]): TranslationCache {
  const tlb = referenceTlb.create(DEFAULT_TLB_CONFIG);
  for (const one of fills) tlb.fill(one);
  return tlb;
}

describe('referenceTlb.create', () => {
  test('builds an empty TLB of the configured geometry, a new one per call', () => {
    const first = referenceTlb.create({ entries: 8, ways: 2 });
    const second = referenceTlb.create({ entries: 8, ways: 2 });
    expect(first).not.toBe(second);
    expect(first.entries()).toEqual([]);
    first.fill(fill());
    expect(second.entries()).toEqual([]);
    // 4 sets of 2 ways: a third page of one set evicts one of the first two.
    for (let n = 0n; n < 3n; n++) second.fill(fill({ va: n * 4n * 0x1000n }));
    expect(second.entries()).toHaveLength(2);
  });

  test('refuses a geometry whose set count is not a power of two', () => {
    expect(() => referenceTlb.create({ entries: 48, ways: 4 })).toThrow(/must be a power of two/);
  });
});

describe('lookup serves only the accesses an entry permits', () => {
  test.each<[string, Partial<TlbFill>, Access, boolean]>([
    // description, the entry, the access, CR0.WP
    ['a user read of a user page', { rights: R | U, dirty: false }, user('read'), true],
    ['a user write to a dirty writable page', { rights: R | W | U }, user('write'), true],
    ['a user fetch of an executable page', { rights: R | X | U, dirty: false }, user('fetch'), true],
    ['a supervisor read of a supervisor page', { rights: R }, supervisor('read'), true],
    ['a supervisor write to a dirty read-only page with WP=0', { rights: R }, supervisor('write'), false],
  ])('%s hits and keeps the entry', (_, entry, access, wp) => {
    const tlb = tlbWith(fill(entry));
    const hit = tlb.lookup(1, 0, VA, access, wp);
    expect(hit).toMatchObject({ vpid: 1, pcid: 0, pageBase: 0x40_1000n, physicalBase: 0xabc000n });
    expect(tlb.entries()).toHaveLength(1);
  });

  test.each<[string, Partial<TlbFill>, Access, boolean]>([
    ['a write through an entry filled by a read of a clean page (the write walks to set D)', { rights: R | W | U, dirty: false }, user('write'), true],
    ['a user read of a supervisor page', { rights: R | W | X }, user('read'), true],
    ['a user write to a read-only page', { rights: R | U }, user('write'), true],
    ['a user fetch of an NX page', { rights: R | W | U }, user('fetch'), true],
    ['a supervisor write to a read-only page with WP=1', { rights: R }, supervisor('write'), true],
    ['a read of an execute-only (EPT) page', { rights: X | U }, user('read'), true],
  ])('%s misses and drops the entry', (_, entry, access, wp) => {
    const tlb = tlbWith(fill(entry), fill({ pcid: 2 }));
    expect(tlb.lookup(1, 0, VA, access, wp)).toBeUndefined();
    // Dropped, not just passed over: even an access it would permit misses now.
    expect(tlb.lookup(1, 0, VA, supervisor('read'), false)).toBeUndefined();
    // The same page in another PCID is untouched.
    expect(tlb.entries().map((left) => left.pcid)).toEqual([2]);
  });

  test('a dropped entry frees its way: the next fill of the set evicts nothing', () => {
    const wayPages = [0n, 1n, 2n, 3n].map((n) => n * 16n * 0x1000n); // four pages of set 0 of the default 16-set, 4-way TLB
    const tlb = tlbWith(...wayPages.map((va) => fill({ va, dirty: va !== 0n })));
    expect(tlb.lookup(1, 0, 0n, user('write'), true)).toBeUndefined();
    tlb.fill(fill({ va: 4n * 16n * 0x1000n }));
    expect(tlb.entries()).toHaveLength(4);
    for (const va of wayPages.slice(1)) expect(tlb.lookup(1, 0, va, user('read'), true)).toBeDefined();
  });

  test('a write refilled after the walk set D hits', () => {
    const tlb = tlbWith(fill({ dirty: false }));
    expect(tlb.lookup(1, 0, VA, user('write'), true)).toBeUndefined();
    tlb.fill(fill({ dirty: true }));
    expect(tlb.lookup(1, 0, VA, user('write'), true)?.dirty).toBe(true);
  });
});

describe('vmTransition', () => {
  const mixed = () => tlbWith(fill({ vpid: 0 }), fill({ vpid: 1 }), fill({ vpid: 2, global: true }), fill({ vpid: 3, va: 0x7000_0000n, pageSize: 0x20_0000n, physicalBase: 0x20_0000n }));

  test('without VPIDs drops every entry and says how many', () => {
    const tlb = mixed();
    expect(tlb.vmTransition(false)).toBe(4);
    expect(tlb.entries()).toEqual([]);
    expect(tlb.lookup(0, 0, VA, user('read'), true)).toBeUndefined();
  });

  test('with VPIDs drops nothing: every VM finds its entries again', () => {
    const tlb = mixed();
    expect(tlb.vmTransition(true)).toBe(0);
    expect(tlb.entries()).toHaveLength(4);
    for (const vpid of [0, 1, 2]) expect(tlb.lookup(vpid, 0, VA, user('read'), true)?.vpid).toBe(vpid);
    expect(tlb.lookup(3, 0, 0x7010_0000n, user('read'), true)?.pageSize).toBe(0x20_0000n);
  });
});
