import { Misconception } from '../../framework/misconception';
import { GuestAdWriteObservation, NestedAdWriteObservation } from '../../../observe/nested-walk-probe';
import {
  adWriteDifference,
  entryFormat,
  eptViolationOf,
  exitOf,
  expectedStopReference,
  hasBits,
  isDataLeaf,
  isGuestTableLeaf,
  NestedCase,
  nestedMisconception,
  nptFaultOf,
  nptNotPresent,
  nptReserved,
  refusedByRights,
} from './symptoms';

const NESTED_AD = 'Accessed and dirty bits under nested paging (EPT A/D, NPT)';

/** The nested A/D writes at the difference: the expected one, the student's one, and the lists before them. */
interface NestedAdAt {
  readonly index: number;
  readonly want?: NestedAdWriteObservation;
  readonly have?: NestedAdWriteObservation;
  readonly wantBefore: readonly NestedAdWriteObservation[];
  readonly haveBefore: readonly NestedAdWriteObservation[];
}

function nestedAdAt(walk: NestedCase): NestedAdAt | undefined {
  const at = adWriteDifference(walk);
  if (at?.list !== 'nested') return undefined;
  const { index } = at;
  return {
    index,
    want: walk.expected.nestedAdWrites[index],
    have: walk.got.nestedAdWrites[index],
    wantBefore: walk.expected.nestedAdWrites.slice(0, index),
    haveBefore: walk.got.nestedAdWrites.slice(0, index),
  };
}

function guestAdAt(walk: NestedCase): { want?: GuestAdWriteObservation; have?: GuestAdWriteObservation } | undefined {
  const at = adWriteDifference(walk);
  if (at?.list !== 'guest') return undefined;
  return { want: walk.expected.guestAdWrites[at.index], have: walk.got.guestAdWrites[at.index] };
}

/** The student's walk leaves out the expected write at the difference: nothing there, or a write to another entry. */
function wantMissing(at: NestedAdAt): boolean {
  return at.want !== undefined && (at.have === undefined || at.have.hpa !== at.want.hpa);
}

/** The student's walk has a write at the difference that the expected walk does not make there. */
function haveExtra(at: NestedAdAt): boolean {
  return at.have !== undefined && (at.want === undefined || at.want.hpa !== at.have.hpa);
}

/**
 * A guest page table's nested leaf loses its D: the expected write there sets
 * D (the walk writes guest tables: EPT with A/D on, NPT always) and the
 * student's walk sets no D in that entry.
 */
export function guestTableLeafLosesDirty(walk: NestedCase): boolean {
  const at = nestedAdAt(walk);
  const dirty = entryFormat(walk.probe).dirtyBit;
  if (at?.want === undefined || !hasBits(at.want.bits, dirty) || !isGuestTableLeaf(walk, at.want.hpa)) return false;
  const hpa = at.want.hpa;
  // A second write of an entry (D after A) is another mistake: the student may treat guest tables as written and still drop it.
  if (at.wantBefore.some((write) => write.hpa === hpa)) return false;
  return !walk.got.nestedAdWrites.some((write) => write.hpa === hpa && hasBits(write.bits, dirty));
}

/** The expected walk ends with its nested leaf refusing the access (EPT rights, or an NPT protection fault). */
function leafRefused(walk: NestedCase): boolean {
  const violation = eptViolationOf(walk.expected);
  if (violation !== undefined) return refusedByRights(violation);
  const npf = nptFaultOf(walk.expected);
  return npf !== undefined && !nptNotPresent(npf) && !nptReserved(npf);
}

