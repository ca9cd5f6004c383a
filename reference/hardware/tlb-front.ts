import { Gva } from '../addresses';
import { Access } from '../paging/rights';
import { Tlb, tlbEntryPermits } from '../tlb/tlb';
import { MachineContext } from './machine-context';

/** Guests run without PCIDs (SCENARIO.md): every entry carries PCID 0. */
export const GUEST_PCID = 0;

/**
 * The TLB half of every mode's translation: a hit returns the physical
 * address; a miss (or an entry that may not serve this access, such as a
 * clean page about to be written, which must walk again to set D) returns
 * null and the caller walks.
 */
export function lookupTranslation(tlb: Tlb, vpid: number, va: Gva, access: Access, context: MachineContext): bigint | null {
  const entry = tlb.lookup(vpid, GUEST_PCID, va);
  if (entry !== undefined) {
    if (tlbEntryPermits(entry, access, true) === 'hit') {
      context.stats.tlbHits++;
      context.charge('tlb-hit', context.costs.tlbHitAccess);
      return entry.physicalBase | (va & (entry.pageSize - 1n));
    }
    tlb.invalidateEntry(entry);
  }
  context.stats.tlbMisses++;
  return null;
}

/**
 * Cache a completed walk: the page, its combined rights, and whether writes
 * may use it; `mappedPageSize` when the page is a piece of a larger guest page.
 */
export function fillTranslation(
  tlb: Tlb,
  vpid: number,
  va: Gva,
  walk: { pageSize: bigint; physical: bigint; rights: number; dirty: boolean; mappedPageSize?: bigint },
): void {
  tlb.fill({
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
