import {
  EXAMINED_ACCESSED,
  EXAMINED_DIRTY,
  EXAMINED_LEAF,
  EXAMINED_PRESENT,
  EXAMINED_RESERVED,
  EXAMINED_RIGHTS,
  EntryFormat,
  pageAddress,
  tableAddress,
} from './entry-format';
import { PagingGeometry, levelPageSize } from './geometry';
import { ALL_RIGHTS, Access } from './rights';
import { AdWrite, EntryReader, TableWalkResult, WalkStep } from './walk-types';

export type { AdWrite, EntryReader, TableWalkFault, TableWalkResult, WalkStep } from './walk-types';

/** Byte offset of each of a table's 512 entries, precomputed to keep BigInt() out of the loop. */
const ENTRY_OFFSETS: readonly bigint[] = Array.from({ length: 512 }, (_, index) => BigInt(index * 8));

/** Offset-in-page bits of a leaf at each level. */
const PAGE_OFFSET_MASKS: readonly bigint[] = [0, 1, 2, 3, 4, 5].map((level) => (level === 0 ? 0n : levelPageSize(level) - 1n));
const INPUT_PAGE_MASK = (1n << 45n) - 1n;
/** 4 KiB pages covered by one entry at each level: 512^(level-1). */
const PAGES_PER_ENTRY: readonly number[] = [0, 1, 512, 512 ** 2, 512 ** 3, 512 ** 4];
const TWO_53 = 2 ** 53;

/**
 * The one walk loop (SDM 4.5 / 29.3.2). Pure: it reads entries through
 * `readEntry` and returns the A/D writes it wants instead of making them.
 *
 * Model choices, following DOMAIN.md:
 * - A non-leaf entry gets A as soon as the walk goes through it, even if a
 *   lower level then faults; the leaf gets A (and D on a write) only once the
 *   access has passed the permission check, so a faulting access never sets
 *   a leaf A/D bit.
 * - Reserved bits are checked at every present entry, top down; the first bad
 *   level wins. Rights are checked once, at the leaf, on their AND.
 *
 * Each entry is examined once (`EntryFormat.examine`); bigint arithmetic is
 * kept to building the addresses the walk reports.
 */
export function walkTables(
  geometry: PagingGeometry,
  format: EntryFormat,
  root: bigint,
  input: bigint,
  access: Access,
  readEntry: EntryReader,
): TableWalkResult {
  return walk(geometry, format, root, input, access, readEntry, []);
}

/**
 * `walkTables` without the steps (the result's `steps` is empty), for a caller
 * that records each entry itself as its reader returns it, as the 2D walk
 * does: it saves an object per level.
 */
export function walkTablesWithoutSteps(
  geometry: PagingGeometry,
  format: EntryFormat,
  root: bigint,
  input: bigint,
  access: Access,
  readEntry: EntryReader,
): TableWalkResult {
  return walk(geometry, format, root, input, access, readEntry, null);
}

const NO_STEPS: readonly WalkStep[] = Object.freeze([]);

function walk(
  geometry: PagingGeometry,
  format: EntryFormat,
  root: bigint,
  input: bigint,
  access: Access,
  readEntry: EntryReader,
  stepsOrNull: WalkStep[] | null,
): TableWalkResult {
  const steps = stepsOrNull ?? NO_STEPS;
  const adWrites: AdWrite[] = [];
  let table = root;
  let rights = ALL_RIGHTS;
  const inputPage = pageNumber(input);

  for (let level = geometry.levels; level >= 1; level--) {
    // `& 511` on a double below 2^53 keeps its low bits exactly (it converts modulo 2^32).
    const index = Math.floor(inputPage / PAGES_PER_ENTRY[level]) & 511;
    const entryAddress = table + ENTRY_OFFSETS[index];
    const entry = readEntry(entryAddress, level);
    if (entry === null) return { ok: false, fault: { kind: 'access-failed', level }, rights, steps, adWrites };
    if (stepsOrNull !== null) stepsOrNull.push({ level, index, entryAddress, entry });

    const facts = format.examine(entry, level);
    if ((facts & EXAMINED_PRESENT) === 0) return { ok: false, fault: { kind: 'not-present', level }, rights: 0, steps, adWrites };
    if ((facts & EXAMINED_RESERVED) !== 0) {
      return { ok: false, fault: { kind: 'reserved', level, reason: format.reservedReason(entry, level)! }, rights, steps, adWrites };
    }
    rights &= facts & EXAMINED_RIGHTS;

    if ((facts & EXAMINED_LEAF) !== 0) {
      if (!format.permits(rights, access)) {
        return { ok: false, fault: { kind: 'protection', level, rights }, rights, steps, adWrites };
      }
      const setAccessed = (facts & EXAMINED_ACCESSED) === 0;
      const setDirty = access.kind === 'write' && (facts & EXAMINED_DIRTY) === 0;
      if (setAccessed || setDirty) {
        adWrites.push({ level, entryAddress, bits: (setAccessed ? format.accessedBit : 0n) | (setDirty ? format.dirtyBit : 0n) });
      }
      const address = pageAddress(entry, level) | (input & PAGE_OFFSET_MASKS[level]);
      return { ok: true, address, pageSize: levelPageSize(level), leafLevel: level, rights, steps, adWrites };
    }

    if ((facts & EXAMINED_ACCESSED) === 0) adWrites.push({ level, entryAddress, bits: format.accessedBit });
    table = tableAddress(entry);
  }
  throw new Error('vmlab internal error: walk ran past level 1');
}

/**
 * The input's 4 KiB page number as a double: exact, since it has at most 45
 * bits even for 5-level paging, so each level's index is float arithmetic
 * instead of bigint shifts. An input below 2^53 converts in one step.
 */
function pageNumber(input: bigint): number {
  const value = Number(input);
  return value < TWO_53 && value >= 0 ? Math.floor(value / 4096) : Number((input >> 12n) & INPUT_PAGE_MASK);
}

