import { ENTRY_ADDRESS_MASK, PTE_A, PTE_D, PTE_NX, PTE_P, PTE_PS, PTE_RW, PTE_US } from './constants';
import { DEFAULT_MAX_PHYSICAL_ADDRESS_BITS, EntryFormat, OUTPUT_ADDRESS_MASKS, aboveMaxPhysicalMask } from './entry-format';
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

/** Rights granted by the RW (bit 1) and US (bit 2) combinations of an entry, indexed by `entry & 6`. */
const RIGHTS_BY_RW_US: readonly number[] = [0, 0, 2, 2, 4, 4, 6, 6].map(
  (bits) => RIGHT_READ | (bits & 2 ? RIGHT_WRITE : 0) | (bits & 4 ? RIGHT_USER : 0),
);

/**
 * The x86-64 paging-structure entry format (SDM 4.5), also used by AMD's
 * nested page tables. Reserved-bit rules: bits MAXPHYADDR..51 always; bit 63
 * without EFER.NXE; PS at PML4/PML5 (and at PDPT without 1 GiB support); the
 * address bits of a large leaf below its page size, except bit 12 (PAT).
 */
export function x86Format(options: X86FormatOptions): EntryFormat {
  const above = aboveMaxPhysicalMask(options.maxPhysicalAddressBits ?? DEFAULT_MAX_PHYSICAL_ADDRESS_BITS);
  const gigabytePages = options.gigabytePages ?? true;
  const { nxe, wp } = options;
  const alwaysReserved = above | (nxe ? 0n : PTE_NX);

  const largePageSupported = (level: number) => level === 2 || (level === 3 && gigabytePages);
  const isLeaf = (entry: bigint, level: number) => level === 1 || (entry & PTE_PS) !== 0n;

  return {
    name: 'x86',
    accessedBit: PTE_A,
    dirtyBit: PTE_D,
    isPresent: (entry) => (entry & PTE_P) !== 0n,
    reservedReason(entry, level) {
      // The common case, checked with one AND: nothing reserved is set and there is no PS to examine.
      if ((entry & alwaysReserved) === 0n && (level === 1 || (entry & PTE_PS) === 0n)) return null;
      if ((entry & above) !== 0n) return 'physical-address bits above MAXPHYADDR';
      if (!nxe && (entry & PTE_NX) !== 0n) return 'NX (bit 63) with EFER.NXE clear';
      if (level >= 2 && (entry & PTE_PS) !== 0n) {
        if (!largePageSupported(level)) return `PS at level ${level}`;
        // Address bits 12 + 1 .. page-size - 1 of a large leaf (bit 12 is PAT).
        const lowAddressBits = (levelPageSize(level) - 1n) & ~0x1fffn;
        if ((entry & lowAddressBits) !== 0n) return 'large-page address bits below the page size';
      }
      return null;
    },
    isLeaf,
    rights(entry) {
      // Entries are unsigned 64-bit values: NX (bit 63) is set exactly when entry >= 2^63.
      const executable = !nxe || entry < PTE_NX;
      return RIGHTS_BY_RW_US[Number(entry & (PTE_RW | PTE_US))] | (executable ? RIGHT_EXECUTE : 0);
    },
    // A table pointer keeps all of bits 51:12 (tables are 4 KiB-aligned at every
    // level); only a leaf drops the bits below its page size (bit 12 is PAT there).
    outputAddress(entry, level) {
      return isLeaf(entry, level) ? entry & OUTPUT_ADDRESS_MASKS[level] : entry & ENTRY_ADDRESS_MASK;
    },
    permits(rights, access: Access) {
      if (access.user && (rights & RIGHT_USER) === 0) return false;
      if (access.kind === 'write' && (rights & RIGHT_WRITE) === 0 && (access.user || wp)) return false;
      if (access.kind === 'fetch' && (rights & RIGHT_EXECUTE) === 0) return false;
      return true;
    },
  };
}
