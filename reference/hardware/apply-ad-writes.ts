import { AdWrite } from '../paging/walk-types';

interface EntryMemory {
  readEntry(address: bigint): bigint;
  writeEntry(address: bigint, value: bigint): void;
}

/** Make the A/D updates a walk asked for (an atomic OR into each entry, as the hardware does). */
export function applyAdWrites(memory: EntryMemory, writes: readonly AdWrite[]): void {
  for (const write of writes) memory.writeEntry(write.entryAddress, memory.readEntry(write.entryAddress) | write.bits);
}

/** The leaf entry a successful walk ended on, with the A/D bits it is about to set. */
export function leafAfterWalk(steps: readonly { entry: bigint; entryAddress: bigint }[], writes: readonly AdWrite[]): bigint {
  const leaf = steps[steps.length - 1];
  let entry = leaf.entry;
  for (const write of writes) if (write.entryAddress === leaf.entryAddress) entry |= write.bits;
  return entry;
}
