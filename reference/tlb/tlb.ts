import { invariant } from '../errors';
import { Access } from '../paging/rights';
import { TranslationCache } from './tlb-component';
import { DEFAULT_TLB_CONFIG, TlbConfig, tlbSetCount } from './tlb-config';
import { SMALL_PAGES_PER_PAGE, TlbEntry, TlbFill, makeTlbEntry, pageSizeClass } from './tlb-entry';
import { tlbEntryPermits } from './tlb-permits';

/**
 * The reference TLB (the TLB component's reference solution): the translation
 * lookaside buffer of the simulated MMU, shared by the native, shadow and EPT
 * modes. It caches complete translations, virtual page to host-physical
 * frame, with the rights of the whole walk.
 *
 * Model choices:
 * - One unified, set-associative TLB for 4 KiB, 2 MiB and 1 GiB pages.
 * - Set index = (va >> log2(pageSize)) mod sets: each page size indexes with
 *   its own page number, so a lookup probes the 4 KiB set first, then the
 *   2 MiB and 1 GiB sets, the latter two only while entries of that size are
 *   cached (a count per size keeps the 4 KiB-only case to one probe).
 * - Entries are tagged with VPID (0 = host / native), PCID, global and size.
 *   A global entry matches any PCID of its own VPID, never another VPID.
 * - Replacement is LRU within a set: every hit and fill stamps the way with a
 *   global use counter, and a fill takes a free way or the oldest stamp.
 * - A fill first drops every entry it would collide with: same VPID, size and
 *   page, and the same PCID or either side global. So a lookup never has two
 *   candidates of one size, and refilling a page never duplicates it.
 * - A large page may be cached as 4 KiB pieces (a guest large page over 4 KiB
 *   EPT pages); invlpg drops every piece of it, as the SDM requires.
 * - A hit that may not serve the access (`tlbEntryPermits`: rights, or a write
 *   through an entry filled by a read of a clean page) drops the entry and
 *   misses, so the machine walks again.
 *
 * Entries live in flat per-slot typed arrays (slot = set * ways + way), so a
 * hit compares numbers only: the 4 KiB virtual page number is computed once
 * as a double and a hit allocates nothing (addresses of 2^53 and above take a
 * bigint shift instead).
 */
export class Tlb implements TranslationCache {
  readonly sets: number;
  readonly ways: number;
  private readonly setMask: number;

  /** Size class of the slot's entry (0: 4 KiB, 1: 2 MiB, 2: 1 GiB), or EMPTY. */
  private readonly slotSizeClass: Int8Array;
  /** The entry's page number in units of its own page size. */
  private readonly slotPageNumber: Float64Array;
  private readonly slotVpid: Int32Array;
  private readonly slotPcid: Int32Array;
  private readonly slotGlobal: Uint8Array;
  /** Use stamp for LRU: larger is more recent. */
  private readonly slotLastUse: Float64Array;
  private readonly slotEntry: (TlbEntry | undefined)[];

  // audit-equivalent(constant): a count only lets a search skip the sets of a size no entry has: one above the truth costs a search, never a result
  private readonly countBySizeClass = [0, 0, 0];
  /** Entries that are pieces of a larger mapped page (`mappedPageSize`). */
  // audit-equivalent(constant): pieceCount only lets invlpg skip the search for pieces: one above the truth costs a search, never a result
  private pieceCount = 0;
  // audit-equivalent(constant): LRU compares stamps, never their values: every stamp shifts alike
  private useClock = 0;
  private validCount = 0;

  constructor(config: TlbConfig = DEFAULT_TLB_CONFIG) {
    this.sets = tlbSetCount(config);
    this.ways = config.ways;
    this.setMask = this.sets - 1;
    const slots = config.entries;
    this.slotSizeClass = new Int8Array(slots).fill(EMPTY);
    this.slotPageNumber = new Float64Array(slots);
    this.slotVpid = new Int32Array(slots);
    this.slotPcid = new Int32Array(slots);
    this.slotGlobal = new Uint8Array(slots);
    this.slotLastUse = new Float64Array(slots);
    // Filled with undefined (not holes) so the array stays packed and fast.
    this.slotEntry = new Array<TlbEntry | undefined>(slots).fill(undefined);
  }

  /** Valid entries. */
  get size(): number {
    return this.validCount;
  }

  /**
   * The entry translating `va` in (vpid, pcid), refreshed as most recently
   * used, if it may serve `access`; one that may not is dropped, and the
   * lookup misses.
   */
  lookup(vpid: number, pcid: number, va: bigint, access: Access, wp: boolean): TlbEntry | undefined {
    const smallPage = smallPageNumber(va);
    let slot = this.probe(0, smallPage, vpid, pcid);
    if (slot === NOT_FOUND && this.countBySizeClass[1] !== 0) {
      slot = this.probe(1, Math.floor(smallPage / SMALL_PAGES_PER_PAGE[1]), vpid, pcid);
    }
    // audit-equivalent(constant 3): an index past the counts reads undefined, never 0: the 1 GiB set is searched always, finding what it finds now
    if (slot === NOT_FOUND && this.countBySizeClass[2] !== 0) {
      slot = this.probe(2, Math.floor(smallPage / SMALL_PAGES_PER_PAGE[2]), vpid, pcid);
    }
    if (slot === NOT_FOUND) return undefined;
    const entry = this.slotEntry[slot]!;
    if (tlbEntryPermits(entry, access, wp) === 'needs-walk') {
      this.drop(slot);
      return undefined;
    }
    this.slotLastUse[slot] = ++this.useClock;
    return entry;
  }

