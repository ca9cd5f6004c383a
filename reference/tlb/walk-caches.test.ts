import { LruSet } from './lru-set';
import { NestedTranslationCaches } from './nested-translation-caches';
import { PagingStructureCache } from './paging-structure-cache';

describe('LruSet', () => {
  it('evicts the least recently used key, where a lookup counts as a use', () => {
    const set = new LruSet(2);
    set.insert('a', 1);
    set.insert('b', 1);
    expect(set.lookup('a')).toBe(true);
    set.insert('c', 1);
    expect([set.lookup('a'), set.lookup('b'), set.lookup('c')]).toEqual([true, false, true]);
  });

  it('flushes one tag and keeps the others', () => {
    const set = new LruSet(4);
    set.insert('a', 1);
    set.insert('b', 2);
    set.insert('c', 1);
    expect(set.flushTag(1)).toBe(2);
    expect([set.lookup('a'), set.lookup('b'), set.lookup('c')]).toEqual([false, true, false]);
  });

  it('with no capacity caches nothing', () => {
    const set = new LruSet(0);
    set.insert('a', 1);
    expect(set.lookup('a')).toBe(false);
  });
});

describe('PagingStructureCache', () => {
  const VA = 0x7f12_3456_7000n;

  it('a cold walk skips nothing and caches the non-leaf entries it read', () => {
    const cache = new PagingStructureCache(8);
    expect(cache.skippedReads(1, VA, [4, 3, 2])).toBe(0);
    expect(cache.size).toBe(3);
  });

  it('the deepest cached level decides: a cached PDE skips PML4E, PDPTE and PDE', () => {
    const cache = new PagingStructureCache(8);
    cache.skippedReads(1, VA, [4, 3, 2]);
    expect(cache.skippedReads(1, VA + 0x1000n, [4, 3, 2])).toBe(3);
  });

  it('names an entry by the address bits above its level: the next 2 MiB region shares only the PDPTE and PML4E', () => {
    const cache = new PagingStructureCache(8);
    cache.skippedReads(1, VA, [4, 3, 2]);
    expect(cache.skippedReads(1, VA + 0x20_0000n, [4, 3, 2])).toBe(2);
    // ... and that walk cached its own PDE.
    expect(cache.skippedReads(1, VA + 0x20_0000n, [4, 3, 2])).toBe(3);
  });

  it('keeps contexts apart and flushes one of them', () => {
    const cache = new PagingStructureCache(8);
    cache.skippedReads(1, VA, [4, 3, 2]);
    expect(cache.skippedReads(2, VA, [4, 3, 2])).toBe(0);
    cache.flushTag(1);
    expect(cache.skippedReads(1, VA, [4, 3, 2])).toBe(0);
    expect(cache.skippedReads(2, VA, [4, 3, 2])).toBe(3);
  });

  it('a 1-entry cache keeps the deepest entry of the last walk', () => {
    const cache = new PagingStructureCache(1);
    cache.skippedReads(1, VA, [4, 3, 2]);
    expect(cache.size).toBe(1);
    expect(cache.skippedReads(1, VA, [4, 3, 2])).toBe(3);
  });
});

describe('NestedTranslationCaches', () => {
  it('translates by page of the given size, per VM, until INVEPT', () => {
    const caches = new NestedTranslationCaches({ walkCache: 4, nestedTlb: 4 });
    caches.fillTranslation(1, 0x20_1234n, 21n);
    expect(caches.lookupTranslation(1, 0x3f_ffffn, 21n)).toBe(true);
    expect(caches.lookupTranslation(1, 0x40_0000n, 21n)).toBe(false);
    expect(caches.lookupTranslation(2, 0x20_1234n, 21n)).toBe(false);
    caches.walkCache.skippedReads(1, 0x20_1234n, [4, 3, 2]);
    caches.invept(1);
    expect(caches.lookupTranslation(1, 0x20_1234n, 21n)).toBe(false);
    expect(caches.walkCache.size).toBe(0);
  });
});
