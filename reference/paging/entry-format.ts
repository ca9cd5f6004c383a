import { ENTRY_ADDRESS_MASK } from './constants';
import { levelPageSize } from './geometry';
import { Access } from './rights';

/**
 * What the walk loop needs to know about one page-table format. Each format is
 * built once per machine configuration (the control bits it depends on, such
 * as EFER.NXE or EPT A/D enable, are fixed in it), so the loop never branches
 * on the format itself.
 */
export interface EntryFormat {
  readonly name: 'x86' | 'ept';
  /** x86: P set. EPT: any of R/W/X set. */
  isPresent(entry: bigint): boolean;
  /** Why a present entry is malformed at this level (a reserved bit, a bad memory type), or null. */
  reservedReason(entry: bigint, level: number): string | null;
  /** Does this present, well-formed entry map a page (rather than point to a table)? */
  isLeaf(entry: bigint, level: number): boolean;
  /** The rights this entry grants, as RIGHT_* bits. */
  rights(entry: bigint): number;
  /** Next table's base (non-leaf) or the page's base (leaf at `level`). */
  outputAddress(entry: bigint, level: number): bigint;
  /** Do the combined rights of the walk allow the access? */
  permits(rights: number, access: Access): boolean;
  /** Accessed/dirty bits, or 0n when the format does not maintain them (EPT without A/D). */
  readonly accessedBit: bigint;
  readonly dirtyBit: bigint;
}

/** Bits MAXPHYADDR..51 of an entry: must be zero in every format. */
export function aboveMaxPhysicalMask(maxPhysicalAddressBits: number): bigint {
  return ((1n << 52n) - 1n) & ~((1n << BigInt(maxPhysicalAddressBits)) - 1n);
}

/** MAXPHYADDR unless a format is told otherwise: 46, as on many Intel server parts. */
export const DEFAULT_MAX_PHYSICAL_ADDRESS_BITS = 46;

/** Address bits of a leaf at each level: bits 51:12, less the offset bits of a large page. */
export const OUTPUT_ADDRESS_MASKS: readonly bigint[] = [0, 1, 2, 3, 4, 5].map((level) =>
  level === 0 ? 0n : ENTRY_ADDRESS_MASK & ~(levelPageSize(level) - 1n),
);
