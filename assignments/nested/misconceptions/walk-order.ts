import { Misconception } from '../../framework/misconception';
import { RIGHT_USER } from '../../../reference/paging/rights';
import { levelPageSize } from '../../../reference/paging/geometry';
import { atOutcome, atReference, differingReferences, expectedDataRow, expectedDataRowEntries, expectedRow, NestedCase, nestedEntryFacts, nestedMisconception } from './symptoms';

const TWO_D_WALK = 'The two-dimensional walk: every guest-physical address goes through the nested tables';
const TLB_ENTRY = 'One TLB entry for the whole gVA → hPA translation';

/** The expected reference at the difference repeats the row above's entry in its column: one a cache would skip. */
function repeatsRowAbove(walk: NestedCase): boolean {
  const { expected } = differingReferences(walk);
  if (expected === undefined || expected.dimension !== 'nested' || expected.row === 0) return false;
  return expectedRow(walk, expected.row - 1).some((above) => above.dimension === 'nested' && above.column === expected.column && above.address === expected.address);
}

/** The student's reference at the difference is one the expected walk makes later in the same row: the ones before it were skipped. */
function skipsAheadInRow(walk: NestedCase): boolean {
  const { expected, got } = differingReferences(walk);
  if (expected === undefined || got === undefined) return false;
  const step = walk.difference.step!;
  return walk.expected.references.slice(step + 1).some((later) => later.row === expected.row && later.address === got.address && later.dimension === got.dimension);
}

