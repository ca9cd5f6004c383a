import { parseHex } from '../../../observe/memory-image';
import { dropsEntry } from '../../../observe/tlb/tlb-history';
import { TlbEntryObservation } from '../../../observe/tlb/tlb-observation';
import { TlbOperation } from '../../../observe/tlb/tlb-probe-types';
import { Misconception } from '../../framework/misconception';
import { REPLACEMENT_MISREADINGS } from './misreadings';
import { CONCEPTS } from './concepts';
import { bestMisreading, beyondFirst4KiB, countExplainedBy, covers, droppedOnTheWay, isLarge, keptEntry, lostEntry, onlyCountsDiffer, pageHolds, referenceRemoval, tlbCase, TlbCase } from './symptoms';

/**
 * Invalidations: invlpg, CR3 writes, INVVPID, VM transitions, flushAll. A
 * misreading of an invalidation either spares entries the spec drops or
 * drops entries the spec keeps; the recogniser finds it in the count (the
 * number of such entries the reference's TLB held is the difference), in a
 * later hit on an entry the operation should have dropped, or in a later
 * miss on one it should have kept.
 */

type Reading = (operation: TlbOperation, entry: TlbEntryObservation) => boolean;
type Op = TlbOperation['op'];

/** A misreading that spares some of what the operation drops. */
export function spares(op: Op, readings: readonly Reading[]): (c: TlbCase) => boolean {
  return (c) => {
    if (countExplainedBy(c, op, readings, 'spared')) return true;
    const kept = keptEntry(c);
    const removal = kept && referenceRemoval(c, kept.entry);
    const operation = removal?.how === 'dropped' ? c.probe.operations[removal.at] : undefined;
    return operation?.op === op && readings.some((reading) => reading(operation, removal!.entry));
  };
}

/** A misreading that drops more than the operation drops. */
export function overreaches(op: Op, readings: readonly Reading[]): (c: TlbCase) => boolean {
  return (c) => {
    if (countExplainedBy(c, op, readings, 'extra')) return true;
    const lost = lostEntry(c);
    return lost !== undefined && readings.some((reading) => droppedOnTheWay(c, lost.entry, (operation, entry) => operation.op === op && !dropsEntry(operation, entry) && reading(operation, entry)));
  };
}

function tlb(test: (c: TlbCase) => boolean): Misconception['recognise'] {
  return (failed) => {
    const c = tlbCase(failed);
    return c !== undefined && test(c);
  };
}

const va = (operation: TlbOperation) => ('va' in operation ? parseHex(operation.va) : 0n);
const vpidOf = (operation: TlbOperation) => ('vpid' in operation ? operation.vpid : -1);
const pcidOf = (operation: TlbOperation) => ('pcid' in operation ? operation.pcid : -1);

