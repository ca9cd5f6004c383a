import { VmlabError } from '../errors';
import { ALL_RIGHTS, Access, RIGHT_READ, RIGHT_USER } from '../paging/rights';
import { Tlb } from './tlb';
import { DEFAULT_TLB_CONFIG, TlbConfig } from './tlb-config';
import { TlbFill } from './tlb-entry';

const KiB4 = 1n << 12n;
const MiB2 = 1n << 21n;
const GiB1 = 1n << 30n;

/** The default TLB: 16 sets of 4 ways. */
const SETS = 16;
const WAYS = 4;

/** A 4 KiB user page of VPID 1, PCID 0, with a distinct frame so hits can be told apart. */
function page(va: bigint, overrides: Partial<TlbFill> = {}): TlbFill {
  return {
    vpid: 1,
    pcid: 0,
    global: false,
    va,
    pageSize: KiB4,
    physicalBase: 0x1000_0000n + (va & ~0xfffn),
    rights: ALL_RIGHTS,
    dirty: true,
    ...overrides,
  };
}

/** Every lookup here is a supervisor read, which any entry with RIGHT_READ may serve. */
const READ: Access = { kind: 'read', user: false };

/** The base address of the n-th 4 KiB page mapping to `set` of the default TLB. */
const pageInSet = (set: number, n: number): bigint => BigInt(set + n * SETS) << 12n;

describe('Tlb lookup', () => {
  test('an empty TLB misses', () => {
    expect(new Tlb().lookup(1, 0, 0x1000n, READ, true)).toBeUndefined();
  });

  test.each([
    ['the filled address', 0x40_1234n, true],
    ['the first byte of the page', 0x40_1000n, true],
    ['the last byte of the page', 0x40_1fffn, true],
    ['the page below', 0x40_0fffn, false],
    ['the page above', 0x40_2000n, false],
  ])('after filling 0x401234, a lookup of %s: hit %s', (_, va, hit) => {
    const tlb = new Tlb();
    tlb.fill(page(0x40_1234n, { physicalBase: 0xabc000n, rights: RIGHT_READ | RIGHT_USER, dirty: false }));
    const entry = tlb.lookup(1, 0, va, READ, true);
    if (!hit) {
      expect(entry).toBeUndefined();
      return;
    }
    expect(entry).toEqual({
      vpid: 1,
      pcid: 0,
      global: false,
      va: 0x40_1234n,
      pageSize: KiB4,
      physicalBase: 0xabc000n,
      rights: RIGHT_READ | RIGHT_USER,
      dirty: false,
      pageBase: 0x40_1000n,
    });
  });

  test.each([
    ['2 MiB: first byte', MiB2, 0x4000_0000n, 0x4000_0000n, true],
    ['2 MiB: a middle 4 KiB page', MiB2, 0x4000_0000n, 0x4012_3abcn, true],
    ['2 MiB: last byte', MiB2, 0x4000_0000n, 0x401f_ffffn, true],
    ['2 MiB: the byte above', MiB2, 0x4000_0000n, 0x4020_0000n, false],
    ['2 MiB: the byte below', MiB2, 0x4000_0000n, 0x3fff_ffffn, false],
    ['1 GiB: first byte', GiB1, 0x80_0000_0000n, 0x80_0000_0000n, true],
    ['1 GiB: middle', GiB1, 0x80_0000_0000n, 0x80_1234_5678n, true],
    ['1 GiB: last byte', GiB1, 0x80_0000_0000n, 0x80_3fff_ffffn, true],
    ['1 GiB: the byte above', GiB1, 0x80_0000_0000n, 0x80_4000_0000n, false],
  ])('a large page is found for any address inside it (%s)', (_, pageSize, base, va, hit) => {
    const tlb = new Tlb();
    tlb.fill(page(base + 0x5000n, { pageSize, physicalBase: 0x2_0000_0000n }));
    const entry = tlb.lookup(1, 0, va, READ, true);
    expect(entry?.pageBase).toBe(hit ? base : undefined);
    expect(entry?.physicalBase).toBe(hit ? 0x2_0000_0000n : undefined);
  });

  test('a 4 KiB entry and a 2 MiB entry coexist: the 4 KiB one is found first', () => {
    const tlb = new Tlb();
    tlb.fill(page(0x4000_0000n, { pageSize: MiB2, physicalBase: 0x20_0000n }));
    tlb.fill(page(0x4000_3000n, { physicalBase: 0x9000n }));
    expect(tlb.lookup(1, 0, 0x4000_3008n, READ, true)?.physicalBase).toBe(0x9000n);
    expect(tlb.lookup(1, 0, 0x4000_4008n, READ, true)?.physicalBase).toBe(0x20_0000n);
  });

  test.each([
    ['the upper canonical half', 0xffff_8000_0000_1000n],
    ['the top page of 64 bits', 0xffff_ffff_ffff_f000n],
    ['just above 2^53', (1n << 53n) + 0x7000n],
  ])('addresses in %s hit their own page only', (_, va) => {
    const tlb = new Tlb();
    tlb.fill(page(va));
    expect(tlb.lookup(1, 0, va + 0xffcn, READ, true)?.pageBase).toBe(va);
    expect(tlb.lookup(1, 0, va - 4n, READ, true)).toBeUndefined();
    expect(tlb.lookup(1, 0, va ^ KiB4, READ, true)).toBeUndefined();
  });
});