/** The 2D walk's references, in order and in their cells. */
export const WALK_ORDER_MISCONCEPTIONS: readonly Misconception[] = [
  nestedMisconception(
    {
      id: 'nested-walk-cached-across-rows',
      rule: 'every-row-walked-in-full',
      title: 'There is no cache in the 2D walk: every row walks the nested tables in full, even over entries the row above read',
      explanation:
        'Each guest entry\'s gPA is translated by a whole nested walk from the nested root down, so rows read the same upper nested entries again. Skipping them is what a paging-structure cache would do, and this walk has none.',
      concept: TWO_D_WALK,
    },
    (walk) => atReference(walk) && repeatsRowAbove(walk) && skipsAheadInRow(walk),
  ),
  nestedMisconception(
    {
      id: 'guest-entry-before-its-nested-walk',
      rule: 'two-d-order',
      title: 'A guest entry is read only after the nested walk of its gPA',
      explanation:
        'The guest entry lives in guest-physical memory: the hardware cannot read it before the nested walk has turned its gPA into an hPA. Each row is that nested walk, column by column, and then the guest entry.',
      concept: TWO_D_WALK,
    },
    (walk) => {
      const { expected, got } = differingReferences(walk);
      return atReference(walk, 'dimension') && expected?.dimension === 'nested' && got?.dimension === 'guest' && !repeatsRowAbove(walk);
    },
  ),
  nestedMisconception(
    {
      id: 'columns-numbered-wrong',
      rule: 'grid-cells',
      title: 'Columns count the row\'s nested references from 0, then the guest entry',
      explanation: 'In each row, columns 0 to m-1 are the nested entries read for that row\'s gPA, top down, and column m is the guest entry; m is the number of nested references of that row.',
      concept: TWO_D_WALK,
    },
    (walk) => {
      const { expected, got } = differingReferences(walk);
      return atReference(walk, 'grid cell') && expected !== undefined && got !== undefined && expected.row === got.row && expected.column !== got.column;
    },
  ),
  nestedMisconception(
    {
      id: 'rows-numbered-wrong',
      rule: 'grid-cells',
      title: 'Rows count from 0 at the guest\'s top-level entry, one per guest entry read, then the data row',
      explanation: 'Row i holds the guest entry at guest level `levels - i`; the row after the guest leaf is the nested walk of the data gPA. A guest large page ends the walk early without renumbering the rows above.',
      concept: TWO_D_WALK,
    },
    (walk) => {
      const { expected, got } = differingReferences(walk);
      return atReference(walk, 'grid cell') && expected !== undefined && got !== undefined && expected.row !== got.row;
    },
  ),
  nestedMisconception(
    {
      id: 'guest-level-counted-from-leaf',
      rule: 'grid-cells',
      title: "A guest entry's level counts down from the guest's top level, not up from the leaf",
      explanation: 'Row 0 is always the guest entry at guest level `guest.control.levels`, each row below one level lower. A guest large page makes the walk shorter, but the top entry keeps the top level.',
      concept: TWO_D_WALK,
    },
    (walk) => atReference(walk, 'level') && differingReferences(walk).expected?.dimension === 'guest',
  ),
  nestedMisconception(
    {
      id: 'nested-level-wrong',
      rule: 'nested-radix-walk',
      title: 'A nested reference carries its nested level: the top level in column 0, one less per column',
      explanation: 'The nested walk of every row starts at the nested root (level 4 or 5) and goes one level down per column, until a leaf.',
      concept: TWO_D_WALK,
    },
    (walk) => atReference(walk, 'level') && differingReferences(walk).expected?.dimension === 'nested',
  ),
  nestedMisconception(
    {
      id: 'nested-index-bits',
      rule: 'nested-radix-walk',
      title: "A nested walk indexes each level with the gPA's 9 bits of that level",
      explanation: 'Nested level L takes its index from gPA bits 12+9(L-1) up to 20+9(L-1): bits 47:39 at level 4, 38:30 at level 3, 29:21 at level 2, 20:12 at level 1; each entry is 8 bytes.',
      concept: TWO_D_WALK,
    },
    (walk) => {
      const { expected, got } = differingReferences(walk);
      return atReference(walk, 'host-physical address') && expected?.dimension === 'nested' && got !== undefined && pageOf(got.address) === pageOf(expected.address);
    },
  ),
  nestedMisconception(
    {
      id: 'nested-next-table',
      rule: 'nested-radix-walk',
      title: 'The next nested table is bits 51:12 of the entry one level up (the nested root for the top level)',
      explanation: 'Every row\'s nested walk starts at the nested root; below it, each table\'s base is the address field (bits 51:12) of the entry just read, with its flag bits masked off.',
      concept: TWO_D_WALK,
    },
    (walk) => {
      const { expected, got } = differingReferences(walk);
      return atReference(walk, 'host-physical address') && expected?.dimension === 'nested' && got !== undefined && pageOf(got.address) !== pageOf(expected.address);
    },
  ),
  nestedMisconception(
    {
      id: 'large-nested-page-offset',
      rule: 'nested-radix-walk',
      title: 'Below a large nested page, the offset is every gPA bit below its page size, not only the low 12',
      explanation: 'A 2 MiB nested leaf maps 2 MiB of guest-physical memory: the hPA is its base plus the gPA\'s low 21 bits (30 bits for 1 GiB), whether the gPA is a guest table\'s or the data\'s.',
      concept: TWO_D_WALK,
    },
    largeNestedPageOffsetWrong,
  ),
  nestedMisconception(
    {
      id: 'guest-entry-host-address',
      rule: 'nested-radix-walk',
      title: "A guest entry is read at the hPA its row's nested walk gives: the nested leaf's page plus the gPA's offset",
      explanation: 'The guest entry\'s gPA is translated like any other gPA; the hardware then reads host memory at the resulting hPA, not at the gPA.',
      concept: TWO_D_WALK,
    },
    (walk) => atReference(walk, 'host-physical address') && differingReferences(walk).expected?.dimension === 'guest',
  ),
  nestedMisconception(
    {
      id: 'data-gpa-not-translated',
      rule: 'final-translation',
      title: "The guest walk ends at a gPA: the data gPA needs one more nested walk to give the hPA",
      explanation: "The guest's leaf gives a guest-physical address, which the nested tables translate like any other gPA: one more row of nested references, after the last guest entry.",
      concept: TWO_D_WALK,
    },
    (walk) => {
      const dataRow = expectedDataRow(walk);
      if (dataRow === undefined || !walk.got.result.ok) return false;
      return !walk.got.references.some((reference) => reference.row >= dataRow) && (atOutcome(walk) || atReference(walk));
    },
  ),
  nestedMisconception(
    {
      id: 'page-size-not-the-smaller',
      rule: 'page-size-min',
      title: 'The translation\'s page size is the smaller of the guest page and the nested page',
      explanation: 'One TLB entry may cover only what both dimensions map contiguously: a 2 MiB guest page backed by 4 KiB nested pages is cached 4 KiB at a time, and the other way round.',
      concept: TLB_ENTRY,
    },
    (walk) => atOutcome(walk, 'page size'),
  ),
  nestedMisconception(
    {
      id: 'rights-not-anded-with-nested',
      rule: 'rights-guest-and-nested',
      title: "The translation's rights are the guest rights AND those of the final nested walk",
      explanation: 'The access must pass both dimensions: a right the data page\'s nested leaf (or a nested level above it) refuses is not granted, whatever the guest\'s tables say.',
      concept: TLB_ENTRY,
    },
    // Under EPT, extra rights the data leaf grants are the leaf-only misconception (ept-faults.ts); NPT has no such rule of its own.
    (walk) => atOutcome(walk, 'rights') && extraRights(walk) !== 0 && (walk.probe.nested.format !== 'ept' || (extraRights(walk) & ~dataLeafRights(walk)) !== 0),
  ),
  nestedMisconception(
    {
      id: 'ept-rights-drop-user',
      rule: 'rights-guest-and-nested',
      title: 'EPT has no user/supervisor bit: it grants "user" to every access, so the guest\'s U/S decides',
      explanation: 'EPT entries carry R, W and X only; in the rights of a translation the nested side always grants user, and the guest walk\'s U/S is what remains.',
      concept: TLB_ENTRY,
    },
    (walk) => walk.probe.nested.format === 'ept' && atOutcome(walk, 'rights') && missingRights(walk) === RIGHT_USER,
  ),
  nestedMisconception(
    {
      id: 'rights-combined-wrong',
      rule: 'rights-guest-and-nested',
      title: "The translation's rights are the guest walk's rights AND the final nested walk's, nothing more or less",
      explanation: 'Take the rights the guest walk gives and AND them with the rights ANDed over every level of the data gPA\'s nested walk.',
      concept: TLB_ENTRY,
    },
    (walk) => atOutcome(walk, 'rights') && extraRights(walk) === 0,
  ),
];

