import { Gpa, Gva, PAGE_SHIFT, frameAddress, frameNumber, gva } from '../addresses';
import { invariant } from '../errors';
import { FrameAllocator } from '../memory/frame-allocator';
import { ENTRY_ADDRESS_MASK, PTE_A, PTE_D, PTE_NX, PTE_P, PTE_PS, PTE_RW, PTE_US } from '../paging/constants';
import { levelPageSize } from '../paging/geometry';
import { AccessKind } from '../paging/rights';
import { FaultOutcome, InspectedPte, Prot } from '../scenario/types';
import { AddressSpace, leafLevelFor } from './address-space';
import { GuestPageTable, Leaf, LeafSlot } from './guest-page-table';
import { GuestPlatform } from './platform';

interface Process {
  readonly pid: number;
  readonly pageTable: GuestPageTable;
  readonly space: AddressSpace;
}

/** The leaf entry the kernel writes for a page of protection `prot` at `level` (PS above 1): A and D start clear. */
export function leafEntryFor(frame: number, prot: Prot, level = 1): bigint {
  let entry = frameAddress(frame) | PTE_P | PTE_US;
  if (level > 1) entry |= PTE_PS;
  if (prot.includes('w')) entry |= PTE_RW;
  if (!prot.includes('x')) entry |= PTE_NX;
  return entry;
}

/** Guest frames behind one leaf, by level: 1 at level 1, 512 for 2 MiB, 512 × 512 for 1 GiB. */
const FRAMES_PER_LEAF: readonly number[] = [0, 1, 512, 512 * 512];

/** Does [start, end) hold the whole of `leaf`? */
function covers(start: bigint, end: bigint, leaf: Leaf): boolean {
  return start <= leaf.va && leaf.va + levelPageSize(leaf.level) <= end;
}

function overlaps(start: bigint, end: bigint, leaf: Leaf): boolean {
  return leaf.va < end && start < leaf.va + levelPageSize(leaf.level);
}

function withProtection(entry: bigint, prot: Prot): bigint {
  let updated = entry & ~(PTE_RW | PTE_NX);
  if (prot.includes('w')) updated |= PTE_RW;
  if (!prot.includes('x')) updated |= PTE_NX;
  return updated;
}

export type PageFaultResolution = 'retry' | FaultOutcome;

/** Hooks through which the machine accounts for kernel work. */
export interface GuestKernelMeter {
  /** A frame was zero-filled or copied, or another unit of kernel work done. */
  kernelWork(kind: 'zero-frame' | 'copy-frame' | 'syscall'): void;
}

/**
 * The guest operating system. It is the same code in every mode: it only talks
 * to its `GuestPlatform`, so whether its page-table writes trap, or whether its
 * CR3 writes exit, is the hypervisor's business. That is what lets the tests
 * demand identical guest-visible outcomes in native, shadow and EPT modes.
 *
 * Policies: demand paging (no frame until first touch, zero-filled), fork by
 * eager copy of every present page (child PTEs start with A = D = 0), munmap
 * and exit free frames and every page table left empty, and every change to a
 * present PTE of the running process is followed by invlpg.
 *
 * Large pages (an mmap with a 2 MiB or 1 GiB page size): the first touch maps
 * the naturally aligned block around the address with one large leaf (PS in a
 * PD or PDPT) on a naturally aligned, contiguous, zero-filled run of frames,
 * if the block lies wholly inside the region; otherwise the next smaller page
 * that fits. A munmap or mprotect that covers only part of a present large
 * page first splits it, as Linux splits a transparent huge page: a new table
 * of 512 leaves one level down with the same frames, protection and A/D bits,
 * then acts on the pieces (splitting again where a piece is cut). An mprotect
 * that changes nothing splits nothing.
 */
export class GuestOs {
  private readonly processes = new Map<number, Process>();
  private running: number | null = null;

  constructor(
    private readonly platform: GuestPlatform,
    private readonly frames: FrameAllocator,
    private readonly meter: GuestKernelMeter,
    /** The paging depth the kernel runs its processes with: 4 levels, or 5 with CR4.LA57. */
    readonly pagingLevels: 4 | 5,
  ) {}

  get runningPid(): number | null {
    return this.running;
  }

  /** Page-table pages of every live process. */
  get pageTablePages(): number {
    let pages = 0;
    for (const process of this.processes.values()) pages += process.pageTable.tablePages;
    return pages;
  }

  get framesInUse(): number {
    return this.frames.inUse;
  }

  /** The guest-physical address of a process's top-level table (what its CR3 holds). */
  pageTableRoot(pid: number): Gpa {
    return this.process(pid).pageTable.root;
  }

  hasProcess(pid: number): boolean {
    return this.processes.has(pid);
  }