describe('Tlb tags', () => {
  test('VPIDs are isolated: the same address in two VPIDs has two entries', () => {
    const tlb = new Tlb();
    tlb.fill(page(0x5000n, { vpid: 1, physicalBase: 0x1_0000n }));
    expect(tlb.lookup(2, 0, 0x5000n, READ, true)).toBeUndefined();
    tlb.fill(page(0x5000n, { vpid: 2, physicalBase: 0x2_0000n }));
    expect(tlb.lookup(1, 0, 0x5000n, READ, true)?.physicalBase).toBe(0x1_0000n);
    expect(tlb.lookup(2, 0, 0x5000n, READ, true)?.physicalBase).toBe(0x2_0000n);
    expect(tlb.lookup(0, 0, 0x5000n, READ, true)).toBeUndefined();
  });

  test.each([
    // fill (pcid, global) → lookup (vpid, pcid) → hit
    [3, false, 1, 3, true],
    [3, false, 1, 4, false],
    [3, false, 2, 3, false],
    [3, true, 1, 3, true],
    [3, true, 1, 4, true],
    [3, true, 1, 0, true],
    [3, true, 2, 3, false],
    [3, true, 2, 4, false],
  ])('filled with PCID %d global %s, looked up in VPID %d PCID %d: hit %s', (fillPcid, global, vpid, pcid, hit) => {
    const tlb = new Tlb();
    tlb.fill(page(0x7000n, { pcid: fillPcid, global }));
    expect(tlb.lookup(vpid, pcid, 0x7000n, READ, true) !== undefined).toBe(hit);
  });
});

