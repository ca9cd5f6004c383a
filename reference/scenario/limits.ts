import { PAGE_SIZE } from '../addresses';
import { geometryForLevels } from '../paging/geometry';
import { PagingLevels } from './types';

/**
 * The bounds a scenario must respect, in one place: the schema and the
 * semantic checks read them from here, and messages quote them.
 */

/**
 * User space is the lower canonical half of the guest's address space: its
 * addresses have this many bits, [0, 2^47) with 4-level paging and [0, 2^56)
 * with 5-level.
 */
export function userSpaceBits(guestLevels: PagingLevels): number {
  return geometryForLevels(guestLevels).addressBits - 1;
}
/** Accesses read or write one aligned 32-bit word. */
export const WORD_BYTES = 4n;
export { PAGE_SIZE };

/** VM n runs with VPID n; a VPID is 16 bits and 0 belongs to the host (SDM 28.1). */
export const MAX_VM = 0xffff;
/** Linux's PID_MAX_LIMIT (2^22): far above what a scenario needs. */
export const MAX_PID = 1 << 22;
/**
 * Every page of the largest user space (2^56 / 4 KiB, 5-level paging): no
 * longer range fits in any. The semantic checks hold a range to its own
 * guest's user space.
 */
export const MAX_PAGES = 2 ** 44;
/** 1 TiB: keeps physical addresses far below MAXPHYADDR (2^46), and a typo from meaning petabytes. */
export const MAX_MEMORY_MIB = 1 << 20;
/** A 32-bit word. */
export const MAX_WORD_VALUE = 0xffff_ffff;
export const MAX_NAME_LENGTH = 200;
/** Walk caches and the nested TLB hold tens of entries in hardware; a few thousand bounds any experiment. */
export const MAX_CACHE_ENTRIES = 4096;
