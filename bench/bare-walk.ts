import { PhysicalMemory } from '../reference/memory/physical-memory';

/**
 * The baseline: the plainest correct bigint 4-level walk, with no fault
 * reporting, no step recording and no A/D bookkeeping. The ratio of the
 * reference walker to this shows what the reference's generality costs.
 */
export function bareWalk(memory: PhysicalMemory, root: bigint, va: bigint): bigint {
  let table = root;
  for (let shift = 39n; shift >= 12n; shift -= 9n) {
    const entry = memory.readEntry(table + ((va >> shift) & 0x1ffn) * 8n);
    if ((entry & 1n) === 0n) return -1n;
    table = entry & 0x000ffffffffff000n;
  }
  return table | (va & 0xfffn);
}
