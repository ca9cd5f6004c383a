import { Gva } from '../addresses';
import { Access, ALL_RIGHTS, RIGHT_READ, RIGHT_USER, RIGHT_WRITE } from '../paging/rights';
import { referenceTlb } from '../tlb/reference-tlb';
import { DEFAULT_TLB_CONFIG } from '../tlb/tlb-config';
import { MachineContext } from './machine-context';
import { TlbFront } from './tlb-front';

const VA = 0x7f12_3456_7000n as Gva;
const NON_LEAF_LEVELS = [4, 3, 2];
const READ: Access = { kind: 'read', user: true };
const WRITE: Access = { kind: 'write', user: true };

/** A front whose TLB holds one page of VPIDs 1 and 2 and whose walk cache holds the upper levels of a walk of each. */
function warmFront(): { front: TlbFront; context: MachineContext } {
  const context = new MachineContext();
  const front = new TlbFront({ tlb: referenceTlb.create(DEFAULT_TLB_CONFIG), walkCacheEntries: 16, context });
  for (const vpid of [1, 2]) {
    front.fill(vpid, VA, { pageSize: 0x1000n, physical: 0xabc000n, rights: ALL_RIGHTS, dirty: true });
    front.walkCache.skippedReads(vpid, VA, NON_LEAF_LEVELS);
  }
  return { front, context };
}

/** Which VPIDs still have their walk-cache entries and TLB entry. */
function cached(front: TlbFront): { walkCache: number[]; tlb: number[] } {
  const walkCache = [1, 2].filter((vpid) => front.walkCache.skippedReads(vpid, VA + 0x1000n, NON_LEAF_LEVELS) === NON_LEAF_LEVELS.length);
  return { walkCache, tlb: front.tlb.entries().map((entry) => entry.vpid).sort() };
}

describe('TlbFront flushes its paging-structure cache with the TLB', () => {
  test('a warm front holds both contexts in both caches', () => {
    const { front } = warmFront();
    expect(front.walkCache.size).toBe(6);
    expect(cached(front)).toEqual({ walkCache: [1, 2], tlb: [1, 2] });
  });

  test.each<[string, (front: TlbFront) => number, number]>([
    // INVLPG drops the whole context's walk-cache entries, whatever address they map (SDM 4.10.4.1).
    ['invlpg of another page', (front) => front.invalidatePage(1, (VA + 0x20_0000n) as Gva), 0],
    ['invlpg', (front) => front.invalidatePage(1, VA), 1],
    ['a CR3 write', (front) => front.flushContext(1), 1],
    ['INVVPID', (front) => front.flushVpid(1), 1],
  ])('%s in VPID 1 drops VPID 1 walk-cache entries and keeps VPID 2', (_, flush, tlbDropped) => {
    const { front } = warmFront();
    expect(flush(front)).toBe(tlbDropped);
    expect(front.walkCache.size).toBe(3);
    expect(cached(front)).toEqual({ walkCache: [2], tlb: tlbDropped === 1 ? [2] : [1, 2] });
  });

  test('a VM transition without VPIDs empties both', () => {
    const { front } = warmFront();
    expect(front.vmTransition(false)).toBe(2);
    expect(front.walkCache.size).toBe(0);
    expect(front.tlb.entries()).toEqual([]);
  });

  test('a VM transition with VPIDs keeps both', () => {
    const { front } = warmFront();
    expect(front.vmTransition(true)).toBe(0);
    expect(cached(front)).toEqual({ walkCache: [1, 2], tlb: [1, 2] });
  });
});

describe('TlbFront lookups', () => {
  test('a hit returns the physical address and is counted and charged; a miss is counted', () => {
    const { front, context } = warmFront();
    expect(front.lookup(1, (VA + 0x123n) as Gva, READ)).toBe(0xabc123n);
    expect(front.lookup(3, VA, READ)).toBeNull();
    expect(context.stats).toMatchObject({ tlbHits: 1, tlbMisses: 1 });
    expect(context.stats.cyclesBy['tlb-hit']).toBe(context.costs.tlbHitAccess);
  });

  test('an entry that may not serve the access is a miss, and the TLB drops it', () => {
    const context = new MachineContext();
    const front = new TlbFront({ tlb: referenceTlb.create(DEFAULT_TLB_CONFIG), walkCacheEntries: 0, context });
    front.fill(1, VA, { pageSize: 0x1000n, physical: 0xabc000n, rights: RIGHT_READ | RIGHT_WRITE | RIGHT_USER, dirty: false });
    expect(front.lookup(1, VA, WRITE)).toBeNull();
    expect(front.tlb.entries()).toEqual([]);
    expect(context.stats).toMatchObject({ tlbHits: 0, tlbMisses: 1 });
  });

  test('fills carry PCID 0, no G bit, the page-aligned frame and a piece size when given', () => {
    const context = new MachineContext();
    const front = new TlbFront({ tlb: referenceTlb.create(DEFAULT_TLB_CONFIG), walkCacheEntries: 0, context });
    front.fill(2, (VA + 0x45n) as Gva, { pageSize: 0x1000n, physical: 0xabc045n, rights: ALL_RIGHTS, dirty: true, mappedPageSize: 0x20_0000n });
    expect(front.tlb.entries()).toEqual([expect.objectContaining({ vpid: 2, pcid: 0, global: false, pageBase: VA, physicalBase: 0xabc000n, mappedPageSize: 0x20_0000n })]);
  });
});
