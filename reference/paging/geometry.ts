/**
 * Radix page-table geometry, decoded once so one walk loop serves x86-64
 * 4-level and 5-level paging, EPT and NPT alike (as Spike decodes satp/hgatp
 * into a vm_info record). Levels are numbered from the leaf up: 1 = PT,
 * 2 = PD, 3 = PDPT, 4 = PML4, 5 = PML5.
 *
 *   63      57 56    48 47    39 38    30 29    21 20    12 11       0
 *  | sign ext | PML5   | PML4   | PDPT   | PD     | PT     | offset   |
 *              (5-level only)
 */
export interface PagingGeometry {
  readonly levels: 4 | 5;
  /** Width of the translated address: 48 bits for 4-level, 57 for 5-level. */
  readonly addressBits: 48 | 57;
}

export const FOUR_LEVEL: PagingGeometry = Object.freeze({ levels: 4, addressBits: 48 });
export const FIVE_LEVEL: PagingGeometry = Object.freeze({ levels: 5, addressBits: 57 });

export function geometryForLevels(levels: 4 | 5): PagingGeometry {
  return levels === 4 ? FOUR_LEVEL : FIVE_LEVEL;
}

const LEVEL_NAMES = ['', 'PT', 'PD', 'PDPT', 'PML4', 'PML5'] as const;
export function levelName(level: number): string {
  return LEVEL_NAMES[level] ?? `L${level}`;
}

/** Entries in one page table at any level (4 KiB of 8-byte entries). */
export const ENTRIES_PER_TABLE = 512;

// Per-level constants, computed once: the walk loop runs millions of times.
const LEVEL_SHIFTS: readonly bigint[] = [0, 1, 2, 3, 4, 5].map((level) => BigInt(12 + 9 * (level - 1)));
const LEVEL_PAGE_SIZES: readonly bigint[] = LEVEL_SHIFTS.map((shift) => 1n << shift);

/** Bit position of the lowest address bit indexed at `level` (12, 21, 30, 39, 48). */
export function levelShift(level: number): bigint {
  return LEVEL_SHIFTS[level];
}

/** Bytes mapped by one entry at `level`: 4 KiB at 1, 2 MiB at 2, 1 GiB at 3. */
export function levelPageSize(level: number): bigint {
  return LEVEL_PAGE_SIZES[level];
}

/** 4 KiB pages covered by one entry at each level: 512^(level-1). */
const PAGES_PER_ENTRY: readonly number[] = LEVEL_PAGE_SIZES.map((size) => Number(size) / 4096);
const TWO_53 = 2 ** 53;

/**
 * The 4 KiB page number of an address, as a double: exact, since it has at
 * most 52 bits. An address below 2^53 converts in one step, and float
 * arithmetic there is much cheaper than a bigint shift.
 */
export function pageNumberOf(address: bigint): number {
  const value = Number(address);
  return value >= 0 && value < TWO_53 ? Math.floor(value / 4096) : Number(address >> 12n);
}

/**
 * The 9-bit table index at `level` of a page number from `pageNumberOf`, so a
 * walk converts its address once for all its levels (`& 511` keeps the low
 * bits of any integer double below 2^53 exactly).
 */
export function pageTableIndex(pageNumber: number, level: number): number {
  return Math.floor(pageNumber / PAGES_PER_ENTRY[level]) & 511;
}

/** The 9-bit table index of `address` at `level`. */
export function tableIndex(address: bigint, level: number): number {
  return pageTableIndex(pageNumberOf(address), level);
}

const ADDRESS_LIMIT = 1n << 64n;
/** The lower half of the canonical range of 4- and 5-level paging ends here; the upper half starts at 2^64 minus it. */
const LOWER_HALF_END_48 = 1n << 47n;
const LOWER_HALF_END_57 = 1n << 56n;
const UPPER_HALF_START_48 = ADDRESS_LIMIT - LOWER_HALF_END_48;
const UPPER_HALF_START_57 = ADDRESS_LIMIT - LOWER_HALF_END_57;

/**
 * Bits 63:addressBits must all equal bit addressBits-1 (SDM 3.3.7.1): the
 * address lies in the lower or the upper half of the 64-bit space. Range
 * comparisons, since a bigint comparison is cheaper than a shift.
 */
export function isCanonical(address: bigint, geometry: PagingGeometry): boolean {
  const fourLevel = geometry.addressBits === 48;
  if (address >= 0n && address < (fourLevel ? LOWER_HALF_END_48 : LOWER_HALF_END_57)) return true;
  return address >= (fourLevel ? UPPER_HALF_START_48 : UPPER_HALF_START_57) && address < ADDRESS_LIMIT;
}
