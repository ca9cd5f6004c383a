import { EPT_A, EPT_D, EPT_MEMTYPE_SHIFT, EPT_PS, EPT_R, EPT_RESERVED_MEMTYPES, EPT_RWX, EPT_W, EPT_X } from './constants';
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

export interface EptFormatOptions {
  /** EPTP bit 6: the processor maintains EPT A/D bits (Haswell and later). */
  readonly accessedDirty: boolean;
  /** IA32_VMX_EPT_VPID_CAP bit 0: execute-only (X without R) entries allowed. Default true. */
  readonly executeOnly?: boolean;
  readonly maxPhysicalAddressBits?: number;
  /** 1 GiB EPT pages allowed. Default true. */
  readonly gigabytePages?: boolean;
}

// The bits of an entry's low half that the checks read, as numbers.
const R = Number(EPT_R);
const W = Number(EPT_W);
const X = Number(EPT_X);
const RWX = Number(EPT_RWX);
const PS = Number(EPT_PS);
const A = Number(EPT_A);
const D = Number(EPT_D);
const MEMTYPE_SHIFT = Number(EPT_MEMTYPE_SHIFT);
/** Bits 7:3, reserved in an entry that points to a table. */
const NON_LEAF_RESERVED = 0xf8;

/** Rights by an entry's XWR bits; EPT has no user/supervisor distinction, so every entry grants "user". */
const RIGHTS_BY_XWR: readonly number[] = Array.from(
  { length: 8 },
  (_, xwr) => RIGHT_USER | (xwr & R ? RIGHT_READ : 0) | (xwr & W ? RIGHT_WRITE : 0) | (xwr & X ? RIGHT_EXECUTE : 0),
);
const RESERVED_MEMTYPE: readonly boolean[] = Array.from({ length: 8 }, (_, type) => EPT_RESERVED_MEMTYPES.includes(BigInt(type)));
/** Address bits 12 .. page size - 1 of a large leaf at each level: reserved (EPT has no PAT bit there). All in the low half. */
const LARGE_PAGE_LOW_ADDRESS: readonly number[] = [0, 1, 2, 3].map((level) => (level < 2 ? 0 : Number((levelPageSize(level) - 1n) & ~0xfffn)));

/**
 * The EPT entry format (SDM 29.3.2). A misconfiguration (SDM 29.3.3.1) is a
 * present entry that is malformed: W without R, X-only without support, a
 * reserved memory type in a leaf, reserved bits (7:3 of a non-leaf entry, PS
 * at the top level, address bits above MAXPHYADDR or below a large page).
 * Every question is answered from the entry's two halves as numbers.
 */
export function eptFormat(options: EptFormatOptions): EntryFormat {
  const [aboveLow, aboveHigh] = maskHalves(aboveMaxPhysicalMask(options.maxPhysicalAddressBits ?? DEFAULT_MAX_PHYSICAL_ADDRESS_BITS));
  const executeOnly = options.executeOnly ?? true;
  const gigabytePages = options.gigabytePages ?? true;
  const accessedDirty = options.accessedDirty;
  const bits = new EntryHalves();

  const leafAt = (level: number) => level === 1 || ((level === 2 || level === 3) && (bits.low & PS) !== 0);
  const reasonAt = (level: number): string | null => {
    const { low, high } = bits;
    const xwr = low & RWX;
    if ((xwr & W) !== 0 && (xwr & R) === 0) return 'write without read';
    if (xwr === X && !executeOnly) return 'execute-only not supported';
    if (((low & aboveLow) | (high & aboveHigh)) !== 0) return 'physical-address bits above MAXPHYADDR';
    const pageSize = (low & PS) !== 0;
    if (level >= 4 && pageSize) return `PS at level ${level}`;
    if (level === 3 && pageSize && !gigabytePages) return '1 GiB pages not supported';
    if (level === 1 || pageSize) {
      const memoryType = (low >> MEMTYPE_SHIFT) & 7;
      if (RESERVED_MEMTYPE[memoryType]) return `reserved memory type ${memoryType}`;
      if (level >= 2 && (low & LARGE_PAGE_LOW_ADDRESS[level]) !== 0) return 'large-page address bits below the page size';
    } else if ((low & NON_LEAF_RESERVED) !== 0) {
      return 'reserved bits 7:3 of a non-leaf entry';
    }
    return null;
  };
  // Without EPT A/D enabled, A and D never need setting.
  const adFacts = () => (!accessedDirty || (bits.low & A) !== 0 ? EXAMINED_ACCESSED : 0) | (!accessedDirty || (bits.low & D) !== 0 ? EXAMINED_DIRTY : 0);

  return {
    name: 'ept',
    accessedBit: accessedDirty ? EPT_A : 0n,
    dirtyBit: accessedDirty ? EPT_D : 0n,
    isPresent(entry) {
      bits.split(entry);
      return (bits.low & RWX) !== 0;
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
      return RIGHTS_BY_XWR[bits.low & RWX];
    },
    // A table pointer keeps bits 51:12; a leaf drops the bits below its page size.
    outputAddress(entry, level) {
      bits.split(entry);
      return leafAt(level) ? pageAddress(entry, level) : tableAddress(entry);
    },
    examine: rememberLastByLevel((entry, level) => {
      bits.split(entry);
      const xwr = bits.low & RWX;
      if (xwr === 0) return 0;
      return (
        EXAMINED_PRESENT |
        RIGHTS_BY_XWR[xwr] |
        (reasonAt(level) === null ? 0 : EXAMINED_RESERVED) |
        (leafAt(level) ? EXAMINED_LEAF : 0) |
        adFacts()
      );
    }),
    permits(rights, access: Access) {
      const needed = access.kind === 'read' ? RIGHT_READ : access.kind === 'write' ? RIGHT_WRITE : RIGHT_EXECUTE;
      return (rights & needed) !== 0;
    },
  };
}