describe('Tlb replacement', () => {
  test.each([
    ['nothing touched after the fills', [], 0],
    ['the first page looked up again', [0], 1],
    ['the first three pages looked up again', [0, 1, 2], 3],
    ['all four looked up, in reverse order', [3, 2, 1, 0], 3],
    ['the first page refilled', [-1], 1],
  ])('filling ways+1 pages of one set evicts the LRU way (%s)', (_, touched, evicted) => {
    const tlb = new Tlb();
    const pages = [0, 1, 2, 3, 4].map((n) => pageInSet(5, n));
    for (const va of pages.slice(0, WAYS)) tlb.fill(page(va));
    for (const n of touched) {
      if (n === -1) tlb.fill(page(pages[0]));
      else expect(tlb.lookup(1, 0, pages[n], READ, true)).toBeDefined();
    }
    tlb.fill(page(pages[WAYS]));
    expect(tlb.size).toBe(WAYS);
    pages.forEach((va, n) => expect([n, tlb.lookup(1, 0, va, READ, true) !== undefined]).toEqual([n, n !== evicted]));
  });

  test.each([
    ['low addresses', 0n],
    ['addresses whose page numbers exceed 32 bits', 0x7f00_0000_0000n],
  ])('pages of different sets do not evict each other (%s)', (_, base) => {
    const tlb = new Tlb();
    const pages = Array.from({ length: SETS * WAYS }, (_unused, n) => base + (BigInt(n) << 12n));
    for (const va of pages) tlb.fill(page(va));
    expect(tlb.size).toBe(SETS * WAYS);
    for (const va of pages) expect(tlb.lookup(1, 0, va, READ, true)?.pageBase).toBe(va);

    // One more page maps to the first page's set; only that set loses its LRU way.
    tlb.fill(page(base + (BigInt(SETS * WAYS) << 12n)));
    expect(tlb.size).toBe(SETS * WAYS);
    expect(tlb.lookup(1, 0, pages[0], READ, true)).toBeUndefined();
    for (const va of pages.slice(1)) expect(tlb.lookup(1, 0, va, READ, true)).toBeDefined();
  });

  test('large pages index by their own page number: 2 MiB pages in consecutive slots fill different sets', () => {
    const tlb = new Tlb();
    const pages = Array.from({ length: SETS }, (_unused, n) => BigInt(n) * MiB2);
    for (const va of pages) tlb.fill(page(va, { pageSize: MiB2, physicalBase: va }));
    // One 4 KiB page per 2 MiB region, in that region's set: the 2 MiB pages must not crowd them out.
    pages.forEach((va, n) => tlb.fill(page(va + (BigInt(n) << 12n))));
    expect(tlb.size).toBe(2 * SETS);
    for (const va of pages) expect(tlb.lookup(1, 0, va + 0x1_0000n, READ, true)?.pageSize).toBe(MiB2);
  });

  test('a fully associative TLB (one set) keeps any pages up to its size', () => {
    const tlb = new Tlb({ entries: 8, ways: 8 });
    const pages = [0n, 0x1000n, 0x10_0000n, 0xffff_8000_0000_0000n, 0x7fff_ffff_f000n, 0x4000_0000n, 0x2000n, 0x3000n];
    for (const va of pages) tlb.fill(page(va));
    for (const va of pages) expect(tlb.lookup(1, 0, va, READ, true)).toBeDefined();
  });

  // A global entry serves every PCID, so it collides with the page's entry in any PCID.
  test.each([
    ['same tags', {}, {}],
    ['a global entry over a non-global one', {}, { global: true }],
    ['a global entry from another PCID over a non-global one', {}, { pcid: 3, global: true }],
    ['a non-global entry over a global one from another PCID', { pcid: 3, global: true }, {}],
  ])('refilling a page replaces its entry instead of duplicating it (%s)', (_, first, refill) => {
    const tlb = new Tlb();
    tlb.fill(page(0x9000n, { ...first, physicalBase: 0x1_0000n }));
    tlb.fill(page(0x9000n, { ...refill, physicalBase: 0x2_0000n }));
    expect(tlb.size).toBe(1);
    expect(tlb.lookup(1, 0, 0x9000n, READ, true)?.physicalBase).toBe(0x2_0000n);
  });

  test('a page cached under two PCIDs keeps both entries', () => {
    const tlb = new Tlb();
    tlb.fill(page(0x9000n, { pcid: 1, physicalBase: 0x1_0000n }));
    tlb.fill(page(0x9000n, { pcid: 2, physicalBase: 0x2_0000n }));
    expect(tlb.size).toBe(2);
    expect(tlb.lookup(1, 1, 0x9000n, READ, true)?.physicalBase).toBe(0x1_0000n);
    expect(tlb.lookup(1, 2, 0x9000n, READ, true)?.physicalBase).toBe(0x2_0000n);
  });
});

