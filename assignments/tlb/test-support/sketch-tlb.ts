import { Access, RIGHT_EXECUTE, RIGHT_READ, RIGHT_USER, RIGHT_WRITE } from '../../../reference/paging/rights';
import { TlbComponent, TranslationCache } from '../../../reference/tlb/tlb-component';
import { TlbConfig } from '../../../reference/tlb/tlb-config';
import { TlbEntry, TlbFill } from '../../../reference/tlb/tlb-entry';

/**
 * A TLB written from spec.md alone, the way a student would, sharing no code
 * with the reference: each set is a list of entries kept from least to most
 * recently used, page numbers are bigints, and the set index, the tag match
 * and the permission rule are spelled out here. With no bug it must agree
 * with the reference on every case of every suite (two independent readings
 * of the rules). Each bug is one mistake students make; the suites must
 * catch every one (bugs/index.ts lists them, each with the rule it breaks
 * and what feedback on it should say).
 */
export interface TlbBugs {
  /** Indexes every page size by its 4 KiB page number (va >> 12), so a large page is filled into one set and looked up in another. */
  setFrom4KiBNumber: boolean;
  /** Takes the set index modulo the ways instead of the number of sets. */
  setModuloWays: boolean;
  /** Computes page numbers with 32-bit JavaScript shifts (`Number(va) >>> 12`): pages 2^32 bytes apart alias. */
  pageNumberIn32Bits: boolean;
  /** Compares 4 KiB page numbers whatever the entry's size: a large entry only serves the 4 KiB page it was filled from. */
  largePageMatchesOne4KiBPage: boolean;
  /** Never refreshes an entry on a hit: first in, first out. */
  fifoReplacement: boolean;
  /** Evicts the most recently used way instead of the least. */
  evictsMostRecent: boolean;
  /** Counts fills per set and never subtracts invalidated entries: a set that was once full evicts though it has a free way. */
  ignoresFreedWays: boolean;
  /** A fill of a page already cached adds a second entry instead of replacing the first. */
  duplicatesOnRefill: boolean;
  /** A fill replaces only the entry of its own PCID: a global fill leaves the other PCIDs' entries of the page beside it. */
  refillIgnoresGlobalCollisions: boolean;
  /** Lookups ignore the VPID tag. */
  ignoresVpid: boolean;
  /** Lookups ignore the PCID tag. */
  ignoresPcid: boolean;
  /** A global entry matches in every VPID. */
  globalCrossesVpids: boolean;
  /** The G bit is stored but never used by lookups: a global entry serves only its own PCID. */
  globalIgnoredByLookup: boolean;
  /** A CR3 write drops the context's global entries too. */
  cr3WriteDropsGlobals: boolean;
  /** A CR3 write drops the non-global entries of every PCID of the VPID. */
  cr3WriteDropsEveryPcid: boolean;
  /** A CR3 write drops the PCID's non-global entries in every VPID. */
  cr3WriteIgnoresVpid: boolean;
  /** invlpg spares global entries. */
  invlpgSparesGlobals: boolean;
  /** invlpg drops the page in every PCID of the VPID. */
  invlpgDropsEveryPcid: boolean;
  /** invlpg compares 4 KiB page numbers: a large entry is dropped only when `va` lies in its first 4 KiB. */
  invlpgOnly4KiBPages: boolean;
  /** invlpg drops only the piece `va` lies in, not the other 4 KiB pieces of the large page. */
  invlpgKeepsOtherPieces: boolean;
  /** invlpg drops pieces of the large page in every VPID. */
  invlpgPiecesIgnoreVpid: boolean;
  /** invlpg reports 1 when it dropped anything (a boolean), not how many. */
  invlpgCountsOne: boolean;
  /** INVVPID spares global entries. */
  invvpidSparesGlobals: boolean;
  /** A VM transition flushes everything even with VPIDs on. */
  vmTransitionAlwaysFlushes: boolean;
  /** A VM transition never flushes, even without VPIDs. */
  vmTransitionNeverFlushes: boolean;
  /** A clean entry serves writes: the dirty bit is never set on the first write through the TLB. */
  cleanEntryServesWrites: boolean;
  /** An entry that may not serve the access misses but stays cached. */
  deniedEntryKept: boolean;
  /** User accesses hit supervisor entries. */
  ignoresUserRight: boolean;
  /** Supervisor writes need the write right even with CR0.WP clear. */
  ignoresWriteProtectOff: boolean;
  /** Fetches hit entries without the execute right. */
  fetchIgnoresExecute: boolean;
  /** Reads hit entries without the read right (execute-only EPT pages). */
  readIgnoresReadRight: boolean;
  /** flushAll reports the TLB's capacity instead of the entries it dropped. */
  flushAllCountsCapacity: boolean;
}