/** Accessed and dirty bits in both dimensions. */
export const ACCESSED_DIRTY_MISCONCEPTIONS: readonly Misconception[] = [
  nestedMisconception(
    {
      id: 'dirty-after-accessed-dropped',
      rule: 'nested-ad-once-per-walk',
      title: 'D after A is a second write: an entry one row set A in and a later row uses as a written leaf wants D too',
      explanation: 'Each nested entry is reported once per bit, not once per entry: when a nested table page serves at two levels, the entry passed as a table pointer (A) is the leaf of a later row\'s gPA, which wants D; that D is a write of its own.',
      concept: NESTED_AD,
    },
    (walk) => {
      const at = nestedAdAt(walk);
      return at !== undefined && wantMissing(at) && at.wantBefore.some((write) => write.hpa === at.want!.hpa);
    },
  ),
  nestedMisconception(
    {
      id: 'nested-ad-once-per-walk',
      rule: 'nested-ad-once-per-walk',
      title: 'Each nested entry is set once per walk, not once per row: rows share nested entries',
      explanation: 'Every row passes the same upper nested entries, and the hardware sets a bit only once: report each entry the first time the walk wants it, with only the bits no earlier write of this walk asked for.',
      concept: NESTED_AD,
    },
    (walk) => {
      const at = nestedAdAt(walk);
      const have = at?.have;
      return at !== undefined && have !== undefined && haveExtra(at) && at.haveBefore.some((write) => write.hpa === have.hpa && (BigInt(write.bits) & BigInt(have.bits)) !== 0n);
    },
  ),
  nestedMisconception(
    {
      id: 'nested-ad-dropped-on-fault',
      rule: 'nested-ad-bits',
      title: 'A nested walk that faults still sets A in the entries above where it stopped',
      explanation: 'A non-leaf nested entry wants A as soon as the walk passes through it, even if a lower level then faults; those writes are reported with the exit.',
      concept: NESTED_AD,
    },
    (walk) => {
      const at = nestedAdAt(walk);
      const stop = expectedStopReference(walk);
      if (at === undefined || exitOf(walk.expected) === undefined || stop === undefined || !wantMissing(at)) return false;
      return walk.expected.references.some((reference) => reference.row === stop.row && reference.dimension === 'nested' && reference.address === at.want!.hpa);
    },
  ),
  nestedMisconception(
    {
      id: 'ept-ad-without-enable',
      rule: 'nested-ad-bits',
      title: 'Without EPTP bit 6 (accessedDirty) the EPT keeps no A/D bits: the walk asks for none',
      explanation: 'EPT A/D bits exist only when the hypervisor enables them (processors before Haswell had none); with them off, bits 8 and 9 of EPT entries are ignored and never set.',
      concept: NESTED_AD,
    },
    (walk) => walk.probe.nested.format === 'ept' && !walk.probe.nested.accessedDirty && walk.got.nestedAdWrites.length > 0 && nestedAdAt(walk) !== undefined,
  ),
  nestedMisconception(
    {
      id: 'npt-ad-always',
      rule: 'npt-ad-always',
      title: 'NPT entries always keep A/D: accessedDirty is for EPT only',
      explanation: 'AMD\'s nested tables are ordinary x86-64 page tables, whose A and D bits the processor always maintains; the EPTP A/D enable has no NPT counterpart.',
      concept: NESTED_AD,
    },
    (walk) => walk.probe.nested.format === 'npt' && !walk.probe.nested.accessedDirty && walk.got.nestedAdWrites.length === 0 && nestedAdAt(walk) !== undefined,
  ),
  nestedMisconception(
    {
      id: 'refused-nested-leaf-gets-no-a',
      rule: 'nested-ad-bits',
      title: 'A nested leaf whose rights refuse the access gets no A bit',
      explanation: 'The leaf wants A (and D on a write) only once the access passed its rights check; a refused access exits to the hypervisor and sets nothing in that leaf (the entries above it still get A).',
      concept: NESTED_AD,
    },
    (walk) => {
      const at = nestedAdAt(walk);
      return at !== undefined && haveExtra(at) && leafRefused(walk) && at.have!.hpa === expectedStopReference(walk)?.address;
    },
  ),
  nestedMisconception(
    {
      id: 'nested-ad-bit-already-set',
      rule: 'nested-ad-bits',
      title: 'Only A/D bits not already set in the nested entry are asked for',
      explanation: 'The hardware writes an A or D bit only when it is clear in the entry it read; an entry whose bits already hold needs no write.',
      concept: NESTED_AD,
    },
    (walk) => {
      const at = nestedAdAt(walk);
      const have = at?.have;
      if (at === undefined || have === undefined) return false;
      const read = walk.expected.references.find((reference) => reference.dimension === 'nested' && reference.address === have.hpa);
      return read !== undefined && (BigInt(read.entry) & BigInt(have.bits)) !== 0n;
    },
  ),
  nestedMisconception(
    {
      id: 'nested-dirty-only-on-write',
      rule: 'nested-ad-bits',
      title: "The data page's nested leaf gets D on a write only (A on any access that passes)",
      explanation: 'D marks a written page: the final nested walk asks for it in the leaf of a data write, and never for a read or a fetch.',
      concept: NESTED_AD,
    },
    (walk) => {
      const at = nestedAdAt(walk);
      const dirty = entryFormat(walk.probe).dirtyBit;
      if (at?.want === undefined || at.have === undefined || at.want.hpa !== at.have.hpa || !isDataLeaf(walk, at.want.hpa)) return false;
      return hasBits(at.want.bits, dirty) !== hasBits(at.have.bits, dirty);
    },
  ),
  nestedMisconception(
    {
      id: 'guest-ad-at-gpa',
      rule: 'guest-ad-reported',
      title: "Guest A/D writes go to the hPA where the guest entry was read, not to its gPA",
      explanation: 'The guest walker names each entry by its guest-physical address; the processor writes host memory, so each write is reported with the hPA the row\'s nested walk gave for that entry.',
      concept: NESTED_AD,
    },
    (walk) => {
      const at = guestAdAt(walk);
      return at?.have !== undefined && walk.difference.field === 'entry written' && at.have.hpa === at.have.gpa;
    },
  ),
  nestedMisconception(
    {
      id: 'guest-ad-dropped-on-exit',
      rule: 'guest-ad-reported',
      title: "The guest walk's A/D writes are reported also when the walk ends in a VM exit",
      explanation: 'A guest entry the walk passed through wants A as soon as it is used; a nested fault further on does not undo that, so the writes of the entries above are reported with the exit.',
      concept: NESTED_AD,
    },
    (walk) => {
      const at = guestAdAt(walk);
      return at?.want !== undefined && at.have === undefined && exitOf(walk.expected) !== undefined;
    },
  ),
  nestedMisconception(
    {
      id: 'guest-ad-as-the-walker-gives-them',
      rule: 'guest-ad-reported',
      title: "The guest A/D writes are the guest walker's, in its order, each with the hPA where its entry was read",
      explanation: 'The provided walker decides which guest entries want A or D; the 2D walk passes them on unchanged, locating each in host memory.',
      concept: NESTED_AD,
    },
    (walk) => guestAdAt(walk) !== undefined,
  ),
  nestedMisconception(
    {
      id: 'nested-ad-when-used',
      rule: 'nested-ad-bits',
      title: 'Nested entries get A when the walk uses them and D in a written leaf (guest tables are written), for bits not already set',
      explanation: 'Under EPT with A/D enabled, and always under NPT, each nested entry used wants A, and the leaf of a written page D; guest page tables count as written.',
      concept: NESTED_AD,
    },
    (walk) => nestedAdAt(walk) !== undefined,
  ),
];