describe('Tlb invalidation', () => {
  const va = 0x4000_3000n;
  /** Entries around va, all VPID 1 PCID 0 unless the name says otherwise. */
  const around: [string, TlbFill][] = [
    ['4k', page(va)],
    ['2m', page(va, { pageSize: MiB2, physicalBase: 0x20_0000n })],
    // A global entry of va's own size would replace '4k' (see the refill test), so this one is 1 GiB.
    ['global-1g-pcid7', page(va, { pageSize: GiB1, pcid: 7, global: true, physicalBase: 0x4000_0000n })],
    ['neighbour-4k', page(va + KiB4)],
    ['vpid2-pcid7', page(va, { vpid: 2, pcid: 7 })],
    ['vpid2-pcid0', page(va, { vpid: 2 })],
    ['vpid2-global', page(va + 2n * KiB4, { vpid: 2, global: true })],
    ['vpid1-pcid5', page(va + 3n * KiB4, { pcid: 5 })],
  ];

  function filledTlb(): { tlb: Tlb; names: Map<unknown, string> } {
    const tlb = new Tlb();
    for (const [, fill] of around) tlb.fill(fill);
    const names = new Map<unknown, string>();
    // Entries are fresh objects: name them by their distinguishing fields.
    for (const entry of tlb.entries()) {
      const match = around.find(
        ([, fill]) =>
          fill.vpid === entry.vpid &&
          fill.pcid === entry.pcid &&
          fill.va === entry.va &&
          fill.pageSize === entry.pageSize &&
          fill.global === entry.global,
      );
      names.set(entry, match?.[0] ?? 'unexpected entry');
    }
    expect([...names.values()].sort()).toEqual(allBut());
    return { tlb, names };
  }

  const remaining = (tlb: Tlb, names: Map<unknown, string>): string[] =>
    tlb.entries().map((entry) => names.get(entry) ?? '?').sort();
  const allBut = (...dropped: string[]): string[] =>
    around.map(([name]) => name).filter((name) => !dropped.includes(name)).sort();

  test.each([
    ['invalidatePage(1, 0, va)', (tlb: Tlb) => tlb.invalidatePage(1, 0, va), ['4k', '2m', 'global-1g-pcid7']],
    ['invalidatePage(1, 0, va + 0xfff)', (tlb: Tlb) => tlb.invalidatePage(1, 0, va + 0xfffn), ['4k', '2m', 'global-1g-pcid7']],
    ['invalidatePage(1, 0, neighbour)', (tlb: Tlb) => tlb.invalidatePage(1, 0, va + KiB4), ['neighbour-4k', '2m', 'global-1g-pcid7']],
    ['invalidatePage(1, 5, va)', (tlb: Tlb) => tlb.invalidatePage(1, 5, va), ['global-1g-pcid7']],
    ['invalidatePage(2, 7, va)', (tlb: Tlb) => tlb.invalidatePage(2, 7, va), ['vpid2-pcid7']],
    ['invalidatePage(3, 0, va)', (tlb: Tlb) => tlb.invalidatePage(3, 0, va), []],
    ['flushContext(1, 0)', (tlb: Tlb) => tlb.flushContext(1, 0), ['4k', '2m', 'neighbour-4k']],
    ['flushContext(1, 5)', (tlb: Tlb) => tlb.flushContext(1, 5), ['vpid1-pcid5']],
    ['flushContext(1, 7)', (tlb: Tlb) => tlb.flushContext(1, 7), []],
    ['flushContext(2, 0)', (tlb: Tlb) => tlb.flushContext(2, 0), ['vpid2-pcid0']],
    ['flushVpid(1)', (tlb: Tlb) => tlb.flushVpid(1), ['4k', '2m', 'global-1g-pcid7', 'neighbour-4k', 'vpid1-pcid5']],
    ['flushVpid(2)', (tlb: Tlb) => tlb.flushVpid(2), ['vpid2-pcid7', 'vpid2-pcid0', 'vpid2-global']],
    ['flushAll()', (tlb: Tlb) => tlb.flushAll(), around.map(([name]) => name)],
  ])('%s drops %j', (_, invalidate, dropped) => {
    const { tlb, names } = filledTlb();
    expect(invalidate(tlb)).toBe(dropped.length);
    expect(remaining(tlb, names)).toEqual(allBut(...dropped));
    expect(tlb.size).toBe(around.length - dropped.length);
  });

  test('invlpg in one PCID drops a 4 KiB global entry filled under another', () => {
    const tlb = new Tlb();
    tlb.fill(page(va, { pcid: 7, global: true }));
    expect(tlb.invalidatePage(1, 0, va)).toBe(1);
    expect(tlb.lookup(1, 7, va, READ, true)).toBeUndefined();
  });

  test('after invalidating the only large entries, lookups inside them miss', () => {
    const tlb = new Tlb();
    tlb.fill(page(0x4000_0000n, { pageSize: MiB2, physicalBase: 0x20_0000n }));
    tlb.fill(page(0x80_0000_0000n, { pageSize: GiB1, physicalBase: 0x4000_0000n }));
    expect(tlb.invalidatePage(1, 0, 0x4000_1000n)).toBe(1);
    expect(tlb.invalidatePage(1, 0, 0x80_1000_0000n)).toBe(1);
    expect(tlb.lookup(1, 0, 0x4000_1000n, READ, true)).toBeUndefined();
    expect(tlb.lookup(1, 0, 0x80_1000_0000n, READ, true)).toBeUndefined();
  });

  test('invlpg anywhere in a large page drops every 4 KiB piece cached of it, in its VPID and PCID only (SDM 4.10.4.1)', () => {
    const tlb = new Tlb();
    const piece = (at: bigint, overrides: Partial<TlbFill> = {}) => page(at, { mappedPageSize: MiB2, ...overrides });
    tlb.fill(piece(0x4000_0000n));
    tlb.fill(piece(0x401f_f000n));
    tlb.fill(piece(0x4020_0000n)); // a piece of the next 2 MiB page
    tlb.fill(piece(0x4000_1000n, { vpid: 2 }));
    tlb.fill(piece(0x4000_2000n, { pcid: 5 }));
    tlb.fill(page(0x4000_3000n)); // a 4 KiB page of its own
    expect(tlb.invalidatePage(1, 0, 0x4010_0000n)).toBe(2);
    expect(tlb.entries().map((entry) => `${entry.vpid}/${entry.pcid} 0x${entry.pageBase.toString(16)}`).sort()).toEqual([
      '1/0 0x40003000',
      '1/0 0x40200000',
      '1/5 0x40002000',
      '2/0 0x40001000',
    ]);
    tlb.flushAll();
    tlb.fill(piece(0x4000_0000n));
    expect(tlb.invalidatePage(1, 0, 0x4000_0000n)).toBe(1);
    expect(tlb.size).toBe(0);
  });

  test('a piece must be smaller than the page it is a piece of', () => {
    expect(() => new Tlb().fill(page(0n, { pageSize: MiB2, mappedPageSize: MiB2 }))).toThrow(/mapped page size 0x200000 for a 0x200000 entry/);
  });

  test('after flushAll the TLB is empty and fills again', () => {
    const tlb = new Tlb();
    // Region n holds a 2 MiB page (odd n) or a 4 KiB page in set n (even n): ten entries, no eviction.
    for (let n = 0; n < 10; n++) {
      const va = (BigInt(n) << 21n) + (BigInt(n) << 12n);
      tlb.fill(page(va, { pageSize: n % 2 ? MiB2 : KiB4, physicalBase: 0n }));
    }
    expect(tlb.flushAll()).toBe(10);
    expect(tlb.size).toBe(0);
    expect(tlb.entries()).toEqual([]);
    expect(tlb.lookup(1, 0, 0n, READ, true)).toBeUndefined();
    expect(tlb.lookup(1, 0, MiB2, READ, true)).toBeUndefined();
    tlb.fill(page(0n));
    expect(tlb.lookup(1, 0, 0n, READ, true)).toBeDefined();
  });
});

