import { Misconception } from '../../framework/misconception';
import { aboveMaxPhysicalMask, DEFAULT_MAX_PHYSICAL_ADDRESS_BITS } from '../../../reference/paging/entry-format';
import { PTE_NX, PTE_PS } from '../../../reference/paging/constants';
import { CONCEPTS } from './concepts';
import { WalkCase, combinedRights, expectedEntryAt, faultLevel, has, isFault, largeLeafLowAddressBits, onWalk, permits, readTheExpectedEntries } from './symptoms';

const ABOVE_MAX_PHYSICAL = aboveMaxPhysicalMask(DEFAULT_MAX_PHYSICAL_ADDRESS_BITS);

/** The reference stopped with a reserved fault, the student's walk did not stop there for it; with the bad entry and its level. */
function missedReserved(walk: WalkCase): { entry: bigint; level: number } | undefined {
  const level = faultLevel(walk.expected.result);
  if (!isFault(walk.expected.result, 'reserved') || level === undefined || isFault(walk.got.result, 'reserved', level) || !readTheExpectedEntries(walk)) return undefined;
  const entry = expectedEntryAt(walk, level);
  return entry === undefined ? undefined : { entry, level };
}

/** Reserved bits and canonical addresses: what the walker refuses before any rights. */
export const MALFORMED_MISCONCEPTIONS: readonly Misconception[] = [
  {
    id: 'canonical-check-first',
    rule: 'canonical-first',
    title: 'A non-canonical address faults before any entry is read',
    explanation: 'The canonical check comes before the walk: bits 63 down to the top translated bit (47, or 56 with 5 levels) must all copy that bit. An address that breaks it is refused at once, with no entry read and no A bit set.',
    concept: CONCEPTS.malformed,
    recognise: onWalk(({ expected, got }) => isFault(expected.result, 'non-canonical') && !isFault(got.result, 'non-canonical')),
  },
  {
    id: 'canonical-range',
    rule: 'canonical-first',
    title: 'Canonical means the bits above the top translated bit copy it: 47 with 4 levels, 56 with 5',
    explanation: 'With 4-level paging bits 63..48 must equal bit 47; with 5-level paging bits 63..57 must equal bit 56. The upper half (all ones above) is as canonical as the lower half.',
    concept: CONCEPTS.malformed,
    recognise: onWalk(({ expected, got }) => !isFault(expected.result, 'non-canonical') && isFault(got.result, 'non-canonical')),
  },
  {
    id: 'reserved-bits-top-down',
    rule: 'reserved-bits',
    title: 'Reserved bits are checked at every present entry as it is read, top down, not only at the leaf',
    explanation: 'The reserved-bit check is made at each entry right after P: the first malformed entry from the top ends the walk with a reserved fault at its level, before any entry below it is used.',
    concept: CONCEPTS.malformed,
    recognise: onWalk(({ expected, got }) => isFault(expected.result, 'reserved') && isFault(got.result, 'reserved') && faultLevel(expected.result) !== faultLevel(got.result)),
  },
  {
    id: 'rights-before-reserved-bits',
    rule: 'reserved-bits',
    title: 'Reserved bits are checked before the rights: a malformed leaf is a reserved fault even when the access is not allowed',
    explanation: 'At each entry the order is: present, then reserved bits, then (at the leaf) the rights. A leaf with a reserved bit set is malformed, and that is reported whatever the rights would have said.',
    concept: CONCEPTS.malformed,
    recognise: onWalk((walk) => {
      const bad = missedReserved(walk);
      if (bad === undefined || !isFault(walk.got.result, 'protection', bad.level)) return false;
      return !permits(combinedRights(walk), bad.entry, walk.probe.control, walk.probe.access);
    }),
  },
  {
    id: 'bit-63-is-nx-without-nxe',
    rule: 'nx-reserved-without-nxe',
    title: 'While EFER.NXE is clear, bit 63 is a reserved bit, not NX',
    explanation: 'NX exists only with EFER.NXE set. With it clear, bit 63 must be zero in every present entry, and an entry that sets it is malformed: a reserved fault at its level, whatever the access.',
    concept: CONCEPTS.malformed,
    recognise: onWalk((walk) => {
      const bad = missedReserved(walk);
      return bad !== undefined && !walk.probe.control.nxe && has(bad.entry, PTE_NX) && !has(bad.entry, ABOVE_MAX_PHYSICAL);
    }),
  },
  {
    id: 'ps-at-the-top-level',
    rule: 'ps-at-top',
    title: 'PS in a PML4E or PML5E is a reserved bit: there are no 512 GiB pages',
    explanation: 'Only a PDE (2 MiB) or a PDPTE (1 GiB) may map a page. PS set in a PML4E or PML5E makes the entry malformed: a reserved fault at that level, not a huge leaf.',
    concept: CONCEPTS.malformed,
    recognise: onWalk((walk) => {
      const bad = missedReserved(walk);
      return bad !== undefined && bad.level >= 4 && has(bad.entry, PTE_PS);
    }),
  },
  {
    id: 'large-leaf-low-address-bits',
    rule: 'large-page-address-bits',
    title: "A large leaf's address bits below its page size must be zero, all but bit 12 (PAT)",
    explanation: "A 2 MiB frame starts at bit 21 and a 1 GiB frame at bit 30: the address bits between bit 13 and the page size are reserved in such a leaf, so setting one makes it malformed (bit 12 is PAT and may be set).",
    concept: CONCEPTS.malformed,
    recognise: onWalk((walk) => {
      const bad = missedReserved(walk);
      return bad !== undefined && has(bad.entry, PTE_PS) && has(bad.entry, largeLeafLowAddressBits(bad.level));
    }),
  },
  {
    id: 'bits-above-maxphyaddr',
    rule: 'reserved-bits',
    title: 'Bits from MAXPHYADDR to 51 are reserved bits in every present entry, at every level',
    explanation: 'A physical address has MAXPHYADDR bits (46 here): an entry that sets a bit between MAXPHYADDR and 51 points beyond memory and is malformed, a reserved fault at its level, checked top down at every entry before any rights.',
    concept: CONCEPTS.malformed,
    recognise: onWalk((walk) => {
      const bad = missedReserved(walk);
      return bad !== undefined && has(bad.entry, ABOVE_MAX_PHYSICAL);
    }),
  },
  {
    id: 'reserved-bit-invented',
    rule: 'reserved-bits',
    title: 'Only the reserved bits are reserved: ignored bits, the protection key and PAT are not',
    explanation: 'Bits 11..9 and 58..52 are ignored (free for software), bits 62..59 are the protection key, bit 12 of a large leaf is PAT and bit 63 is NX with EFER.NXE set. None of them makes an entry malformed.',
    concept: CONCEPTS.malformed,
    recognise: onWalk(({ expected, got }) => isFault(got.result, 'reserved') && !isFault(expected.result, 'reserved', faultLevel(got.result))),
  },
];