export type TlbBug = keyof TlbBugs;

/** Page sizes and their shifts: 4 KiB, 2 MiB, 1 GiB. */
const PAGE_SHIFTS: ReadonlyMap<bigint, bigint> = new Map([
  [0x1000n, 12n],
  [0x20_0000n, 21n],
  [0x4000_0000n, 30n],
]);

export function sketchTlb(bugList: readonly TlbBug[] = []): TlbComponent {
  return { create: (config) => new SketchTlb(config, new Set(bugList)) };
}

class SketchTlb implements TranslationCache {
  private readonly sets: TlbEntry[][];
  /** Per set, fills counted the buggy way (ignoresFreedWays). */
  private readonly fillsPerSet: number[];

  constructor(
    private readonly config: TlbConfig,
    private readonly bugs: ReadonlySet<TlbBug>,
  ) {
    const count = config.entries / config.ways;
    this.sets = Array.from({ length: count }, () => []);
    this.fillsPerSet = new Array<number>(count).fill(0);
  }

  lookup(vpid: number, pcid: number, va: bigint, access: Access, wp: boolean): TlbEntry | undefined {
    for (const size of PAGE_SHIFTS.keys()) {
      const set = this.sets[this.setIndex(va, size)];
      const entry = set.find((candidate) => candidate.pageSize === size && this.translates(candidate, vpid, pcid, va));
      if (entry === undefined) continue;
      if (!this.permits(entry, access, wp)) {
        if (!this.bugs.has('deniedEntryKept')) this.remove(set, entry);
        return undefined;
      }
      if (!this.bugs.has('fifoReplacement')) {
        this.remove(set, entry);
        set.push(entry);
      }
      return entry;
    }
    return undefined;
  }

  fill(fill: TlbFill): void {
    const entry: TlbEntry = { ...fill, pageBase: fill.va & ~(fill.pageSize - 1n) };
    const setIndex = this.setIndex(entry.pageBase, entry.pageSize);
    const set = this.sets[setIndex];
    const collides = (old: TlbEntry) =>
      old.pageSize === entry.pageSize &&
      old.vpid === entry.vpid &&
      this.samePage(old, entry.pageBase) &&
      (old.pcid === entry.pcid || (!this.bugs.has('refillIgnoresGlobalCollisions') && (old.global || entry.global)));
    const duplicates = this.bugs.has('duplicatesOnRefill') ? [] : set.filter(collides);
    for (const old of duplicates) this.remove(set, old);
    if (duplicates.length === 0) {
      const full = this.bugs.has('ignoresFreedWays') ? this.fillsPerSet[setIndex] >= this.config.ways : set.length >= this.config.ways;
      if (full && set.length > 0) set.splice(this.bugs.has('evictsMostRecent') ? set.length - 1 : 0, 1);
      this.fillsPerSet[setIndex]++;
    }
    set.push(entry);
  }

  invalidatePage(vpid: number, pcid: number, va: bigint): number {
    const dropped = this.dropWhere((entry) => {
      if (entry.vpid !== vpid && !(this.bugs.has('invlpgPiecesIgnoreVpid') && entry.mappedPageSize !== undefined)) return false;
      if (!(entry.pcid === pcid || (entry.global && !this.bugs.has('invlpgSparesGlobals')) || this.bugs.has('invlpgDropsEveryPcid'))) return false;
      if (this.bugs.has('invlpgOnly4KiBPages') ? entry.pageBase >> 12n === va >> 12n : this.samePage(entry, va)) return true;
      const mapped = entry.mappedPageSize;
      return mapped !== undefined && !this.bugs.has('invlpgKeepsOtherPieces') && entry.pageBase / mapped === va / mapped;
    });
    return this.bugs.has('invlpgCountsOne') ? Math.min(dropped, 1) : dropped;
  }