describe('Tlb configuration', () => {
  test.each([
    [DEFAULT_TLB_CONFIG, 16],
    [{ entries: 1, ways: 1 }, 1],
    [{ entries: 64, ways: 64 }, 1],
    [{ entries: 1536, ways: 12 }, 128],
  ])('%o has %d sets', (config, sets) => {
    expect(new Tlb(config).sets).toBe(sets);
  });

  test('the default is 64 entries, 4-way', () => {
    expect(DEFAULT_TLB_CONFIG).toEqual({ entries: 64, ways: 4 });
    expect(new Tlb().sets).toBe(16);
  });

  test.each<[string, TlbConfig]>([
    ['zero entries', { entries: 0, ways: 4 }],
    ['negative entries', { entries: -64, ways: 4 }],
    ['fractional entries', { entries: 64.5, ways: 4 }],
    ['absurdly many entries', { entries: 2 ** 30, ways: 4 }],
    ['zero ways', { entries: 64, ways: 0 }],
    ['fractional ways', { entries: 64, ways: 0.5 }],
    ['entries not a multiple of ways', { entries: 64, ways: 3 }],
    ['a set count that is not a power of two', { entries: 48, ways: 4 }],
    ['NaN entries', { entries: NaN, ways: 4 }],
  ])('%s is refused with OPTION_INVALID', (_, config) => {
    expect(() => new Tlb(config)).toThrow(VmlabError);
    expect(() => new Tlb(config)).toThrow(expect.objectContaining({ code: 'OPTION_INVALID' }));
  });

  test.each<[string, Partial<TlbFill>]>([
    ['a page size of 8 KiB', { pageSize: 0x2000n }],
    ['a physical base not aligned to its page', { pageSize: MiB2, physicalBase: 0x1000n }],
    ['a VPID beyond 16 bits', { vpid: 0x1_0000 }],
    ['a PCID beyond 12 bits', { pcid: 0x1000 }],
    ['unknown rights bits', { rights: 0x10 }],
    ['a negative address', { va: -0x1000n }],
  ])('a fill with %s is a simulator bug, not a user error', (_, overrides) => {
    const tlb = new Tlb();
    expect(() => tlb.fill(page(0x1000n, overrides))).toThrow(/internal error/);
    expect(() => tlb.fill(page(0x1000n, overrides))).not.toThrow(VmlabError);
    expect(tlb.size).toBe(0);
  });
});
