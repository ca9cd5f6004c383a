import { TlbComponent, TranslationCache } from '../../../reference/tlb/tlb-component';
import { TlbEntry, TlbFill } from '../../../reference/tlb/tlb-entry';
import { tlbEntryPermits } from '../../../reference/tlb/tlb-permits';

/** The mistakes a FlawedTlb can make, one flag each; none set is a correct TLB. */
export interface TlbFlaws {
  /** A hit does not make its entry the most recently used of its set. */
  readonly noRefreshOnHit?: boolean;
  /** A CR3 write drops the global entries of the context too. */
  readonly cr3WriteDropsGlobal?: boolean;
  /** A lookup matches entries of any VPID. */
  readonly lookupIgnoresVpid?: boolean;
  /** A write may use an entry filled clean. */
  readonly writeUsesCleanEntry?: boolean;
  /** INVLPG looks at 4 KiB entries only. */
  readonly invlpgSmallPagesOnly?: boolean;
}

const PAGE_SIZES = [0x1000n, 0x20_0000n, 0x4000_0000n];

/**
 * A small, plainly written TLB (a list per set, least recently used first)
 * that can make the mistakes of TlbFlaws, for tests of the observer and the
 * judge. Without flaws it behaves as the reference does.
 */
export function flawedTlb(flaws: TlbFlaws = {}): TlbComponent {
  return { create: (config) => new FlawedTlb(config.entries / config.ways, config.ways, flaws) };
}

/** The methods of `tlb` as a plain object, so a test can spread it and replace one. */
export function methodsOf(tlb: TranslationCache): TranslationCache {
  return {
    lookup: (...args) => tlb.lookup(...args),
    fill: (fill) => tlb.fill(fill),
    invalidatePage: (...args) => tlb.invalidatePage(...args),
    flushContext: (...args) => tlb.flushContext(...args),
    flushVpid: (vpid) => tlb.flushVpid(vpid),
    vmTransition: (vpidEnabled) => tlb.vmTransition(vpidEnabled),
    flushAll: () => tlb.flushAll(),
    entries: () => tlb.entries(),
  };
}

/**
 * An INVLPG that misses 2 MiB entries but counts them as dropped: the count
 * matches the reference's, so only the entries cached at the end show it.
 */
export const invlpgMissingLargePagesUncounted: TlbComponent = {
  create(config) {
    const tlb = flawedTlb({ invlpgSmallPagesOnly: true }).create(config);
    const missed = (vpid: number, pcid: number, va: bigint) =>
      tlb.entries().filter((entry) => entry.pageSize > 0x1000n && entry.vpid === vpid && (entry.pcid === pcid || entry.global) && entry.pageBase === (va & ~(entry.pageSize - 1n))).length;
    return { ...methodsOf(tlb), invalidatePage: (vpid, pcid, va) => missed(vpid, pcid, va) + tlb.invalidatePage(vpid, pcid, va) };
  },
};

class FlawedTlb implements TranslationCache {
  /** Each set's entries, least recently used first. */
  private readonly sets: TlbEntry[][];

  constructor(
    setCount: number,
    private readonly ways: number,
    private readonly flaws: TlbFlaws,
  ) {
    this.sets = Array.from({ length: setCount }, () => []);
  }

  lookup(vpid: number, pcid: number, va: bigint, access: { kind: 'read' | 'write' | 'fetch'; user: boolean }, wp: boolean): TlbEntry | undefined {
    for (const size of PAGE_SIZES) {
      const set = this.setOf(va, size);
      const entry = set.find((e) => e.pageSize === size && e.pageBase === (va & ~(size - 1n)) && (this.flaws.lookupIgnoresVpid || e.vpid === vpid) && (e.pcid === pcid || e.global));
      if (entry === undefined) continue;
      const permitted = tlbEntryPermits(this.flaws.writeUsesCleanEntry ? { ...entry, dirty: true } : entry, access, wp) === 'hit';
      if (permitted && this.flaws.noRefreshOnHit) return entry;
      set.splice(set.indexOf(entry), 1);
      if (!permitted) return undefined;
      set.push(entry);
      return entry;
    }
    return undefined;
  }

  fill(fill: TlbFill): void {
    const pageBase = fill.va & ~(fill.pageSize - 1n);
    const entry: TlbEntry = { ...fill, pageBase };
    const set = this.setOf(pageBase, fill.pageSize);
    this.remove(set, (e) => e.vpid === entry.vpid && e.pageSize === entry.pageSize && e.pageBase === pageBase && (e.pcid === entry.pcid || e.global || entry.global));
    if (set.length === this.ways) set.shift();
    set.push(entry);
  }

  invalidatePage(vpid: number, pcid: number, va: bigint): number {
    const sizes = this.flaws.invlpgSmallPagesOnly ? PAGE_SIZES.slice(0, 1) : PAGE_SIZES;
    const inPage = (base: bigint, size: bigint) => base === (va & ~(size - 1n));
    return this.removeEverywhere(
      (e) => e.vpid === vpid && (e.pcid === pcid || e.global) && ((sizes.includes(e.pageSize) && inPage(e.pageBase, e.pageSize)) || (e.mappedPageSize !== undefined && inPage(e.pageBase & ~(e.mappedPageSize - 1n), e.mappedPageSize))),
    );
  }

  flushContext(vpid: number, pcid: number): number {
    return this.removeEverywhere((e) => e.vpid === vpid && e.pcid === pcid && (this.flaws.cr3WriteDropsGlobal || !e.global));
  }

  flushVpid(vpid: number): number {
    return this.removeEverywhere((e) => e.vpid === vpid);
  }

  vmTransition(vpidEnabled: boolean): number {
    return vpidEnabled ? 0 : this.flushAll();
  }

  flushAll(): number {
    return this.removeEverywhere(() => true);
  }

  entries(): TlbEntry[] {
    return this.sets.flat();
  }

  /** Each page size indexes the sets with its own page number, as the reference does. */
  private setOf(va: bigint, size: bigint): TlbEntry[] {
    return this.sets[Number((va / size) % BigInt(this.sets.length))];
  }

  private remove(set: TlbEntry[], drop: (entry: TlbEntry) => boolean): number {
    const before = set.length;
    set.splice(0, set.length, ...set.filter((entry) => !drop(entry)));
    return before - set.length;
  }

  private removeEverywhere(drop: (entry: TlbEntry) => boolean): number {
    return this.sets.reduce((dropped, set) => dropped + this.remove(set, drop), 0);
  }
}
