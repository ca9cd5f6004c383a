import { LruSet } from './lru-set';
import { PagingStructureCache } from './paging-structure-cache';

/** Entries of each structure; 0 turns it off. */
export interface NestedCacheSizes {
  /** Non-leaf EPT/NPT entries (a paging-structure cache of the nested dimension). */
  readonly walkCache: number;
  /** Complete gPA→hPA translations (Bhargava et al.'s nested TLB). */
  readonly nestedTlb: number;
}

/**
 * What the hardware caches of the nested dimension: a paging-structure cache
 * of EPT/NPT entries and a nested TLB of gPA→hPA translations, both tagged by
 * VM (its EPTP or nCR3). The guest's VPID does not tag them, so they survive
 * VM switches and CR3 writes alike; only INVEPT (a change to the VM's nested
 * tables) drops them.
 */
export class NestedTranslationCaches {
  readonly walkCache: PagingStructureCache;
  private readonly translations: LruSet;

  constructor(sizes: NestedCacheSizes) {
    this.walkCache = new PagingStructureCache(sizes.walkCache);
    this.translations = new LruSet(sizes.nestedTlb);
  }

  get nestedTlbEnabled(): boolean {
    return this.translations.capacity > 0;
  }

  /** Whether the nested TLB translates the guest-physical page `gpa` lies in (pages of `pageShift` bits). */
  lookupTranslation(vm: number, gpa: bigint, pageShift: bigint): boolean {
    return this.translations.lookup(translationKey(vm, gpa, pageShift));
  }

  fillTranslation(vm: number, gpa: bigint, pageShift: bigint): void {
    this.translations.insert(translationKey(vm, gpa, pageShift), vm);
  }

  /** INVEPT single-context: everything cached from this VM's nested tables. */
  invept(vm: number): void {
    this.walkCache.flushTag(vm);
    this.translations.flushTag(vm);
  }
}

function translationKey(vm: number, gpa: bigint, pageShift: bigint): string {
  return `${vm}/${(gpa >> pageShift).toString(16)}`;
}