export const INVALIDATION_MISCONCEPTIONS: readonly Misconception[] = [
  {
    id: 'drop-count-wrong',
    rule: 'drop-counts',
    title: 'An invalidation dropped the right entries but returned another number than how many it dropped',
    explanation: 'invalidatePage, flushContext, flushVpid, vmTransition and flushAll each return how many entries they dropped (0 when none): not whether they dropped any, not the capacity. The machine counts flushes with that number.',
    concept: CONCEPTS.flushes,
    // A TLB that files entries in the wrong sets lost some before the count: that is no counting mistake.
    recognise: tlb((c) => onlyCountsDiffer(c) && bestMisreading(c, REPLACEMENT_MISREADINGS) === undefined),
  },
  {
    id: 'invlpg-spares-globals',
    rule: 'invlpg-every-size',
    title: 'invlpg spares global entries',
    explanation: 'invlpg says the translation of a page changed; a global page (the kernel) is the same in every process, so its entry is dropped whatever the PCID of the invlpg. Global entries survive a CR3 write, not an invlpg of their page.',
    concept: CONCEPTS.flushes,
    recognise: tlb(spares('invlpg', [(operation, entry) => entry.global && entry.pcid !== pcidOf(operation), (_operation, entry) => entry.global])),
  },
  {
    id: 'invlpg-drops-large-page-at-first-4kib-only',
    rule: 'invlpg-every-size',
    title: 'invlpg compares 4 KiB page numbers: a 2 MiB or 1 GiB entry is dropped only when the address lies in its first 4 KiB',
    explanation: "invlpg may name any address of a large page. It drops every entry, of every page size, whose page holds the address: compare in units of each entry's own size, and look in the set each size selects.",
    concept: CONCEPTS.flushes,
    recognise: tlb(spares('invlpg', [(operation, entry) => isLarge(entry) && pageHolds(entry, va(operation)) && beyondFirst4KiB(entry, va(operation))])),
  },
  {
    id: 'invlpg-drops-one-piece',
    rule: 'invlpg-every-piece',
    title: 'invlpg drops only the 4 KiB piece the address falls in, not every piece of the large page',
    explanation: 'A guest large page backed by 4 KiB host pages is cached as 4 KiB pieces (mappedPageSize). The guest changed one PDE or PDPTE covering all of them, so an invlpg of any address of that page drops every piece in its context, including pieces in other sets than the address\'s own.',
    concept: CONCEPTS.flushes,
    recognise: tlb(spares('invlpg', [(operation, entry) => entry.mappedPageSize !== undefined && !pageHolds(entry, va(operation))])),
  },
  {
    id: 'invlpg-drops-every-pcid',
    rule: 'invlpg-every-size',
    title: 'invlpg drops the page in every PCID instead of only its own PCID (and global entries)',
    explanation: 'invlpg invalidates the translation of the current process: entries of its VPID and PCID, and global ones. Another process\'s non-global entry for the same address is a different translation and stays.',
    concept: CONCEPTS.flushes,
    recognise: tlb(overreaches('invlpg', [(operation, entry) => entry.vpid === vpidOf(operation) && entry.pcid !== pcidOf(operation) && !entry.global && covers(entry, va(operation))])),
  },
  {
    id: 'invlpg-ignores-vpid',
    rule: 'invlpg-every-piece',
    title: 'invlpg drops entries (or pieces of a large page) of other VPIDs',
    explanation: "A guest's invlpg concerns that guest's translations only: every entry it drops, pieces of a large page included, has the invlpg's VPID. Other VMs' entries for the same address stay.",
    concept: CONCEPTS.vpids,
    recognise: tlb(overreaches('invlpg', [(operation, entry) => entry.vpid !== vpidOf(operation) && covers(entry, va(operation)), (operation, entry) => entry.vpid !== vpidOf(operation) && entry.mappedPageSize !== undefined && covers(entry, va(operation))])),
  },
  {
    id: 'invlpg-misses-entries',
    rule: 'invlpg-every-size',
    title: 'invlpg left an entry that translates the address in its context',
    explanation: 'invlpg drops, in its VPID, every entry of any size whose page holds the address (its PCID, or global), and every 4 KiB piece of the larger page holding it: look in the set of each page size, and among the pieces.',
    concept: CONCEPTS.flushes,
    recognise: tlb(spares('invlpg', [(operation, entry) => dropsEntry(operation, entry)])),
  },
  {
    id: 'cr3-write-drops-globals',
    rule: 'cr3-write-context',
    title: 'A CR3 write drops global entries',
    explanation: 'Global pages exist so that a context switch keeps them: a CR3 write drops the non-global entries of its VPID and PCID, and every global entry stays.',
    concept: CONCEPTS.flushes,
    recognise: tlb(overreaches('cr3-write', [(operation, entry) => entry.global && entry.vpid === vpidOf(operation) && entry.pcid === pcidOf(operation), (operation, entry) => entry.global && entry.vpid === vpidOf(operation)])),
  },
  {
    id: 'cr3-write-drops-every-pcid',
    rule: 'cr3-write-context',
    title: 'A CR3 write drops the entries of every PCID instead of only its own',
    explanation: "With PCIDs, a CR3 write switches to another process without losing the others' translations: it drops the non-global entries of its own VPID and PCID only.",
    concept: CONCEPTS.flushes,
    recognise: tlb(overreaches('cr3-write', [(operation, entry) => !entry.global && entry.vpid === vpidOf(operation) && entry.pcid !== pcidOf(operation)])),
  },
  {
    id: 'cr3-write-ignores-vpid',
    rule: 'cr3-write-context',
    title: 'A CR3 write in one VM drops entries of other VPIDs',
    explanation: "A guest's CR3 write concerns that guest's translations only: it drops the non-global entries of its VPID and PCID, and other VMs' entries stay (that is what VPIDs are for).",
    concept: CONCEPTS.vpids,
    recognise: tlb(overreaches('cr3-write', [(operation, entry) => !entry.global && entry.vpid !== vpidOf(operation) && entry.pcid === pcidOf(operation), (operation, entry) => entry.vpid !== vpidOf(operation)])),
  },
  {
    id: 'cr3-write-keeps-context',
    rule: 'cr3-write-context',
    title: 'A CR3 write kept non-global entries of its own VPID and PCID',
    explanation: 'Loading CR3 switches page tables, so the non-global translations of that VPID and PCID are stale: the CR3 write drops every one of them (global entries and other contexts stay).',
    concept: CONCEPTS.flushes,
    recognise: tlb(spares('cr3-write', [(operation, entry) => dropsEntry(operation, entry)])),
  },
];