function pageOf(address: string): bigint {
  return BigInt(address) >> 12n;
}

/** The rights the student's translation grants that the expected one does not. */
export function extraRights(walk: NestedCase): number {
  const { expected, got } = walk;
  return expected.result.ok && got.result.ok ? got.result.rights & ~expected.result.rights : 0;
}

function missingRights(walk: NestedCase): number {
  const { expected, got } = walk;
  return expected.result.ok && got.result.ok ? expected.result.rights & ~got.result.rights : 0;
}

/** The rights of the data row's nested leaf alone. */
export function dataLeafRights(walk: NestedCase): number {
  const entries = expectedDataRowEntries(walk);
  const leaf = entries[entries.length - 1];
  return leaf === undefined ? 0 : nestedEntryFacts(walk.probe, leaf).rights;
}

/** A guest entry read, or the data translated, at an hPA that differs only in the offset bits a large nested leaf covers. */
function largeNestedPageOffsetWrong(walk: NestedCase): boolean {
  let leaf;
  let expectedAddress: string;
  let gotAddress: string;
  if (atReference(walk, 'host-physical address')) {
    const { expected, got } = differingReferences(walk);
    if (expected?.dimension !== 'guest' || got === undefined) return false;
    leaf = walk.expected.references[walk.difference.step! - 1];
    [expectedAddress, gotAddress] = [expected.address, got.address];
  } else if (atOutcome(walk, 'host-physical address') && walk.expected.result.ok && walk.got.result.ok) {
    const entries = expectedDataRowEntries(walk);
    leaf = entries[entries.length - 1];
    [expectedAddress, gotAddress] = [walk.expected.result.hpa, walk.got.result.hpa];
  } else return false;
  if (leaf === undefined || leaf.dimension !== 'nested' || leaf.level < 2) return false;
  const changed = BigInt(expectedAddress) ^ BigInt(gotAddress);
  return changed !== 0n && (changed & 0xfffn) === 0n && changed < levelPageSize(leaf.level);
}
