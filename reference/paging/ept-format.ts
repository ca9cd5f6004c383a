import {
  ENTRY_ADDRESS_MASK,
  EPT_A,
  EPT_D,
  EPT_MEMTYPE_SHIFT,
  EPT_PS,
  EPT_R,
  EPT_RESERVED_MEMTYPES,
  EPT_RWX,
  EPT_W,
  EPT_X,
} from './constants';
import { DEFAULT_MAX_PHYSICAL_ADDRESS_BITS, EntryFormat, OUTPUT_ADDRESS_MASKS, aboveMaxPhysicalMask } from './entry-format';
import { levelPageSize } from './geometry';
import { Access, RIGHT_EXECUTE, RIGHT_READ, RIGHT_USER, RIGHT_WRITE } from './rights';

export interface EptFormatOptions {
  /** EPTP bit 6: the processor maintains EPT A/D bits (Haswell and later). */
  readonly accessedDirty: boolean;
  /** IA32_VMX_EPT_VPID_CAP bit 0: execute-only (X without R) entries allowed. Default true. */
  readonly executeOnly?: boolean;
  readonly maxPhysicalAddressBits?: number;
  /** 1 GiB EPT pages allowed. Default true. */
  readonly gigabytePages?: boolean;
}

// The bits of an entry's low 12 that the checks read, as numbers.
const R = Number(EPT_R);
const W = Number(EPT_W);
const X = Number(EPT_X);
const RWX = Number(EPT_RWX);
const PS = Number(EPT_PS);
const MEMTYPE_SHIFT = Number(EPT_MEMTYPE_SHIFT);
/** Bits 7:3, reserved in an entry that points to a table. */
const NON_LEAF_RESERVED = 0xf8;
const LOW_BITS = 0xfffn;

/** Rights by an entry's XWR bits; EPT has no user/supervisor distinction, so every entry grants "user". */
const RIGHTS_BY_XWR: readonly number[] = Array.from(
  { length: 8 },
  (_, xwr) => RIGHT_USER | (xwr & R ? RIGHT_READ : 0) | (xwr & W ? RIGHT_WRITE : 0) | (xwr & X ? RIGHT_EXECUTE : 0),
);
const RESERVED_MEMTYPE: readonly boolean[] = Array.from({ length: 8 }, (_, type) => EPT_RESERVED_MEMTYPES.includes(BigInt(type)));
/** Address bits 12 .. page size - 1 of a large leaf at each level: reserved (EPT has no PAT bit there). */
const LARGE_PAGE_LOW_ADDRESS: readonly bigint[] = [0, 1, 2, 3].map((level) => (level < 2 ? 0n : (levelPageSize(level) - 1n) & ~LOW_BITS));

/**
 * The EPT entry format (SDM 29.3.2). A misconfiguration (SDM 29.3.3.1) is a
 * present entry that is malformed: W without R, X-only without support, a
 * reserved memory type in a leaf, reserved bits (7:3 of a non-leaf entry, PS
 * at the top level, address bits above MAXPHYADDR or below a large page).
 */
export function eptFormat(options: EptFormatOptions): EntryFormat {
  const above = aboveMaxPhysicalMask(options.maxPhysicalAddressBits ?? DEFAULT_MAX_PHYSICAL_ADDRESS_BITS);
  const executeOnly = options.executeOnly ?? true;
  const gigabytePages = options.gigabytePages ?? true;

  // The walk loop asks several questions about the same entry in a row, and
  // all but two only need bits 11:0: convert them to a number once per entry
  // rather than doing a bigint operation per question. (Entries are unsigned,
  // so -1n never matches.)
  let decodedEntry = -1n;
  let decodedLow = 0;
  const lowBits = (entry: bigint): number => {
    if (entry !== decodedEntry) {
      decodedEntry = entry;
      decodedLow = Number(entry & LOW_BITS);
    }
    return decodedLow;
  };
  const isLeaf = (entry: bigint, level: number) => level === 1 || ((level === 2 || level === 3) && (lowBits(entry) & PS) !== 0);

  return {
    name: 'ept',
    accessedBit: options.accessedDirty ? EPT_A : 0n,
    dirtyBit: options.accessedDirty ? EPT_D : 0n,
    isPresent: (entry) => (lowBits(entry) & RWX) !== 0,
    reservedReason(entry, level) {
      const low = lowBits(entry);
      const xwr = low & RWX;
      if ((xwr & W) !== 0 && (xwr & R) === 0) return 'write without read';
      if (xwr === X && !executeOnly) return 'execute-only not supported';
      if ((entry & above) !== 0n) return 'physical-address bits above MAXPHYADDR';
      const pageSize = (low & PS) !== 0;
      if (level >= 4 && pageSize) return `PS at level ${level}`;
      if (level === 3 && pageSize && !gigabytePages) return '1 GiB pages not supported';
      if (level === 1 || pageSize) {
        const memoryType = (low >> MEMTYPE_SHIFT) & 7;
        if (RESERVED_MEMTYPE[memoryType]) return `reserved memory type ${memoryType}`;
        if (level >= 2 && (entry & LARGE_PAGE_LOW_ADDRESS[level]) !== 0n) return 'large-page address bits below the page size';
      } else if ((low & NON_LEAF_RESERVED) !== 0) {
        return 'reserved bits 7:3 of a non-leaf entry';
      }
      return null;
    },
    isLeaf,
    rights: (entry) => RIGHTS_BY_XWR[lowBits(entry) & RWX],
    // A table pointer keeps bits 51:12; a leaf drops the bits below its page size.
    outputAddress: (entry, level) => (isLeaf(entry, level) ? entry & OUTPUT_ADDRESS_MASKS[level] : entry & ENTRY_ADDRESS_MASK),
    permits(rights, access: Access) {
      const needed = access.kind === 'read' ? RIGHT_READ : access.kind === 'write' ? RIGHT_WRITE : RIGHT_EXECUTE;
      return (rights & needed) !== 0;
    },
  };
}
