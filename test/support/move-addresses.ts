import type { AddressLiteral, Scenario, ScenarioEvent } from '../../reference/scenario/types';

/**
 * The same scenario with every address moved up by `offset`. All processes
 * move together, so which mappings overlap and what every access reaches are
 * unchanged, and a multiple of 1 GiB keeps every page aligned, large pages
 * included: the guest sees the same outcomes, through other table indices.
 */
export function moveAddresses(document: Scenario, offset: bigint): Scenario {
  const moved = (va: AddressLiteral) => '0x' + (BigInt(va) + offset).toString(16);
  return { ...document, events: document.events.map((event): ScenarioEvent => ('va' in event ? { ...event, va: moved(event.va) } : event)) };
}

/**
 * Moves a 4-level user space, [0, 2^47), onto the top of a 5-level one,
 * [2^56 - 2^47, 2^56): addresses only a 5-level guest has, under PML5 entry
 * 255, the last of the lower half.
 */
export const FIVE_LEVEL_TOP_OFFSET = (1n << 56n) - (1n << 47n);
