import { PAGE_SHIFT } from '../addresses';
import { levelPageSize } from '../paging/geometry';
import { Prot } from '../scenario/types';

/** A mapped region (a VMA): pages [first, first + count) with one protection. */
export interface Region {
  readonly firstPage: bigint;
  readonly pageCount: bigint;
  readonly prot: Prot;
  /**
   * The largest leaf its pages may be mapped with: 1 (4 KiB pages), 2 (2 MiB)
   * or 3 (1 GiB), as its mmap asked. Pieces of a region keep it.
   */
  readonly pageLevel: number;
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

  add(firstPage: bigint, pageCount: bigint, prot: Prot, pageLevel = 1): void {
    this.regions.push({ firstPage, pageCount, prot, pageLevel });
    this.regions.sort((a, b) => (a.firstPage < b.firstPage ? -1 : 1));
  }

  /** Remove [firstPage, firstPage + pageCount) from every region, splitting where needed. */
  remove(firstPage: bigint, pageCount: bigint): void {
    this.replace(firstPage, pageCount, null);
  }

  /**
   * Give [firstPage, firstPage + pageCount) ∩ mapped pages the protection
   * `prot`. A region that has it already is left whole, as Linux's mprotect
   * leaves such a VMA unsplit: where regions end decides which large pages fit.
   */
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
      if (regionEnd <= firstPage || region.firstPage >= end || region.prot === prot) {
        result.push(region);
        continue;
      }
      if (region.firstPage < firstPage) result.push({ ...region, pageCount: firstPage - region.firstPage });
      if (prot !== null) {
        const start = region.firstPage > firstPage ? region.firstPage : firstPage;
        const stop = regionEnd < end ? regionEnd : end;
        result.push({ ...region, firstPage: start, pageCount: stop - start, prot });
      }
      if (regionEnd > end) result.push({ ...region, firstPage: end, pageCount: regionEnd - end });
    }
    this.regions = result;
  }
}

/**
 * The level of the leaf a fault on `page` of `region` installs: the largest
 * the region allows whose naturally aligned block lies wholly inside the
 * region, else 1. (Linux maps a transparent huge page only where the VMA
 * covers the whole aligned range.) So a piece cut off a large-page region by
 * munmap or mprotect is mapped with the large pages that still fit, and 4 KiB
 * pages elsewhere.
 */
export function leafLevelFor(region: Region, page: bigint): number {
  for (let level = region.pageLevel; level > 1; level--) {
    const span = levelPageSize(level) >> PAGE_SHIFT;
    const start = page - (page % span);
    if (start >= region.firstPage && start + span <= region.firstPage + region.pageCount) return level;
  }
  return 1;
}
