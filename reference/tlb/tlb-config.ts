import { VmlabError } from '../errors';

/** Size and associativity of the TLB; `entries / ways` sets. */
export interface TlbConfig {
  readonly entries: number;
  readonly ways: number;
}

/** 64 entries, 4-way: 16 sets, the size of a typical L1 data TLB for 4 KiB pages. */
export const DEFAULT_TLB_CONFIG: TlbConfig = Object.freeze({ entries: 64, ways: 4 });

/** Keeps a mistyped option from allocating gigabytes; far above any real TLB. */
export const MAX_TLB_ENTRIES = 1 << 20;

/**
 * The number of sets of `config`, or OPTION_INVALID. Sets must be a power of
 * two because real set indexing takes low page-number bits.
 */
export function tlbSetCount(config: TlbConfig): number {
  const { entries, ways } = config;
  if (!Number.isInteger(entries) || entries <= 0 || entries > MAX_TLB_ENTRIES) {
    throw new VmlabError('OPTION_INVALID', `TLB entries must be an integer in [1, ${MAX_TLB_ENTRIES}], got ${entries}`);
  }
  if (!Number.isInteger(ways) || ways <= 0) {
    throw new VmlabError('OPTION_INVALID', `TLB ways must be a positive integer, got ${ways}`);
  }
  if (entries % ways !== 0) {
    throw new VmlabError('OPTION_INVALID', `TLB entries (${entries}) must be a multiple of ways (${ways})`);
  }
  const sets = entries / ways;
  if ((sets & (sets - 1)) !== 0) {
    throw new VmlabError('OPTION_INVALID', `TLB sets (entries / ways = ${sets}) must be a power of two`);
  }
  return sets;
}
