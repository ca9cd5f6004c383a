import { EntryFormat } from './entry-format';
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
 */
export function walkTables(
  geometry: PagingGeometry,
  format: EntryFormat,
  root: bigint,
  input: bigint,
  access: Access,
  readEntry: EntryReader,
): TableWalkResult {
  const steps: WalkStep[] = [];
  const adWrites: AdWrite[] = [];
  const accessedBit = format.accessedBit;
  let table = root;
  let rights = ALL_RIGHTS;
  // The input's page number fits a double exactly (45 bits even for 5-level
  // paging), so each level's index is float arithmetic instead of bigint shifts.
  const inputPage = Number((input >> 12n) & INPUT_PAGE_MASK);

  for (let level = geometry.levels; level >= 1; level--) {
    const index = Math.floor(inputPage / PAGES_PER_ENTRY[level]) % 512;
    const entryAddress = table + ENTRY_OFFSETS[index];
    const entry = readEntry(entryAddress, level);
    if (entry === null) return { ok: false, fault: { kind: 'access-failed', level }, rights, steps, adWrites };
    steps.push({ level, index, entryAddress, entry });

    if (!format.isPresent(entry)) return { ok: false, fault: { kind: 'not-present', level }, rights: 0, steps, adWrites };
    const reason = format.reservedReason(entry, level);
    if (reason !== null) return { ok: false, fault: { kind: 'reserved', level, reason }, rights, steps, adWrites };
    rights &= format.rights(entry);

    if (format.isLeaf(entry, level)) {
      if (!format.permits(rights, access)) {
        return { ok: false, fault: { kind: 'protection', level, rights }, rights, steps, adWrites };
      }
      const wanted = accessedBit | (access.kind === 'write' ? format.dirtyBit : 0n);
      if ((entry & wanted) !== wanted) adWrites.push({ level, entryAddress, bits: wanted & ~entry });
      const pageSize = levelPageSize(level);
      const address = format.outputAddress(entry, level) | (input & PAGE_OFFSET_MASKS[level]);
      return { ok: true, address, pageSize, leafLevel: level, rights, steps, adWrites };
    }

    if (accessedBit !== 0n && (entry & accessedBit) === 0n) adWrites.push({ level, entryAddress, bits: accessedBit });
    table = format.outputAddress(entry, level);
  }
  throw new Error('vmlab internal error: walk ran past level 1');
}
