import { RealisticBug } from '../../framework/realistic-bug';
import { TlbBug, sketchTlb } from '../test-support/sketch-tlb';

/**
 * The TLB's realistic bugs: the TLB written from the spec
 * (test-support/sketch-tlb.ts) with one mistake a student would make
 * switched on, each breaking one rule of the manifest. The public suite
 * catches and names every one (assignments/README.md, "Realistic bugs").
 */

const LRU = /least recently used|LRU/;

/** Every switch of the sketch, by name: the compiler finds one left out. */
const BUGS: Readonly<Record<TlbBug, Omit<RealisticBug, 'id' | 'components'>>> = {
  setFrom4KiBNumber: { rule: 'set-from-page-number', mistake: 'indexes large pages by their 4 KiB page number', feedback: /page \(of whatever size\) holds the address/, names: /set index.*page number in units of the entry's own size|indexed by their 4 KiB page number/ },
  setModuloWays: { rule: 'set-from-page-number', mistake: 'takes the set index modulo the ways', feedback: LRU, names: /modulo the (number of )?ways/ },
  pageNumberIn32Bits: { rule: 'page-numbers-64-bit', mistake: 'computes page numbers with 32-bit shifts', feedback: /does not translate 0x[0-9a-f]+/, names: /32 bits|4 GiB apart/ },
  largePageMatchesOne4KiBPage: { rule: 'whole-page-hits', mistake: 'compares 4 KiB page numbers for large entries', feedback: /page \(of whatever size\) holds the address/, names: /serves only the 4 KiB page it was filled from|lookup compares 4 KiB page numbers/ },
  fifoReplacement: { rule: 'lru-eviction', mistake: 'first in, first out: hits do not refresh', feedback: LRU, names: /[Hh]its do not make an entry the most recently used|first in, first out/ },
  evictsMostRecent: { rule: 'lru-eviction', mistake: 'evicts the most recently used way', feedback: LRU, names: /evicts its most recently used/ },
  ignoresFreedWays: { rule: 'free-ways-first', mistake: 'evicts from a set that has a free way', feedback: /evicts only when its set is full/, names: /do not free their ways|free way/ },
  duplicatesOnRefill: { rule: 'fill-replaces-duplicates', mistake: 'a refill adds a second entry for the page', feedback: /another entry than the one that translates the address/, names: /adds a second entry instead of replacing/ },
  refillIgnoresGlobalCollisions: { rule: 'fill-replaces-duplicates', mistake: 'a global fill leaves other PCIDs\' entries of its page', feedback: /another entry than the one that translates the address/, names: /refill does not replace the entry of the same page in another PCID|global fill duplicates/ },
  ignoresVpid: { rule: 'vpid-tags', mistake: 'lookups ignore the VPID', feedback: /VPIDs keep the translations of VMs apart/, names: /ignore the VPID/ },
  ignoresPcid: { rule: 'pcid-tags', mistake: 'lookups ignore the PCID', feedback: /serves PCID \d+ only/, names: /ignore the PCID/ },
  globalCrossesVpids: { rule: 'vpid-tags', mistake: 'global entries match in every VPID', feedback: /VPIDs keep the translations of VMs apart/, names: /global entry served another VPID|global means every PCID of its own VM/ },
  globalIgnoredByLookup: { rule: 'global-every-pcid', mistake: 'a global entry serves only its own PCID', feedback: /global/, names: /global entry served only the PCID|G bit is ignored/ },
  cr3WriteDropsGlobals: { rule: 'cr3-write-context', mistake: 'a CR3 write drops global entries', feedback: /CR3 write drops the non-global entries/, names: /CR3 write drops global/ },
  cr3WriteDropsEveryPcid: { rule: 'cr3-write-context', mistake: 'a CR3 write drops every PCID of the VPID', feedback: /CR3 write drops the non-global entries of its VPID and PCID/, names: /CR3 write drops the entries of every PCID/ },
  cr3WriteIgnoresVpid: { rule: 'cr3-write-context', mistake: 'a CR3 write drops the PCID in every VPID', feedback: /other PCIDs and VPIDs keep theirs/, names: /CR3 write in one VM drops entries of other VPIDs/ },
  invlpgSparesGlobals: { rule: 'invlpg-every-size', mistake: 'invlpg spares global entries', feedback: /INVLPG drops .*global ones included/, names: /invlpg spares global/ },
  invlpgDropsEveryPcid: { rule: 'invlpg-every-size', mistake: 'invlpg drops the page in every PCID', feedback: /INVLPG drops the entries of every page size that translate the address in its VPID and PCID/, names: /invlpg drops the page in every PCID/ },
  invlpgOnly4KiBPages: { rule: 'invlpg-every-size', mistake: 'invlpg drops a large entry only at its first 4 KiB', feedback: /INVLPG drops the entries of every page size/, names: /invlpg compares 4 KiB page numbers|first 4 KiB/ },
  invlpgKeepsOtherPieces: { rule: 'invlpg-every-piece', mistake: 'invlpg drops only the 4 KiB piece the address falls in', feedback: /pieces of the larger page/, names: /invlpg drops only the 4 KiB piece|every piece/ },
  invlpgPiecesIgnoreVpid: { rule: 'invlpg-every-piece', mistake: 'invlpg drops pieces of the large page in every VPID', feedback: /INVLPG drops the entries of every page size that translate the address in its VPID/, names: /invlpg drops entries \(or pieces of a large page\) of other VPIDs/ },
  invlpgCountsOne: { rule: 'drop-counts', mistake: 'invlpg returns whether it dropped anything', feedback: /dropped fewer entries/, names: /returned another number than how many it dropped/ },
  invvpidSparesGlobals: { rule: 'invvpid-scope', mistake: 'INVVPID spares global entries', feedback: /INVVPID drops every entry of its VPID, global ones included/, names: /INVVPID spares global/ },
  vmTransitionAlwaysFlushes: { rule: 'vm-transition-flush', mistake: 'VM transitions flush even with VPIDs', feedback: /With VPIDs a VM entry or exit drops nothing/, names: /flush the TLB even with VPIDs on/ },
  vmTransitionNeverFlushes: { rule: 'vm-transition-flush', mistake: 'VM transitions never flush, even without VPIDs', feedback: /Without VPIDs every entry belongs to VPID 0/, names: /never flush the TLB, even without VPIDs/ },
  cleanEntryServesWrites: { rule: 'clean-entry-no-writes', mistake: 'an entry filled clean serves writes', feedback: /clean page/, names: /filled clean serves a write/ },
  deniedEntryKept: { rule: 'denied-entry-dropped', mistake: 'an entry that may not serve the access is kept', feedback: /could not use it, so it dropped it/, names: /may not serve an access is kept/ },
  ignoresUserRight: { rule: 'rights-gate-hits', mistake: 'user accesses hit supervisor entries', feedback: /does not permit a user/, names: /user right is not checked/ },
  ignoresWriteProtectOff: { rule: 'rights-gate-hits', mistake: 'supervisor writes need the write right even with CR0.WP clear', feedback: /still holds it/, names: /CR0\.WP clear/ },
  fetchIgnoresExecute: { rule: 'rights-gate-hits', mistake: 'fetches ignore the execute right', feedback: /does not permit a (user|supervisor) fetch/, names: /execute right|NX is not checked/ },
  readIgnoresReadRight: { rule: 'rights-gate-hits', mistake: 'reads ignore the read right (execute-only pages)', feedback: /does not permit a (user|supervisor) read/, names: /read right is not checked|execute-only/ },
  flushAllCountsCapacity: { rule: 'drop-counts', mistake: 'flushAll returns the capacity instead of the entries it dropped', feedback: /dropped more entries/, names: /returned another number than how many it dropped|not the capacity/ },
};

export const REALISTIC_BUGS: readonly RealisticBug[] = (Object.keys(BUGS) as TlbBug[]).map((id) => ({ id, ...BUGS[id], components: { tlb: sketchTlb([id]) } }));
