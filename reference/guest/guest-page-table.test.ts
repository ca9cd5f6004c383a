import { frameAddress, gpa, gva } from '../addresses';
import { GuestTablesChangedError } from '../errors';
import { FrameAllocator } from '../memory/frame-allocator';
import { GuestPageTable } from './guest-page-table';
import { GuestPlatform } from './platform';

/**
 * The guest OS reads its own tables back through the platform, which a
 * hypervisor emulates: an entry it never wrote is reported as its tables
 * changed under it (a store not emulated exactly), not as a simulator bug.
 */

function platform(memory: Map<bigint, bigint>): GuestPlatform {
  return {
    readEntry: (address) => memory.get(address) ?? 0n,
    writeEntry: (address, value) => void memory.set(address, value),
    zeroFrame: (frame) => {
      for (let index = 0n; index < 512n; index++) memory.delete(frameAddress(frame) + index * 8n);
    },
    copyFrame: () => undefined,
    loadCr3: () => undefined,
    invlpg: () => undefined,
  };
}

test('a table entry that points to no table of the process: the guest reports its tables changed under it', () => {
  const memory = new Map<bigint, bigint>();
  const table = new GuestPageTable(platform(memory), new FrameAllocator('guest RAM', 0x100, 0x1000), 4);
  table.writeLeaf(gva(0x400000n), 0x200007n);
  expect(table.readLeaf(gva(0x400000n))).toBe(0x200007n);
  // A hypervisor "emulates" the store of the root's entry with another frame.
  const rootEntry = gpa(frameAddress(table.rootFrame));
  memory.set(rootEntry, (memory.get(rootEntry) ?? 0n) + 0x10000n);
  expect(() => table.writeLeaf(gva(0x401000n), 0x201007n)).toThrow(GuestTablesChangedError);
  expect(() => table.readLeaf(gva(0x400000n))).toThrow(/the guest OS found an entry of its table at gPA 0x[0-9a-f]+ pointing to gPA 0x[0-9a-f]+, which is none of its page tables: .*a trapped store was not emulated exactly/);
});
