import { EPT_MEMTYPE_MASK, EPT_MEMTYPE_SHIFT, EPT_PS, EPT_RWX, PTE_G, PTE_P, PTE_PS } from '../../../reference/paging/constants';
import { Random } from '../../../reference/scenario/random';

/** A rewrite of one table entry. */
export type EntryEdit = (entry: bigint) => bigint;

export const setBits =
  (bits: bigint): EntryEdit =>
  (entry) =>
    entry | bits;

export const clearBits =
  (bits: bigint): EntryEdit =>
  (entry) =>
    entry & ~bits;

/** An EPT entry with its X/W/R bits (2:0) replaced. */
export const eptRights =
  (xwr: bigint): EntryEdit =>
  (entry) =>
    (entry & ~EPT_RWX) | xwr;

/** An EPT leaf with memory type `type` in bits 5:3. */
export const eptMemoryType =
  (type: bigint): EntryEdit =>
  (entry) =>
    (entry & ~EPT_MEMTYPE_MASK) | (type << EPT_MEMTYPE_SHIFT);

export const eptPageSizeBit = setBits(EPT_PS);

/** One of bits 46..51: above MAXPHYADDR (46), reserved in every format. */
export function aboveMaxPhysicalBit(random: Random): bigint {
  return 1n << BigInt(random.int(46, 51));
}

/** An address bit of a large leaf below its page size: bits `lowest` .. page shift - 1 (x86 skips bit 12, PAT). */
export function largePageLowBit(random: Random, leafLevel: number, lowest: number): bigint {
  return 1n << BigInt(random.int(lowest, 12 + 9 * (leafLevel - 1) - 1));
}

/** Not present: P (x86) or R/W/X (EPT) cleared, the rest of the entry left as it was, or the whole entry zeroed. */
export function notPresent(random: Random, presentBits: bigint): EntryEdit {
  return random.chance(0.5) ? clearBits(presentBits) : () => 0n;
}

/**
 * Not present (XWR = 000, or P clear), with bits that would make the entry
 * malformed if it were present: bits above MAXPHYADDR; in an EPT leaf a
 * reserved memory type, in an EPT table pointer bits 7:3; in an x86 (NPT)
 * top-level entry bit 7 or 8. A walk checks presence first, so this is a
 * plain not-present fault, never a misconfiguration or a reserved-bit fault.
 */
export function notPresentMalformed(random: Random, format: 'ept' | 'npt', leaf: boolean, top: boolean): EntryEdit {
  const absent = clearBits(format === 'ept' ? EPT_RWX : PTE_P);
  const options: EntryEdit[] = [setBits(aboveMaxPhysicalBit(random))];
  if (format === 'ept') options.push(leaf ? eptMemoryType(random.pick([2n, 3n, 7n])) : setBits(1n << BigInt(random.int(3, 7))));
  else if (top) options.push(setBits(random.pick([PTE_PS, PTE_G])));
  const malformed = random.pick(options);
  return (entry) => malformed(absent(entry));
}
