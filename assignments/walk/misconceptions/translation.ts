import { Misconception } from '../../framework/misconception';
import { parseHex } from '../../../observe/memory-image';
import { PTE_LARGE_PAT } from '../../../reference/paging/constants';
import { CONCEPTS } from './concepts';
import { firstWrongRead, isFault, lastExpectedEntry, onWalk, readTheExpectedEntries, tableBaseOf } from './symptoms';

/** Translations: which entries the walk reads, how deep, and the address it makes. */
export const TRANSLATION_MISCONCEPTIONS: readonly Misconception[] = [
  {
    id: 'five-level-starts-at-pml4',
    rule: 'five-level',
    title: 'With 5-level paging the walk starts at the PML5, one level above the PML4',
    explanation: 'CR4.LA57 adds a level on top: CR3 points at a PML5, indexed with address bits 56..48, and every walk reads five entries down to a 4 KiB leaf. Starting at the PML4 reads the wrong table from the first step.',
    concept: CONCEPTS.walk,
    recognise: onWalk(({ probe, expected, got }) => {
      if (probe.control.levels !== 5 || got.steps.some((step) => step.level === 5)) return false;
      return expected.steps.some((step) => step.level === 5) || (!expected.result.ok && expected.result.level === 5);
    }),
  },
  {
    id: 'index-from-wrong-bits',
    rule: 'index-and-entry-address',
    title: "Each level's index is its own 9 bits of the address, not a neighbouring level's",
    explanation: 'Level n indexes its table with address bits 12 + 9(n - 1) and up, nine of them: 47..39 for the PML4, 38..30 for the PDPT, 29..21 for the PD, 20..12 for the PT. A shift off by a bit or by a level reads another entry of the right table.',
    concept: CONCEPTS.walk,
    recognise: onWalk((walk) => {
      const wrong = firstWrongRead(walk);
      return wrong !== undefined && wrong.got.index !== wrong.expected.index && tableBaseOf(wrong.got) === tableBaseOf(wrong.expected);
    }),
  },
  {
    id: 'next-table-from-whole-entry',
    rule: 'next-table-address',
    title: "The next table's base is bits 51..12 of the entry, with the flags and the high bits masked off",
    explanation: "A table entry keeps the next table's physical address in bits 51..12; bits 11..0 are flags, and bits 63..52 are NX, the protection key or ignored. Keeping any of them in the base reads an entry of a table that is not there.",
    concept: CONCEPTS.walk,
    recognise: onWalk((walk) => {
      const wrong = firstWrongRead(walk);
      return wrong !== undefined && wrong.index > 0 && tableBaseOf(wrong.got) !== tableBaseOf(wrong.expected);
    }),
  },
  {
    id: 'entry-address-not-base-plus-8-index',
    rule: 'index-and-entry-address',
    title: "An entry's address is the table base plus 8 times the index, starting from CR3",
    explanation: 'Entries are 8 bytes wide, so entry i of a table sits 8 × i bytes after its base; the first table is the one CR3 points at. Adding the index unscaled, or starting elsewhere, reads the wrong entry.',
    concept: CONCEPTS.walk,
    recognise: onWalk((walk) => {
      const wrong = firstWrongRead(walk);
      return wrong !== undefined && wrong.got.index === wrong.expected.index && (wrong.index === 0 || tableBaseOf(wrong.got) === tableBaseOf(wrong.expected));
    }),
  },
  {
    id: 'failed-read-taken-for-an-entry',
    rule: 'failed-read',
    title: 'A read that fails (readEntry returns null) ends the walk with access-failed at that level',
    explanation: 'When the entry cannot be read at all (under nested paging the table address did not translate), there is no entry to judge: not a zero entry and not a not-present one. The walk stops there with access-failed at that level, and records no step for the failed read.',
    concept: CONCEPTS.walk,
    recognise: onWalk((walk) => isFault(walk.expected.result, 'access-failed') && !isFault(walk.got.result, 'access-failed', walk.expected.result.ok ? undefined : walk.expected.result.level) && readTheExpectedEntries(walk)),
  },
  {
    id: 'large-page-pat-as-address',
    rule: 'large-pages',
    title: 'Bit 12 of a 2 MiB or 1 GiB leaf is PAT, not an address bit',
    explanation: "In a large leaf, bit 12 selects the memory type (PAT); the frame starts at bit 21 (2 MiB) or bit 30 (1 GiB). Keeping bit 12 in the frame adds 4 KiB to the translation whenever PAT is set.",
    concept: CONCEPTS.largePages,
    recognise: onWalk((walk) => {
      const { expected, got } = walk;
      const leaf = lastExpectedEntry(walk);
      if (!expected.result.ok || !got.result.ok || leaf === undefined || leaf.level < 2) return false;
      return (leaf.entry & PTE_LARGE_PAT) !== 0n && (parseHex(expected.result.address) ^ parseHex(got.result.address)) === PTE_LARGE_PAT;
    }),
  },
  {
    id: 'large-page-offset-12-bits',
    rule: 'large-pages',
    title: "A large page's offset is every address bit below its size: 21 bits for 2 MiB, 30 for 1 GiB",
    explanation: 'A 2 MiB leaf maps the whole 2 MiB, so the low 21 bits of the address pass through unchanged (30 bits for 1 GiB); only a 4 KiB page keeps just 12 offset bits.',
    concept: CONCEPTS.largePages,
    recognise: onWalk(({ probe, expected, got }) => {
      if (!expected.result.ok || !got.result.ok) return false;
      const size = parseHex(expected.result.pageSize);
      const offset = (address: bigint) => address & (size - 1n);
      // Bits 11..0 right, some of bits 13 up to the page size wrong (bit 12 alone is PAT's misconception).
      const wrong = offset(parseHex(got.result.address)) ^ offset(parseHex(probe.va));
      return size > 0x1000n && (wrong & 0xfffn) === 0n && (wrong & ~0x1fffn) !== 0n;
    }),
  },
  {
    id: 'ps-does-not-end-the-walk',
    rule: 'large-pages',
    title: 'PS in a PDE or PDPTE makes it the leaf: the walk ends there with a 2 MiB or 1 GiB page',
    explanation: 'A PDE with PS set maps a 2 MiB page and a PDPTE with PS a 1 GiB page: there is no table below to read, and the page size and leaf level say so.',
    concept: CONCEPTS.largePages,
    recognise: onWalk(({ expected, got }) => {
      if (!expected.result.ok || expected.result.leafLevel < 2) return false;
      // Read past the leaf, or translated at another level or size; a fault at the leaf itself is about its rights.
      return got.steps.length > expected.steps.length || (got.result.ok && (got.result.leafLevel !== expected.result.leafLevel || got.result.pageSize !== expected.result.pageSize));
    }),
  },
  {
    id: 'frame-plus-offset',
    rule: 'translated-address',
    title: "A 4 KiB translation is the leaf's frame (bits 51..12) plus the low 12 bits of the address",
    explanation: "The leaf's bits 51..12 are the frame's base; the address's bits 11..0 are the offset into it. Flags, NX or the protection key must not leak into the frame, and the offset is not shifted.",
    concept: CONCEPTS.walk,
    recognise: onWalk(({ expected, got }) => expected.result.ok && got.result.ok && expected.result.pageSize === '0x1000' && got.result.address !== expected.result.address),
  },
];