  spawn(pid: number): void {
    invariant(!this.processes.has(pid), `process ${pid} already exists`);
    this.meter.kernelWork('syscall');
    this.processes.set(pid, { pid, pageTable: new GuestPageTable(this.platform, this.frames, this.pagingLevels), space: new AddressSpace() });
  }

  /** Context switch: MOV CR3 to the process's root, if it is not already loaded. */
  switchTo(pid: number): void {
    if (this.running === pid) return;
    this.platform.loadCr3(this.process(pid).pageTable.root);
    this.running = pid;
  }

  exit(pid: number): void {
    const process = this.process(pid);
    this.meter.kernelWork('syscall');
    // Like Linux switching to init_mm: never tear down the tables CR3 points to.
    if (this.running === pid) {
      this.platform.loadCr3(null);
      this.running = null;
    }
    const leaves: Gva[] = [];
    process.pageTable.forEachLeaf((va, _address, entry, level) => {
      if ((entry & PTE_P) !== 0n) this.freeFrames(entry, level);
      leaves.push(va);
    });
    for (const va of leaves) process.pageTable.clearLeaf(va);
    process.pageTable.destroy();
    this.processes.delete(pid);
  }

  fork(parentPid: number, childPid: number): void {
    const parent = this.process(parentPid);
    this.spawn(childPid);
    const child = this.process(childPid);
    for (const region of parent.space.all) child.space.add(region.firstPage, region.pageCount, region.prot, region.pageLevel);
    parent.pageTable.forEachLeaf((va, _address, entry, level) => {
      if ((entry & PTE_P) === 0n) return;
      const frame = this.allocateFrames(level);
      const source = frameNumber(entry & ENTRY_ADDRESS_MASK);
      for (let i = 0; i < FRAMES_PER_LEAF[level]; i++) {
        this.platform.copyFrame(source + i, frame + i);
        this.meter.kernelWork('copy-frame');
      }
      const prot = parent.space.regionOf(va >> PAGE_SHIFT)?.prot;
      invariant(prot !== undefined, `present page ${va.toString(16)} outside every region`);
      child.pageTable.writeLeaf(va, leafEntryFor(frame, prot, level), level);
    });
  }

  /** Map `pages` 4 KiB pages at `va`; `pageLevel` 2 or 3 maps them with 2 MiB or 1 GiB pages (validation checks the alignment). */
  mmap(pid: number, va: Gva, pages: number, prot: Prot, pageLevel = 1): void {
    const process = this.process(pid);
    this.meter.kernelWork('syscall');
    const firstPage = va >> PAGE_SHIFT;
    invariant(!process.space.overlaps(firstPage, BigInt(pages)), 'mmap overlap must be refused by validation');
    process.space.add(firstPage, BigInt(pages), prot, pageLevel);
  }

  munmap(pid: number, va: Gva, pages: number): void {
    const process = this.process(pid);
    this.meter.kernelWork('syscall');
    const end = va + (BigInt(pages) << PAGE_SHIFT);
    for (const leaf of this.presentLeaves(process, va, pages)) this.unmapLeaf(process, leaf, va, end);
    process.space.remove(va >> PAGE_SHIFT, BigInt(pages));
  }

  mprotect(pid: number, va: Gva, pages: number, prot: Prot): void {
    const process = this.process(pid);
    this.meter.kernelWork('syscall');
    process.space.protect(va >> PAGE_SHIFT, BigInt(pages), prot);
    const end = va + (BigInt(pages) << PAGE_SHIFT);
    for (const leaf of this.presentLeaves(process, va, pages)) this.protectLeaf(process, leaf, va, end, prot);
  }

  /** The leaf PTE of `va` as the kernel reads it from the process's own table. */
  inspect(pid: number, va: Gva): InspectedPte {
    const entry = this.process(pid).pageTable.readLeaf(va);
    if ((entry & PTE_P) === 0n) return { present: false };
    return {
      present: true,
      writable: (entry & PTE_RW) !== 0n,
      executable: (entry & PTE_NX) === 0n,
      accessed: (entry & PTE_A) !== 0n,
      dirty: (entry & PTE_D) !== 0n,
    };
  }

  /** The leaf that maps `va` in process `pid` (4 KiB or large), or null when a table on the way is missing: for tools and tests. */
  findLeaf(pid: number, va: Gva): LeafSlot | null {
    return this.process(pid).pageTable.findLeaf(va);
  }

  /** Page reclaim's harvest: clear the leaf's A and D, then invlpg. */
  clearAccessedDirty(pid: number, va: Gva): void {
    const process = this.process(pid);
    const leaf = process.pageTable.findLeaf(va);
    if (leaf === null || (leaf.entry & PTE_P) === 0n || (leaf.entry & (PTE_A | PTE_D)) === 0n) return;
    process.pageTable.writeLeaf(va, leaf.entry & ~(PTE_A | PTE_D), leaf.level);
    this.invalidate(process, va);
  }