  /** Caches a translation, replacing what it collides with, else evicting the set's LRU way. */
  fill(fill: TlbFill): void {
    const entry = makeTlbEntry(fill);
    const sizeClass = pageSizeClass(entry.pageSize);
    const pageNumber = Math.floor(smallPageNumber(entry.pageBase) / SMALL_PAGES_PER_PAGE[sizeClass]);
    const first = this.setStart(pageNumber);
    let target = NOT_FOUND;
    // audit-equivalent(relational <=): the slot past a set is the next set's, or past the end: it never holds a page of this set
    for (let slot = first; slot < first + this.ways; slot++) {
      if (
        this.matchesPage(slot, sizeClass, pageNumber, entry.vpid) &&
        (entry.global || this.slotGlobal[slot] === 1 || this.slotPcid[slot] === entry.pcid)
      ) {
        this.drop(slot);
        // audit-equivalent(negated-condition, equality): fill keeps at most one way per page, so the first and the last match are the same way
        if (target === NOT_FOUND) target = slot;
      }
    }
    if (target === NOT_FOUND) target = this.victim(first);
    if (this.slotSizeClass[target] !== EMPTY) this.drop(target);

    this.slotSizeClass[target] = sizeClass;
    this.slotPageNumber[target] = pageNumber;
    this.slotVpid[target] = entry.vpid;
    this.slotPcid[target] = entry.pcid;
    this.slotGlobal[target] = entry.global ? 1 : 0;
    this.slotLastUse[target] = ++this.useClock;
    this.slotEntry[target] = entry;
    this.countBySizeClass[sizeClass]++;
    if (entry.mappedPageSize !== undefined) this.pieceCount++;
    this.validCount++;
  }

  /**
   * invlpg: drops the entries of every page size that translate `va` in
   * (vpid, pcid), and the global entries for `va` in vpid, with every cached
   * piece of the larger page `va` lies in. Returns how many.
   */
  invalidatePage(vpid: number, pcid: number, va: bigint): number {
    const smallPage = smallPageNumber(va);
    let dropped = 0;
    // audit-equivalent(relational <=): a size class past the last has no pages and no entries: the extra round drops nothing
    for (let sizeClass = 0; sizeClass < SMALL_PAGES_PER_PAGE.length; sizeClass++) {
      if (this.countBySizeClass[sizeClass] === 0) continue;
      const pageNumber = Math.floor(smallPage / SMALL_PAGES_PER_PAGE[sizeClass]);
      const first = this.setStart(pageNumber);
      // audit-equivalent(relational <=): the slot past a set is the next set's, or past the end: it never holds a page of this set
      for (let slot = first; slot < first + this.ways; slot++) {
        if (this.matchesPage(slot, sizeClass, pageNumber, vpid) && this.matchesContext(slot, pcid)) {
          this.drop(slot);
          dropped++;
        }
      }
    }
    return this.pieceCount === 0 ? dropped : dropped + this.invalidatePieces(vpid, pcid, va);
  }

  /** CR3 write without PCID: the non-global entries of (vpid, pcid). Returns how many. */
  flushContext(vpid: number, pcid: number): number {
    let dropped = 0;
    // audit-equivalent(relational <=): the slot past the end is empty (undefined): it matches nothing
    for (let slot = 0; slot < this.slotEntry.length; slot++) {
      if (
        this.slotSizeClass[slot] !== EMPTY &&
        this.slotVpid[slot] === vpid &&
        this.slotPcid[slot] === pcid &&
        this.slotGlobal[slot] === 0
      ) {
        this.drop(slot);
        dropped++;
      }
    }
    return dropped;
  }

  /** INVVPID single-context: every entry of vpid, globals included. Returns how many. */
  flushVpid(vpid: number): number {
    let dropped = 0;
    // audit-equivalent(relational <=): the slot past the end is empty (undefined): it matches nothing
    for (let slot = 0; slot < this.slotEntry.length; slot++) {
      if (this.slotSizeClass[slot] !== EMPTY && this.slotVpid[slot] === vpid) {
        this.drop(slot);
        dropped++;
      }
    }
    return dropped;
  }

  /**
   * A VM entry or exit: without VPIDs every entry is VPID 0's, which the
   * transition invalidates (SDM 28.3.3.1); with VPIDs nothing is dropped.
   */
  vmTransition(vpidEnabled: boolean): number {
    return vpidEnabled ? 0 : this.flushAll();
  }

