import {
  ENTRY_ADDRESS_MASK,
  EPT_A,
  EPT_D,
  EPT_MEMTYPE_MASK,
  EPT_MEMTYPE_SHIFT,
  EPT_PS,
  EPT_R,
  EPT_RESERVED_MEMTYPES,
  EPT_RWX,
  EPT_W,
  EPT_X,
} from './constants';
import { EntryFormat, aboveMaxPhysicalMask } from './entry-format';
import { DEFAULT_MAX_PHYSICAL_ADDRESS_BITS } from './x86-format';
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

  const isLeaf = (entry: bigint, level: number) => level === 1 || ((level === 2 || level === 3) && (entry & EPT_PS) !== 0n);

  return {
    name: 'ept',
    accessedBit: options.accessedDirty ? EPT_A : 0n,
    dirtyBit: options.accessedDirty ? EPT_D : 0n,
    isPresent: (entry) => (entry & EPT_RWX) !== 0n,
    reservedReason(entry, level) {
      const rwx = entry & EPT_RWX;
      if ((rwx & EPT_W) !== 0n && (rwx & EPT_R) === 0n) return 'write without read';
      if (rwx === EPT_X && !executeOnly) return 'execute-only not supported';
      if ((entry & above) !== 0n) return 'physical-address bits above MAXPHYADDR';
      if (level >= 4 && (entry & EPT_PS) !== 0n) return `PS at level ${level}`;
      if (level === 3 && (entry & EPT_PS) !== 0n && !gigabytePages) return '1 GiB pages not supported';
      if (isLeaf(entry, level)) {
        const memoryType = (entry & EPT_MEMTYPE_MASK) >> EPT_MEMTYPE_SHIFT;
        if (EPT_RESERVED_MEMTYPES.includes(memoryType)) return `reserved memory type ${memoryType}`;
        if (level >= 2) {
          const lowAddressBits = (levelPageSize(level) - 1n) & ~0xfffn;
          if ((entry & lowAddressBits) !== 0n) return 'large-page address bits below the page size';
        }
      } else if ((entry & 0xf8n) !== 0n) {
        return 'reserved bits 7:3 of a non-leaf entry';
      }
      return null;
    },
    isLeaf,
    rights(entry) {
      // EPT has no user/supervisor distinction: every entry grants "user".
      let rights = RIGHT_USER;
      if (entry & EPT_R) rights |= RIGHT_READ;
      if (entry & EPT_W) rights |= RIGHT_WRITE;
      if (entry & EPT_X) rights |= RIGHT_EXECUTE;
      return rights;
    },
    outputAddress: (entry, level) => entry & ENTRY_ADDRESS_MASK & ~(levelPageSize(level) - 1n),
    permits(rights, access: Access) {
      const needed = access.kind === 'read' ? RIGHT_READ : access.kind === 'write' ? RIGHT_WRITE : RIGHT_EXECUTE;
      return (rights & needed) !== 0;
    },
  };
}
