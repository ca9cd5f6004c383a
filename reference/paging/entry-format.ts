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
  /** Why a present entry is malformed at this level (a reserved bit, a bad memory type), or null. */
  reservedReason(entry: bigint, level: number): string | null;
  /** Do the combined rights of the walk allow the access to the page the `leaf` entry maps (x86 reads its protection key)? */
  permits(rights: number, access: Access, leaf: bigint): boolean;
  /**
   * Everything the walk loop asks of an entry at `level`, in one call: the
   * EXAMINED_* flags OR the rights it grants (x86: P set means present; EPT:
   * any of R/W/X; the rights of a reserved entry are never used). Agrees with `reservedReason` and with the entry's A/D
   * bits; EXAMINED_NOT_PRESENT for a non-present entry. One call with number
   * arithmetic instead of a bigint operation (and allocation) per question:
   * the walk loop runs millions of times.
   */
  examine(entry: bigint, level: number): number;
  /**
   * The accessed and dirty bits. A format that keeps no A/D bits (EPT
   * without A/D enabled) never asks for them: its `examine` reports both as
   * needing no setting.
   */
  readonly accessedBit: bigint;
  readonly dirtyBit: bigint;
}

/** `examine` of a non-present entry: no flag at all, whatever its other bits. */
export const EXAMINED_NOT_PRESENT = 0;
/** `examine`: the RIGHT_* bits the entry grants. */
export const EXAMINED_RIGHTS = 0xf;
/** `examine`: present (x86 P; EPT any of R/W/X). A non-present entry reports nothing else. */
export const EXAMINED_PRESENT = 0x10;
/** `examine`: malformed at this level; `reservedReason` says why. */
export const EXAMINED_RESERVED = 0x20;
/** `examine`: maps a page at this level (rather than pointing to a table). */
export const EXAMINED_LEAF = 0x40;
/** `examine`: the accessed bit needs no setting (it is set, or the format keeps no A/D bits). */
export const EXAMINED_ACCESSED = 0x80;
/** `examine`: the dirty bit needs no setting (it is set, or the format keeps no A/D bits). */
export const EXAMINED_DIRTY = 0x100;

const TWO_32 = 2 ** 32;
const TWO_53 = 2 ** 53;
const LOW_32 = 0xffffffffn;

/**
 * An entry's bits 31:0 and 63:32 as two numbers (both unsigned), so a format
 * checks its bits with number operations. A bigint operation costs about as
 * much as a whole number-based check, and allocates. One conversion covers
 * an entry below 2^53, which a double holds exactly (`>>> 0` then keeps its
 * low 32 bits, exactly); NX and the other high bits take two bigint
 * operations. A format keeps one instance and splits each entry into it: a
 * returned pair would be an allocation per entry.
 */
export class EntryHalves {
  low = 0;
  high = 0;

  split(entry: bigint): void {
    const value = Number(entry);
    if (value < TWO_53) {
      this.low = value >>> 0;
      this.high = (value - this.low) / TWO_32;
    } else {
      this.low = Number(entry & LOW_32);
      this.high = Number(entry >> 32n);
    }
  }
}

/**
 * `examine` remembering the last entry it examined at each level. Walks pass
 * the same upper entries again and again (every walk of a table tree reads
 * the same root entry), and comparing two bigints costs less than examining
 * one. Entries are unsigned, so the initial -1n never matches.
 */
export function rememberLastByLevel(examine: (entry: bigint, level: number) => number): (entry: bigint, level: number) => number {
  const lastEntry: bigint[] = [-1n, -1n, -1n, -1n, -1n, -1n];
  const lastFacts: number[] = [0, 0, 0, 0, 0, 0];
  return (entry, level) => {
    if (lastEntry[level] !== entry) {
      lastFacts[level] = examine(entry, level);
      lastEntry[level] = entry;
    }
    return lastFacts[level];
  };
}

/** A 64-bit mask as its [bits 31:0, bits 63:32] halves, to test against an EntryHalves. */
export function maskHalves(mask: bigint): readonly [number, number] {
  return [Number(mask & LOW_32), Number(mask >> 32n)];
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

// Every format here (x86-64, EPT, NPT) keeps its output address in bits 51:12.

/** The base of the table a non-leaf entry points to: all of bits 51:12 (tables are 4 KiB-aligned at every level). */
export function tableAddress(entry: bigint): bigint {
  return entry & ENTRY_ADDRESS_MASK;
}

/** The base of the page a leaf at `level` maps: bits 51:12 less those below its page size. */
export function pageAddress(entry: bigint, level: number): bigint {
  return entry & OUTPUT_ADDRESS_MASKS[level];
}
