import { gva } from '../addresses';
import { Machine } from '../machine/machine';
import { referenceMachine } from '../reference-components';
import { DEFAULT_MACHINE, ResolvedEvent, ScenarioEvent } from '../scenario/types';
import { GuestOs } from './guest-os';

/**
 * The guest OS's large pages worked out by hand on a native machine (where
 * guest-physical addresses are the machine's): which frames a 2 MiB or 1 GiB
 * page takes, the leaf the kernel writes and at which level, what fork, exit,
 * munmap and mprotect do to it. The guest OS is the same code in every mode,
 * so these tables and frames are the same under shadow paging and EPT.
 *
 * Frames are handed out from 0x100 (the first MiB unused): the root takes
 * 0x100; a 2 MiB page needs 512 frames starting at a multiple of 512, the
 * lowest free one being 0x200 (gPA 0x200000); the frames it skipped
 * (0x101-0x1ff) come next, lowest first, for the tables.
 */

const BASE = 0x40000000; // PML4 entry 0, PDPT entry 1, PD entry 0
/** P RW US PS NX: a 2 MiB rw leaf as the kernel writes it (A and D clear). */
const LARGE_RW = 0x8000000000000087n;
const A = 0x20n;
const D = 0x40n;

function play(events: readonly ScenarioEvent[], guestMemoryMiB = DEFAULT_MACHINE.guestMemoryMiB): { machine: Machine; os: GuestOs } {
  const machine = referenceMachine({ ...DEFAULT_MACHINE, guestMemoryMiB });
  events.forEach((event, index) => {
    const resolved = { ...event, vm: 1, pid: event.pid ?? 1, index };
    machine.run(('va' in event ? { ...resolved, va: BigInt(event.va) } : resolved) as ResolvedEvent);
  });
  return { machine, os: machine.vmParts(1)!.os };
}

const spawnAndMap2M: ScenarioEvent[] = [
  { op: 'spawn' },
  { op: 'mmap', va: BASE, pages: 512, prot: 'rw', pageSize: '2M' },
];

/** The leaf that maps `va` in process `pid`: its level, where it is and what it holds. */
function leaf(os: GuestOs, pid: number, va: number): { level: number; address: string; entry: string } | null {
  const found = os.findLeaf(pid, gva(va));
  return found === null ? null : { level: found.level, address: hex(found.address), entry: hex(found.entry) };
}

const hex = (value: bigint) => '0x' + value.toString(16);

