import { Access } from '../paging/rights';
import { TlbConfig } from './tlb-config';
import { TlbEntry, TlbFill } from './tlb-entry';

/**
 * One TLB: the cache of complete translations (virtual page → host-physical
 * frame, with the rights of the whole walk) that every mode's MMU consults
 * before it walks. The hardware around it decides when to call what; the
 * TLB decides what each call does to its entries.
 *
 * Every entry is tagged with a VPID (0: the host, native mode, or every VM
 * when VPIDs are off) and a PCID; a global entry (the leaf's G bit) matches
 * every PCID of its own VPID, never another VPID. Entries are 4 KiB, 2 MiB
 * or 1 GiB pages. Each method that drops entries returns how many it
 * dropped, which the machine counts.
 */
export interface TranslationCache {
  /**
   * The entry that translates `va` in (vpid, pcid) and may serve `access`
   * (user access needs the user right, a write needs the write right unless
   * a supervisor write with CR0.WP = 0, a fetch the execute right, a read the
   * read right), refreshed as the most recently used of its set. An entry
   * that translates `va` but may not serve the access, and any entry filled
   * by a read of a clean page when the access is a write (the write must walk
   * again to set D), is dropped and the lookup misses (SDM 4.10.4.3).
   */
  lookup(vpid: number, pcid: number, va: bigint, access: Access, wp: boolean): TlbEntry | undefined;
  /** Caches a completed walk. It replaces any entry of the same page it would duplicate, else fills a free way of the set, else evicts the set's least recently used way. */
  fill(fill: TlbFill): void;
  /** INVLPG: drops the entries of every page size that translate `va` in (vpid, pcid), global ones included, and every cached 4 KiB piece of the larger page `va` lies in. */
  invalidatePage(vpid: number, pcid: number, va: bigint): number;
  /** MOV to CR3: drops the non-global entries of (vpid, pcid). */
  flushContext(vpid: number, pcid: number): number;
  /** INVVPID single-context: drops every entry of `vpid`, global ones included. */
  flushVpid(vpid: number): number;
  /** A VM entry or exit. Without VPIDs every entry belongs to VPID 0 and the transition drops them all; with VPIDs it drops nothing. */
  vmTransition(vpidEnabled: boolean): number;
  /** Drops everything (INVVPID all-contexts). */
  flushAll(): number;
  /** The entries cached now, in any order. */
  entries(): TlbEntry[];
}

/** The student-replaceable TLB component: it builds the machine's TLBs. */
export interface TlbComponent {
  /** An empty TLB of `config.entries` entries in sets of `config.ways` ways (sets = entries / ways, a power of two). */
  create(config: TlbConfig): TranslationCache;
}