  flushContext(vpid: number, pcid: number): number {
    return this.dropWhere(
      (entry) =>
        (entry.vpid === vpid || this.bugs.has('cr3WriteIgnoresVpid')) &&
        (entry.pcid === pcid || this.bugs.has('cr3WriteDropsEveryPcid')) &&
        (!entry.global || this.bugs.has('cr3WriteDropsGlobals')),
    );
  }

  flushVpid(vpid: number): number {
    return this.dropWhere((entry) => entry.vpid === vpid && !(entry.global && this.bugs.has('invvpidSparesGlobals')));
  }

  vmTransition(vpidEnabled: boolean): number {
    if (this.bugs.has('vmTransitionNeverFlushes')) return 0;
    if (vpidEnabled && !this.bugs.has('vmTransitionAlwaysFlushes')) return 0;
    return this.dropWhere(() => true);
  }

  flushAll(): number {
    const dropped = this.dropWhere(() => true);
    return this.bugs.has('flushAllCountsCapacity') ? this.config.entries : dropped;
  }

  entries(): TlbEntry[] {
    return this.sets.flat();
  }

  /** The entry is for the page `va` lies in, in this (vpid, pcid). */
  private translates(entry: TlbEntry, vpid: number, pcid: number, va: bigint): boolean {
    const vpidMatches = entry.vpid === vpid || this.bugs.has('ignoresVpid') || (entry.global && this.bugs.has('globalCrossesVpids'));
    const pcidMatches = entry.pcid === pcid || this.bugs.has('ignoresPcid') || (entry.global && !this.bugs.has('globalIgnoredByLookup'));
    return vpidMatches && pcidMatches && this.samePage(entry, va);
  }

  private samePage(entry: TlbEntry, va: bigint): boolean {
    const size = this.bugs.has('largePageMatchesOne4KiBPage') ? 0x1000n : entry.pageSize;
    return this.pageNumber(entry.pageBase, size) === this.pageNumber(va, size);
  }

  private permits(entry: TlbEntry, access: Access, wp: boolean): boolean {
    const has = (right: number) => (entry.rights & right) !== 0;
    if (access.user && !has(RIGHT_USER) && !this.bugs.has('ignoresUserRight')) return false;
    if (access.kind === 'read') return has(RIGHT_READ) || this.bugs.has('readIgnoresReadRight');
    if (access.kind === 'fetch') return has(RIGHT_EXECUTE) || this.bugs.has('fetchIgnoresExecute');
    if (!entry.dirty && !this.bugs.has('cleanEntryServesWrites')) return false;
    const writeProtected = access.user || wp || this.bugs.has('ignoresWriteProtectOff');
    return has(RIGHT_WRITE) || !writeProtected;
  }

  /** The number of the page of `size` that `va` lies in. */
  private pageNumber(va: bigint, size: bigint): bigint {
    const shift = PAGE_SHIFTS.get(size)!;
    if (this.bugs.has('pageNumberIn32Bits')) return BigInt(Number(va) >>> 12) >> (shift - 12n);
    return va >> shift;
  }

  /** The set an entry for the page of `size` that `va` lies in belongs to. */
  private setIndex(va: bigint, size: bigint): number {
    const pageNumber = this.pageNumber(va, this.bugs.has('setFrom4KiBNumber') ? 0x1000n : size);
    const modulus = this.bugs.has('setModuloWays') ? this.config.ways : this.sets.length;
    return Number(pageNumber % BigInt(modulus)) % this.sets.length;
  }

  private remove(set: TlbEntry[], entry: TlbEntry): void {
    set.splice(set.indexOf(entry), 1);
  }

  private dropWhere(condition: (entry: TlbEntry) => boolean): number {
    let dropped = 0;
    for (const set of this.sets) {
      for (const entry of [...set]) {
        if (condition(entry)) {
          this.remove(set, entry);
          dropped++;
        }
      }
    }
    return dropped;
  }
}