describe('a 2 MiB page', () => {
  it('is mapped on first touch by a PS=1 PDE on 512 contiguous frames from 0x200000; a write at offset 0x1ff000 lands at 0x3ff000 and reads back', () => {
    const { machine, os } = play([...spawnAndMap2M, { op: 'write', va: BASE + 0x1ff000, value: 0x1234 }]);
    // Root 0x100000, PDPT 0x101000, PD 0x102000; the leaf is PD entry 0, with A and D set by the write.
    expect(leaf(os, 1, BASE + 0x1ff000)).toEqual({ level: 2, address: '0x102000', entry: hex(0x200000n | LARGE_RW | A | D) });
    expect(leaf(os, 1, BASE)).toEqual(leaf(os, 1, BASE + 0x1ff000));
    expect(os.pageTablePages).toBe(3);
    expect(os.framesInUse).toBe(3 + 512);
    expect(machine.vmParts(1)!.hardware.readWord(0x3ff000n)).toBe(0x1234);
    expect(machine.run({ op: 'read', vm: 1, pid: 1, index: 3, va: BigInt(BASE + 0x1ff000) })).toEqual({ event: 3, op: 'read', value: 0x1234 });
  });

  it('is copied whole by fork (to the next aligned run, 0x400000; the child starts clean) and freed by exit', () => {
    const { machine, os } = play([...spawnAndMap2M, { op: 'write', va: BASE + 0x1ff000, value: 0x1234 }, { op: 'fork', child: 2 }]);
    // The child's root, PDPT and PD come from the skipped frames: 0x103000, 0x104000, 0x105000.
    expect(leaf(os, 2, BASE)).toEqual({ level: 2, address: '0x105000', entry: hex(0x400000n | LARGE_RW) });
    expect(os.framesInUse).toBe(2 * (3 + 512));
    expect(machine.vmParts(1)!.hardware.readWord(0x5ff000n)).toBe(0x1234);
    machine.run({ op: 'exit', vm: 1, pid: 2, index: 5 });
    expect(os.framesInUse).toBe(3 + 512);
  });

  it('is unmapped whole by a munmap of its 2 MiB: its frames and the tables left empty are freed', () => {
    const { os } = play([...spawnAndMap2M, { op: 'read', va: BASE }, { op: 'munmap', va: BASE, pages: 512 }]);
    expect(leaf(os, 1, BASE)).toBeNull();
    expect(os.pageTablePages).toBe(1);
    expect(os.framesInUse).toBe(1);
  });

  it('is split by a munmap of one 4 KiB page: a new PT of 4 KiB PTEs with its frames, rights and A/D, the unmapped one cleared and freed', () => {
    const { os } = play([...spawnAndMap2M, { op: 'write', va: BASE, value: 1 }, { op: 'munmap', va: BASE + 0x1000, pages: 1 }]);
    // The PT is the next free frame, 0x103000; its PTEs carry no PS bit (bit 7 is PAT in a PTE).
    const pte = (frame: bigint) => hex(frame | (LARGE_RW & ~0x80n) | A | D);
    expect(leaf(os, 1, BASE)).toEqual({ level: 1, address: '0x103000', entry: pte(0x200000n) });
    expect(leaf(os, 1, BASE + 0x1000)).toEqual({ level: 1, address: '0x103008', entry: '0x0' });
    expect(leaf(os, 1, BASE + 0x1ff000)).toEqual({ level: 1, address: '0x103ff8', entry: pte(0x3ff000n) });
    expect(os.pageTablePages).toBe(4);
    expect(os.framesInUse).toBe(4 + 511);
  });

  it('is split by an mprotect of part of it that changes its protection, and left whole by one that does not', () => {
    const same = play([...spawnAndMap2M, { op: 'read', va: BASE }, { op: 'mprotect', va: BASE + 0x100000, pages: 1, prot: 'rw' }]).os;
    expect(leaf(same, 1, BASE + 0x100000)?.level).toBe(2);

    const { os } = play([...spawnAndMap2M, { op: 'read', va: BASE }, { op: 'mprotect', va: BASE + 0x100000, pages: 1, prot: 'r' }]);
    const clean = LARGE_RW & ~0x80n;
    expect(leaf(os, 1, BASE + 0x100000)).toEqual({ level: 1, address: '0x103800', entry: hex((0x300000n | clean | A) & ~0x2n) });
    expect(leaf(os, 1, BASE + 0x101000)).toEqual({ level: 1, address: '0x103808', entry: hex(0x301000n | clean | A) });
  });

  it('is not used where its aligned 2 MiB is not wholly inside the region: 4 KiB pages there', () => {
    const { os } = play([
      { op: 'spawn' },
      { op: 'mmap', va: BASE, pages: 1024, prot: 'rw', pageSize: '2M' },
      { op: 'munmap', va: BASE + 0x1ff000, pages: 1 },
      { op: 'read', va: BASE },
      { op: 'read', va: BASE + 0x200000 },
    ]);
    expect(leaf(os, 1, BASE)?.level).toBe(1);
    expect(leaf(os, 1, BASE + 0x200000)?.level).toBe(2);
  });
});

describe('a 1 GiB page', () => {
  it('is a PS=1 PDPTE on the first aligned GiB of guest memory above the first one', () => {
    const { os } = play([{ op: 'spawn' }, { op: 'mmap', va: BASE, pages: 512 * 512, prot: 'rw', pageSize: '1G' }, { op: 'read', va: BASE + 0x3ffff000 }], 2048);
    // Root 0x100000, PDPT 0x101000 (entry 1); the page is guest frames 0x40000.. (gPA 0x40000000).
    expect(leaf(os, 1, BASE)).toEqual({ level: 3, address: '0x101008', entry: hex(0x40000000n | LARGE_RW | A) });
    expect(os.framesInUse).toBe(2 + 512 * 512);
  });

  it('runs out of guest memory with a located error when no aligned GiB is free', () => {
    expect(() => play([{ op: 'spawn' }, { op: 'mmap', va: BASE, pages: 512 * 512, prot: 'rw', pageSize: '1G' }, { op: 'read', va: BASE }], 1024)).toThrow(
      expect.objectContaining({ code: 'OUT_OF_MEMORY', message: expect.stringMatching(/^guest RAM: no naturally aligned run of 262144 free frames/) }),
    );
  });
});