  /** Everything (INVVPID all-contexts). Returns how many entries were dropped. */
  flushAll(): number {
    const dropped = this.validCount;
    this.slotSizeClass.fill(EMPTY);
    this.slotEntry.fill(undefined);
    // audit-equivalent(removed-statement, constant): left above the truth, a count only costs a search, never a result
    this.countBySizeClass.fill(0);
    // audit-equivalent(removed-statement, constant): left above the truth, pieceCount only costs a search, never a result
    this.pieceCount = 0;
    this.validCount = 0;
    return dropped;
  }

  /** The valid entries in slot order (set by set), for inspection and tests. */
  entries(): TlbEntry[] {
    const result: TlbEntry[] = [];
    for (const entry of this.slotEntry) if (entry !== undefined) result.push(entry);
    return result;
  }

  /** invlpg's part for pieces of a larger page: they sit in the sets of their own 4 KiB numbers, so every slot is looked at. */
  private invalidatePieces(vpid: number, pcid: number, va: bigint): number {
    let dropped = 0;
    // audit-equivalent(relational <=): the slot past the end is empty (undefined): it matches nothing
    for (let slot = 0; slot < this.slotEntry.length; slot++) {
      const mapped = this.slotEntry[slot]?.mappedPageSize;
      if (mapped === undefined || this.slotVpid[slot] !== vpid || !this.matchesContext(slot, pcid)) continue;
      const mappedPage = ~(mapped - 1n);
      if ((this.slotEntry[slot]!.pageBase & mappedPage) !== (va & mappedPage)) continue;
      this.drop(slot);
      dropped++;
    }
    return dropped;
  }

  /** The set index of a page number (in units of its own page size). */
  setOf(pageNumber: number): number {
    // `&` converts to int32 modulo 2^32, which keeps the low bits of any
    // integer double exactly; it is much faster than `%` on doubles.
    return pageNumber & this.setMask;
  }

  private setStart(pageNumber: number): number {
    return this.setOf(pageNumber) * this.ways;
  }

  /** The way of the set starting at `first` that matches the lookup, or NOT_FOUND. */
  private probe(sizeClass: number, pageNumber: number, vpid: number, pcid: number): number {
    const first = this.setStart(pageNumber);
    // audit-equivalent(relational <=): the slot past a set is the next set's, or past the end: it never holds a page of this set
    for (let slot = first; slot < first + this.ways; slot++) {
      if (this.matchesPage(slot, sizeClass, pageNumber, vpid) && this.matchesContext(slot, pcid)) return slot;
    }
    return NOT_FOUND;
  }

  private matchesPage(slot: number, sizeClass: number, pageNumber: number, vpid: number): boolean {
    // An empty slot has size class EMPTY, so it never matches.
    return (
      this.slotSizeClass[slot] === sizeClass && this.slotPageNumber[slot] === pageNumber && this.slotVpid[slot] === vpid
    );
  }

  /** Same PCID, or a global entry (which serves every PCID of its VPID). */
  private matchesContext(slot: number, pcid: number): boolean {
    return this.slotPcid[slot] === pcid || this.slotGlobal[slot] === 1;
  }

  /** A free way of the set starting at `first`, else its least recently used one. */
  private victim(first: number): number {
    let oldest = first;
    for (let slot = first; slot < first + this.ways; slot++) {
      if (this.slotSizeClass[slot] === EMPTY) return slot;
      // audit-equivalent(relational <=): use stamps are unique (one clock tick per use): no two valid ways tie
      if (this.slotLastUse[slot] < this.slotLastUse[oldest]) oldest = slot;
    }
    return oldest;
  }

  private drop(slot: number): void {
    // audit-equivalent(removed-statement): left above the truth, a count only costs a search, never a result
    this.countBySizeClass[this.slotSizeClass[slot]]--;
    if (this.slotEntry[slot]!.mappedPageSize !== undefined) this.pieceCount--;
    this.validCount--;
    this.slotSizeClass[slot] = EMPTY;
    this.slotEntry[slot] = undefined;
  }
}

// audit-equivalent(constant 2): any negative marker is no size class
const EMPTY = -1;
// audit-equivalent(constant 2): any negative marker is no slot
const NOT_FOUND = -1;

/** Doubles hold integers exactly below 2^53; above that the page number needs a bigint shift. */
// audit-equivalent(constant 0n, bitwise >>): either side of the limit gives the same page number, as a double or through a bigint: only the speed differs
const EXACT_DOUBLE_LIMIT = 1n << 53n;

/**
 * The 4 KiB virtual page number of `va` as a double (exact: it is below 2^52).
 * The common case converts once and divides, which allocates no bigint.
 */
function smallPageNumber(va: bigint): number {
  // audit-equivalent(relational >, relational <, relational <=, constant 1n): either side of the limit gives the same page number, as a double or through a bigint: only the speed differs
  if (va >= 0n && va < EXACT_DOUBLE_LIMIT) return Math.floor(Number(va) / 4096);
  invariant(va >= 0n && va < 1n << 64n, `TLB address 0x${va.toString(16)} outside 64 bits`);
  return Number(va >> 12n);
}