  /** INVLPG of one page of the running process with no PTE change (a spurious-fault retry, a TLB shootdown's IPI). */
  invalidatePage(pid: number, va: Gva): void {
    this.invalidate(this.process(pid), gva((va >> PAGE_SHIFT) << PAGE_SHIFT));
  }

  /**
   * The #PF handler of the running process: an address outside every region is
   * `unmapped`; an access its region forbids is `protection`; otherwise the page
   * is demand-paged in (or was already, after a stale TLB entry) and the access
   * is retried.
   */
  handlePageFault(pid: number, va: Gva, access: AccessKind): PageFaultResolution {
    const process = this.process(pid);
    const region = process.space.regionOf(va >> PAGE_SHIFT);
    if (region === undefined) return 'unmapped';
    if ((access === 'write' && !region.prot.includes('w')) || (access === 'fetch' && !region.prot.includes('x'))) {
      return 'protection';
    }
    const page = gva((va >> PAGE_SHIFT) << PAGE_SHIFT);
    if ((process.pageTable.readLeaf(page) & PTE_P) === 0n) {
      const level = leafLevelFor(region, va >> PAGE_SHIFT);
      const frame = this.allocateFrames(level);
      for (let i = 0; i < FRAMES_PER_LEAF[level]; i++) {
        this.platform.zeroFrame(frame + i);
        this.meter.kernelWork('zero-frame');
      }
      process.pageTable.writeLeaf(gva(page & ~(levelPageSize(level) - 1n)), leafEntryFor(frame, region.prot, level), level);
    }
    return 'retry';
  }

  /** The present leaves that map part of [va, va + pages), in address order. */
  private presentLeaves(process: Process, va: Gva, pages: number): Leaf[] {
    const present: Leaf[] = [];
    process.pageTable.forEachLeaf(
      (first, _address, entry, level) => {
        if ((entry & PTE_P) !== 0n) present.push({ va: first, level, entry });
      },
      va,
      va + (BigInt(pages) << PAGE_SHIFT),
    );
    return present;
  }

  /** munmap's work on one present leaf: free it whole, or split it and unmap the pieces in [start, end). */
  private unmapLeaf(process: Process, leaf: Leaf, start: bigint, end: bigint): void {
    if (!covers(start, end, leaf)) {
      for (const piece of this.split(process, leaf)) if (overlaps(start, end, piece)) this.unmapLeaf(process, piece, start, end);
      return;
    }
    this.freeFrames(leaf.entry, leaf.level);
    process.pageTable.clearLeaf(leaf.va);
    this.invalidate(process, leaf.va);
  }

  /** mprotect's work on one present leaf: reprotect it whole, or split it and reprotect the pieces in [start, end). */
  private protectLeaf(process: Process, leaf: Leaf, start: bigint, end: bigint, prot: Prot): void {
    const updated = withProtection(leaf.entry, prot);
    if (updated === leaf.entry) return;
    if (!covers(start, end, leaf)) {
      for (const piece of this.split(process, leaf)) if (overlaps(start, end, piece)) this.protectLeaf(process, piece, start, end, prot);
      return;
    }
    process.pageTable.writeLeaf(leaf.va, updated, leaf.level);
    this.invalidate(process, leaf.va);
  }

  /** Split a large leaf into 512 leaves one level down (the TLB may hold the large translation: invalidate it). */
  private split(process: Process, leaf: Leaf): Leaf[] {
    const pieces = process.pageTable.splitLeaf(leaf.va);
    this.invalidate(process, leaf.va);
    return pieces;
  }

  /** The frames for a leaf at `level`: one frame, or a naturally aligned contiguous run for a large page. */
  private allocateFrames(level: number): number {
    return level === 1 ? this.frames.allocate() : this.frames.allocateAligned(FRAMES_PER_LEAF[level]);
  }

  private freeFrames(entry: bigint, level: number): void {
    const first = frameNumber(entry & ENTRY_ADDRESS_MASK);
    for (let i = 0; i < FRAMES_PER_LEAF[level]; i++) this.frames.free(first + i);
  }

  /** A changed PTE of the loaded address space must leave the TLB; others were flushed by the CR3 switch. */
  private invalidate(process: Process, va: Gva): void {
    if (this.running === process.pid) this.platform.invlpg(va);
  }

  private process(pid: number): Process {
    const process = this.processes.get(pid);
    invariant(process !== undefined, `no process ${pid} (validation must refuse this)`);
    return process;
  }
}
