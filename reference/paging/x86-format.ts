import { PTE_A, PTE_D, PTE_NX, PTE_P, PTE_PS, PTE_RW, PTE_US } from './constants';
import {
  DEFAULT_MAX_PHYSICAL_ADDRESS_BITS,
  EXAMINED_ACCESSED,
  EXAMINED_DIRTY,
  EXAMINED_LEAF,
  EXAMINED_PRESENT,
  EXAMINED_RESERVED,
  EntryFormat,
  EntryHalves,
  aboveMaxPhysicalMask,
  maskHalves,
  pageAddress,
  rememberLastByLevel,
  tableAddress,
} from './entry-format';
import { levelPageSize } from './geometry';
import { Access, RIGHT_EXECUTE, RIGHT_READ, RIGHT_USER, RIGHT_WRITE } from './rights';

export interface X86FormatOptions {
  /** EFER.NXE: bit 63 is NX when set, a reserved bit when clear. */
  readonly nxe: boolean;
  /** CR0.WP: supervisor writes honour RW when set. */
  readonly wp: boolean;
  /** MAXPHYADDR: entry bits from here to 51 are reserved. Default 46, as on many Intel server parts. */
  readonly maxPhysicalAddressBits?: number;
  /** CPUID Page1GB: 1 GiB pages allowed at the PDPT level. Default true. */
  readonly gigabytePages?: boolean;
}

// The bits of an entry's low half that the checks read, as numbers.
const P = Number(PTE_P);
const PS = Number(PTE_PS);
const A = Number(PTE_A);
const D = Number(PTE_D);
const RW_US = Number(PTE_RW | PTE_US);
/** NX (bit 63) in the entry's high half. */
const NX_HIGH = Number(PTE_NX >> 32n);

/** Rights granted by the RW (bit 1) and US (bit 2) combinations of an entry, indexed by `entry & 6`. */
const RIGHTS_BY_RW_US: readonly number[] = [0, 0, 2, 2, 4, 4, 6, 6].map(
  (bits) => RIGHT_READ | (bits & 2 ? RIGHT_WRITE : 0) | (bits & 4 ? RIGHT_USER : 0),
);
/** Address bits 12 + 1 .. page size - 1 of a large leaf at each level (bit 12 is PAT), all in the low half. */
const LARGE_PAGE_LOW_ADDRESS: readonly number[] = [0, 1, 2, 3].map((level) => (level < 2 ? 0 : Number((levelPageSize(level) - 1n) & ~0x1fffn)));

/**
 * The x86-64 paging-structure entry format (SDM 4.5), also used by AMD's
 * nested page tables. Reserved-bit rules: bits MAXPHYADDR..51 always; bit 63
 * without EFER.NXE; PS at PML4/PML5 (and at PDPT without 1 GiB support); the
 * address bits of a large leaf below its page size, except bit 12 (PAT).
 * Every question is answered from the entry's two halves as numbers.
 */
export function x86Format(options: X86FormatOptions): EntryFormat {
  const [aboveLow, aboveHigh] = maskHalves(aboveMaxPhysicalMask(options.maxPhysicalAddressBits ?? DEFAULT_MAX_PHYSICAL_ADDRESS_BITS));
  const gigabytePages = options.gigabytePages ?? true;
  const { nxe, wp } = options;
  /** The high-half bits reserved whatever the level: above MAXPHYADDR, and NX without NXE. */
  const reservedHigh = aboveHigh | (nxe ? 0 : NX_HIGH);
  const bits = new EntryHalves();

  const largePageSupported = (level: number) => level === 2 || (level === 3 && gigabytePages);
  const leafAt = (level: number) => level === 1 || (bits.low & PS) !== 0;
  const hasNx = () => bits.high >= NX_HIGH; // high is unsigned: NX is its top bit

  const reasonAt = (level: number): string | null => {
    const { low, high } = bits;
    const largePage = level >= 2 && (low & PS) !== 0;
    // The common case, checked at once: nothing reserved is set and there is no PS to examine.
    if (((low & aboveLow) | (high & reservedHigh)) === 0 && !largePage) return null;
    if (((low & aboveLow) | (high & aboveHigh)) !== 0) return 'physical-address bits above MAXPHYADDR';
    if (!nxe && hasNx()) return 'NX (bit 63) with EFER.NXE clear';
    if (largePage) {
      if (!largePageSupported(level)) return `PS at level ${level}`;
      if ((low & LARGE_PAGE_LOW_ADDRESS[level]) !== 0) return 'large-page address bits below the page size';
    }
    return null;
  };
  const rightsOf = () => RIGHTS_BY_RW_US[bits.low & RW_US] | (nxe && hasNx() ? 0 : RIGHT_EXECUTE);

  return {
    name: 'x86',
    accessedBit: PTE_A,
    dirtyBit: PTE_D,
    isPresent(entry) {
      bits.split(entry);
      return (bits.low & P) !== 0;
    },
    reservedReason(entry, level) {
      bits.split(entry);
      return reasonAt(level);
    },
    isLeaf(entry, level) {
      bits.split(entry);
      return leafAt(level);
    },
    rights(entry) {
      bits.split(entry);
      return rightsOf();
    },
    // A table pointer keeps all of bits 51:12; only a leaf drops the bits below its page size (bit 12 is PAT there).
    outputAddress(entry, level) {
      bits.split(entry);
      return leafAt(level) ? pageAddress(entry, level) : tableAddress(entry);
    },
    examine: rememberLastByLevel((entry, level) => {
      bits.split(entry);
      const low = bits.low;
      if ((low & P) === 0) return 0;
      return (
        EXAMINED_PRESENT |
        rightsOf() |
        (reasonAt(level) === null ? 0 : EXAMINED_RESERVED) |
        (leafAt(level) ? EXAMINED_LEAF : 0) |
        ((low & A) !== 0 ? EXAMINED_ACCESSED : 0) |
        ((low & D) !== 0 ? EXAMINED_DIRTY : 0)
      );
    }),
    permits(rights, access: Access) {
      if (access.user && (rights & RIGHT_USER) === 0) return false;
      if (access.kind === 'write' && (rights & RIGHT_WRITE) === 0 && (access.user || wp)) return false;
      if (access.kind === 'fetch' && (rights & RIGHT_EXECUTE) === 0) return false;
      return true;
    },
  };
}
