import { TlbComponent } from '../../../reference/tlb/tlb-component';
import { TlbBug, sketchTlb } from './sketch-tlb';

/**
 * One TLB with one mistake a student would make: the TLB written from the
 * spec (sketch-tlb.ts) with that one switch on.
 */
export interface BuggyTlb {
  readonly bug: TlbBug;
  /** The mistake, as a TA would name it. */
  readonly mistake: string;
  /** Words good feedback on it uses: the first difference of some test that fails it must match. */
  readonly feedback: RegExp;
  /** A classic mistake: the public suite alone must catch it, before any hidden test. */
  readonly classic: boolean;
  readonly tlb: TlbComponent;
}

const LRU = /least recently used|LRU/;

/** Every switch of the sketch, by name: the compiler finds one left out. */
const BUGS: Readonly<Record<TlbBug, Omit<BuggyTlb, 'tlb' | 'bug'>>> = {
  setFrom4KiBNumber: { mistake: 'indexes large pages by their 4 KiB page number', feedback: /page \(of whatever size\) holds the address/, classic: true },
  setModuloWays: { mistake: 'takes the set index modulo the ways', feedback: LRU, classic: false },
  pageNumberIn32Bits: { mistake: 'computes page numbers with 32-bit shifts', feedback: /does not translate 0x[0-9a-f]+/, classic: true },
  largePageMatchesOne4KiBPage: { mistake: 'compares 4 KiB page numbers for large entries', feedback: /page \(of whatever size\) holds the address/, classic: true },
  fifoReplacement: { mistake: 'first in, first out: hits do not refresh', feedback: LRU, classic: true },
  evictsMostRecent: { mistake: 'evicts the most recently used way', feedback: LRU, classic: true },
  ignoresFreedWays: { mistake: 'evicts from a set that has a free way', feedback: /evicts only when its set is full/, classic: false },
  duplicatesOnRefill: { mistake: 'a refill adds a second entry for the page', feedback: /another entry than the one that translates the address/, classic: false },
  refillIgnoresGlobalCollisions: { mistake: 'a global fill leaves other PCIDs\' entries of its page', feedback: /another entry than the one that translates the address/, classic: false },
  ignoresVpid: { mistake: 'lookups ignore the VPID', feedback: /VPIDs keep the translations of VMs apart/, classic: true },
  ignoresPcid: { mistake: 'lookups ignore the PCID', feedback: /serves PCID \d+ only/, classic: true },
  globalCrossesVpids: { mistake: 'global entries match in every VPID', feedback: /VPIDs keep the translations of VMs apart/, classic: true },
  globalIgnoredByLookup: { mistake: 'a global entry serves only its own PCID', feedback: /global/, classic: true },
  cr3WriteDropsGlobals: { mistake: 'a CR3 write drops global entries', feedback: /CR3 write drops the non-global entries/, classic: true },
  cr3WriteDropsEveryPcid: { mistake: 'a CR3 write drops every PCID of the VPID', feedback: /CR3 write drops the non-global entries of its VPID and PCID/, classic: false },
  cr3WriteIgnoresVpid: { mistake: 'a CR3 write drops the PCID in every VPID', feedback: /other PCIDs and VPIDs keep theirs/, classic: false },
  invlpgSparesGlobals: { mistake: 'invlpg spares global entries', feedback: /INVLPG drops .*global ones included/, classic: false },
  invlpgDropsEveryPcid: { mistake: 'invlpg drops the page in every PCID', feedback: /INVLPG drops the entries of every page size that translate the address in its VPID and PCID/, classic: false },
  invlpgOnly4KiBPages: { mistake: 'invlpg drops a large entry only at its first 4 KiB', feedback: /INVLPG drops the entries of every page size/, classic: true },
  invlpgKeepsOtherPieces: { mistake: 'invlpg drops only the 4 KiB piece the address falls in', feedback: /pieces of the larger page/, classic: true },
  invlpgPiecesIgnoreVpid: { mistake: 'invlpg drops pieces of the large page in every VPID', feedback: /INVLPG drops the entries of every page size that translate the address in its VPID/, classic: false },
  invlpgCountsOne: { mistake: 'invlpg returns whether it dropped anything', feedback: /dropped fewer entries/, classic: true },
  invvpidSparesGlobals: { mistake: 'INVVPID spares global entries', feedback: /INVVPID drops every entry of its VPID, global ones included/, classic: true },
  vmTransitionAlwaysFlushes: { mistake: 'VM transitions flush even with VPIDs', feedback: /With VPIDs a VM entry or exit drops nothing/, classic: true },
  vmTransitionNeverFlushes: { mistake: 'VM transitions never flush, even without VPIDs', feedback: /Without VPIDs every entry belongs to VPID 0/, classic: true },
  cleanEntryServesWrites: { mistake: 'an entry filled clean serves writes', feedback: /clean page/, classic: true },
  deniedEntryKept: { mistake: 'an entry that may not serve the access is kept', feedback: /could not use it, so it dropped it/, classic: true },
  ignoresUserRight: { mistake: 'user accesses hit supervisor entries', feedback: /does not permit a user/, classic: true },
  ignoresWriteProtectOff: { mistake: 'supervisor writes need the write right even with CR0.WP clear', feedback: /still holds it/, classic: true },
  fetchIgnoresExecute: { mistake: 'fetches ignore the execute right', feedback: /does not permit a (user|supervisor) fetch/, classic: true },
  readIgnoresReadRight: { mistake: 'reads ignore the read right (execute-only pages)', feedback: /does not permit a (user|supervisor) read/, classic: false },
  flushAllCountsCapacity: { mistake: 'flushAll returns the capacity instead of the entries it dropped', feedback: /dropped more entries/, classic: true },
};

export const BUGGY_TLBS: readonly BuggyTlb[] = (Object.keys(BUGS) as TlbBug[]).map((bug) => ({ bug, ...BUGS[bug], tlb: sketchTlb([bug]) }));
