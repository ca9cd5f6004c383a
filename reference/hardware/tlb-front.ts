import { Gva } from '../addresses';
import { Access } from '../paging/rights';
import { PagingStructureCache } from '../tlb/paging-structure-cache';
import { TranslationCache } from '../tlb/tlb-component';
import { MachineContext } from './machine-context';

/** Guests run without PCIDs (docs/scenario-format.md): every entry carries PCID 0. */
export const GUEST_PCID = 0;

/**
 * CR0.WP of every guest (guestPagingControl): the machine's accesses are user
 * accesses, for which WP changes nothing, so the TLB is asked with WP set.
 */
const GUEST_WP = true;

/** What builds a TlbFront. */
export interface TlbFrontOptions {
  /** The TLB, built by the TLB component (`components.tlb.create`). */
  readonly tlb: TranslationCache;
  /** Entries of the paging-structure cache beside it (0: none). */
  readonly walkCacheEntries: number;
  readonly context: MachineContext;
}

/**
 * The TLB as the hardware that owns it uses it: the TLB component, which
 * decides what each call does to its entries, and beside it the hardware's
 * paging-structure cache of the walks that fill it (`walkCache`, tagged by
 * VPID: guests run without PCIDs, so a VPID is a whole context), flushed by
 * the same events: invlpg, a CR3 write, INVVPID and a VM transition without
 * VPIDs. Hits and misses are counted here.
 */
export class TlbFront {
  readonly tlb: TranslationCache;
  readonly walkCache: PagingStructureCache;
  private readonly context: MachineContext;

  constructor(options: TlbFrontOptions) {
    this.tlb = options.tlb;
    this.walkCache = new PagingStructureCache(options.walkCacheEntries);
    this.context = options.context;
  }

  /**
   * The TLB half of every mode's translation: a hit returns the physical
   * address; a miss (or an entry that may not serve this access, such as a
   * clean page about to be written, which must walk again to set D, and
   * which the TLB drops) returns null and the caller walks.
   */
  lookup(vpid: number, va: Gva, access: Access): bigint | null {
    const entry = this.tlb.lookup(vpid, GUEST_PCID, va, access, GUEST_WP);
    const context = this.context;
    if (entry !== undefined) {
      context.stats.tlbHits++;
      context.charge('tlb-hit', context.costs.tlbHitAccess);
      return entry.physicalBase | (va & (entry.pageSize - 1n));
    }
    context.stats.tlbMisses++;
    return null;
  }

  /**
   * Cache a completed walk: the page, its combined rights, and whether writes
   * may use it; `mappedPageSize` when the page is a piece of a larger guest page.
   */
  fill(vpid: number, va: Gva, walk: { pageSize: bigint; physical: bigint; rights: number; dirty: boolean; mappedPageSize?: bigint }): void {
    this.tlb.fill({
      vpid,
      pcid: GUEST_PCID,
      global: false,
      va,
      pageSize: walk.pageSize,
      physicalBase: walk.physical & ~(walk.pageSize - 1n),
      rights: walk.rights,
      dirty: walk.dirty,
      ...(walk.mappedPageSize === undefined ? {} : { mappedPageSize: walk.mappedPageSize }),
    });
  }

  /** INVLPG of `va` in the guest context of `vpid`; returns the TLB entries dropped. */
  invalidatePage(vpid: number, va: Gva): number {
    // INVLPG drops every paging-structure-cache entry of the context, whatever address it maps (SDM 4.10.4.1).
    this.walkCache.flushTag(vpid);
    return this.tlb.invalidatePage(vpid, GUEST_PCID, va);
  }

  /** A CR3 write in the guest context of `vpid`. */
  flushContext(vpid: number): number {
    this.walkCache.flushTag(vpid);
    return this.tlb.flushContext(vpid, GUEST_PCID);
  }

  /** INVVPID single-context. */
  flushVpid(vpid: number): number {
    this.walkCache.flushTag(vpid);
    return this.tlb.flushVpid(vpid);
  }

  /** A VM entry or exit: without VPIDs it invalidates VPID 0's mappings, and every cached one is VPID 0's (SDM 28.3.3.1). */
  vmTransition(vpidEnabled: boolean): number {
    if (!vpidEnabled) this.walkCache.clear();
    return this.tlb.vmTransition(vpidEnabled);
  }
}
