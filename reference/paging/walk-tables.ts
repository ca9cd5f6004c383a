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
import { ENTRIES_PER_TABLE, PagingGeometry, levelPageSize, pageNumberOf, pageTableIndex } from './geometry';
import { ALL_RIGHTS, Access, NO_RIGHTS } from './rights';
import { AdWrite, EntryReader, TableWalkResult, WalkStep } from './walk-types';

export type { AdWrite, EntryReader, TableWalkFault, TableWalkResult, WalkStep } from './walk-types';

/** Byte offset of each of a table's entries, precomputed to keep BigInt() out of the loop. */
const ENTRY_OFFSETS: readonly bigint[] = Array.from({ length: ENTRIES_PER_TABLE }, (_, index) => BigInt(index * 8));

/**
 * The one walk loop (SDM 4.5 / 29.3.2). Pure: it reads entries through
 * `readEntry` and returns the A/D writes it wants instead of making them.
 *
 * Model choices, following docs/x86-paging-rules.md:
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
  const inputPage = pageNumberOf(input);

  // No loop condition: an entry at level 1 is always a leaf, so the walk returns by then.
  for (let level = geometry.levels; ; level--) {
    const index = pageTableIndex(inputPage, level);
    const entryAddress = table + ENTRY_OFFSETS[index];
    const entry = readEntry(entryAddress, level);
    if (entry === null) return { ok: false, fault: { kind: 'access-failed', level }, rights, steps, adWrites };
    if (stepsOrNull !== null) stepsOrNull.push({ level, index, entryAddress, entry });

    const facts = format.examine(entry, level);
    if ((facts & EXAMINED_PRESENT) === 0) return { ok: false, fault: { kind: 'not-present', level }, rights: NO_RIGHTS, steps, adWrites };
    if ((facts & EXAMINED_RESERVED) !== 0) {
      // audit-equivalent(swapped-arguments): the swapped call yields another reason text, or none; a reason is free text no observation reports (observe/walk-probe.ts and nested-walk-probe.ts leave it out)
      return { ok: false, fault: { kind: 'reserved', level, reason: format.reservedReason(entry, level)! }, rights, steps, adWrites };
    }
    rights &= facts & EXAMINED_RIGHTS;

    if ((facts & EXAMINED_LEAF) !== 0) {
      if (!format.permits(rights, access, entry)) {
        return { ok: false, fault: { kind: 'protection', level, rights }, rights, steps, adWrites };
      }
      const setAccessed = (facts & EXAMINED_ACCESSED) === 0;
      const setDirty = access.kind === 'write' && (facts & EXAMINED_DIRTY) === 0;
      if (setAccessed || setDirty) {
        adWrites.push({ level, entryAddress, bits: (setAccessed ? format.accessedBit : 0n) | (setDirty ? format.dirtyBit : 0n) });
      }
      const pageSize = levelPageSize(level);
      const address = pageAddress(entry, level) | (input & (pageSize - 1n));
      return { ok: true, address, pageSize, leafLevel: level, rights, steps, adWrites };
    }

    if ((facts & EXAMINED_ACCESSED) === 0) adWrites.push({ level, entryAddress, bits: format.accessedBit });
    table = tableAddress(entry);
  }
}
