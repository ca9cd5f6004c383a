import { Prot } from '../scenario/types';

/** A mapped region (a VMA): pages [first, first + count) with one protection. */
export interface Region {
  readonly firstPage: bigint;
  readonly pageCount: bigint;
  readonly prot: Prot;
}

/**
 * The guest OS's record of what a process has mapped: the truth its page
 * fault handler consults (page-table entries only exist for touched pages).
 */
export class AddressSpace {
  private regions: Region[] = [];

  clone(): AddressSpace {
    const copy = new AddressSpace();
    copy.regions = [...this.regions];
    return copy;
  }

  regionOf(page: bigint): Region | undefined {
    return this.regions.find((region) => page >= region.firstPage && page < region.firstPage + region.pageCount);
  }

  overlaps(firstPage: bigint, pageCount: bigint): boolean {
    return this.regions.some(
      (region) => firstPage < region.firstPage + region.pageCount && region.firstPage < firstPage + pageCount,
    );
  }

  add(firstPage: bigint, pageCount: bigint, prot: Prot): void {
    this.regions.push({ firstPage, pageCount, prot });
    this.regions.sort((a, b) => (a.firstPage < b.firstPage ? -1 : 1));
  }

  /** Remove [firstPage, firstPage + pageCount) from every region, splitting where needed. */
  remove(firstPage: bigint, pageCount: bigint): void {
    this.replace(firstPage, pageCount, null);
  }

  /** Give [firstPage, firstPage + pageCount) ∩ mapped pages the protection `prot`. */
  protect(firstPage: bigint, pageCount: bigint, prot: Prot): void {
    this.replace(firstPage, pageCount, prot);
  }

  get all(): readonly Region[] {
    return this.regions;
  }

  private replace(firstPage: bigint, pageCount: bigint, prot: Prot | null): void {
    const end = firstPage + pageCount;
    const result: Region[] = [];
    for (const region of this.regions) {
      const regionEnd = region.firstPage + region.pageCount;
      if (regionEnd <= firstPage || region.firstPage >= end) {
        result.push(region);
        continue;
      }
      if (region.firstPage < firstPage) result.push({ ...region, pageCount: firstPage - region.firstPage });
      if (prot !== null) {
        const start = region.firstPage > firstPage ? region.firstPage : firstPage;
        const stop = regionEnd < end ? regionEnd : end;
        result.push({ firstPage: start, pageCount: stop - start, prot });
      }
      if (regionEnd > end) result.push({ ...region, firstPage: end, pageCount: regionEnd - end });
    }
    this.regions = result;
  }
}
