import { PTE_A, PTE_D, PTE_NX, PTE_P, PTE_PS, PTE_RW, PTE_US } from '../../../reference/paging/constants';
import { Random } from '../../../reference/scenario/random';
import { MAX_PHYSICAL_ADDRESS_BITS } from './walk-layout';

/** Entry flags by their SDM names, so enumerated cases read like the matrix they come from. */
export type Flag = 'P' | 'RW' | 'US' | 'NX' | 'A' | 'D' | 'PS';

const FLAG_BITS: Record<Flag, bigint> = { P: PTE_P, RW: PTE_RW, US: PTE_US, NX: PTE_NX, A: PTE_A, D: PTE_D, PS: PTE_PS };

export function flagBits(flags: readonly Flag[]): bigint {
  return flags.reduce((bits, flag) => bits | FLAG_BITS[flag], 0n);
}

/** One of the entry bits from MAXPHYADDR (46) to 51: reserved in every present entry. */
export function randomAboveMaxPhysicalBit(random: Random): bigint {
  return 1n << BigInt(random.int(Number(MAX_PHYSICAL_ADDRESS_BITS), 51));
}
