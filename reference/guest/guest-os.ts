import { Gpa, Gva, PAGE_SHIFT, frameAddress, frameNumber, gva } from '../addresses';
import { invariant } from '../errors';
import { FrameAllocator } from '../memory/frame-allocator';
import { ENTRY_ADDRESS_MASK, PTE_A, PTE_D, PTE_NX, PTE_P, PTE_RW, PTE_US } from '../paging/constants';
import { AccessKind } from '../paging/rights';
import { FaultOutcome, InspectedPte, Prot } from '../scenario/types';
import { AddressSpace } from './address-space';
import { GuestPageTable } from './guest-page-table';
import { GuestPlatform } from './platform';

interface Process {
  readonly pid: number;
  readonly pageTable: GuestPageTable;
  readonly space: AddressSpace;
}

/** The leaf PTE the kernel writes for a page of protection `prot`: A and D start clear. */
export function leafEntryFor(frame: number, prot: Prot): bigint {
  let entry = frameAddress(frame) | PTE_P | PTE_US;
  if (prot.includes('w')) entry |= PTE_RW;
  if (!prot.includes('x')) entry |= PTE_NX;
  return entry;
}

function withProtection(entry: bigint, prot: Prot): bigint {
  let updated = entry & ~(PTE_RW | PTE_NX);
  if (prot.includes('w')) updated |= PTE_RW;
  if (!prot.includes('x')) updated |= PTE_NX;
  return updated;
}

const SMALL_RANGE_PAGES = 512;

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
 */
export class GuestOs {
  private readonly processes = new Map<number, Process>();
  private running: number | null = null;

  constructor(
    private readonly platform: GuestPlatform,
    private readonly frames: FrameAllocator,
    private readonly meter: GuestKernelMeter,
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
    this.processes.set(pid, { pid, pageTable: new GuestPageTable(this.platform, this.frames), space: new AddressSpace() });
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
    const pages: Gva[] = [];
    process.pageTable.forEachLeaf((va, _address, entry) => {
      if ((entry & PTE_P) !== 0n) this.frames.free(frameNumber(entry & ENTRY_ADDRESS_MASK));
      pages.push(va);
    });
    for (const va of pages) process.pageTable.clearLeaf(va);
    process.pageTable.destroy();
    this.processes.delete(pid);
  }

  fork(parentPid: number, childPid: number): void {
    const parent = this.process(parentPid);
    this.spawn(childPid);
    const child = this.process(childPid);
    for (const region of parent.space.all) child.space.add(region.firstPage, region.pageCount, region.prot);
    parent.pageTable.forEachLeaf((va, _address, entry) => {
      if ((entry & PTE_P) === 0n) return;
      const frame = this.frames.allocate();
      this.platform.copyFrame(frameNumber(entry & ENTRY_ADDRESS_MASK), frame);
      this.meter.kernelWork('copy-frame');
      const prot = parent.space.regionOf(va >> PAGE_SHIFT)?.prot;
      invariant(prot !== undefined, `present page ${va.toString(16)} outside every region`);
      child.pageTable.writeLeaf(va, leafEntryFor(frame, prot));
    });
  }

  mmap(pid: number, va: Gva, pages: number, prot: Prot): void {
    const process = this.process(pid);
    this.meter.kernelWork('syscall');
    const firstPage = va >> PAGE_SHIFT;
    invariant(!process.space.overlaps(firstPage, BigInt(pages)), 'mmap overlap must be refused by validation');
    process.space.add(firstPage, BigInt(pages), prot);
  }

  munmap(pid: number, va: Gva, pages: number): void {
    const process = this.process(pid);
    this.meter.kernelWork('syscall');
    this.forEachPresentPage(process, va, pages, (page, entry) => {
      this.frames.free(frameNumber(entry & ENTRY_ADDRESS_MASK));
      process.pageTable.clearLeaf(page);
      this.invalidate(process, page);
    });
    process.space.remove(va >> PAGE_SHIFT, BigInt(pages));
  }

  mprotect(pid: number, va: Gva, pages: number, prot: Prot): void {
    const process = this.process(pid);
    this.meter.kernelWork('syscall');
    process.space.protect(va >> PAGE_SHIFT, BigInt(pages), prot);
    this.forEachPresentPage(process, va, pages, (page, entry) => {
      const updated = withProtection(entry, prot);
      if (updated === entry) return;
      process.pageTable.writeLeaf(page, updated);
      this.invalidate(process, page);
    });
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

  /** Page reclaim's harvest: clear the leaf's A and D, then invlpg. */
  clearAccessedDirty(pid: number, va: Gva): void {
    const process = this.process(pid);
    const entry = process.pageTable.readLeaf(va);
    if ((entry & PTE_P) === 0n || (entry & (PTE_A | PTE_D)) === 0n) return;
    process.pageTable.writeLeaf(va, entry & ~(PTE_A | PTE_D));
    this.invalidate(process, va);
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
      const frame = this.frames.allocate();
      this.platform.zeroFrame(frame);
      this.meter.kernelWork('zero-frame');
      process.pageTable.writeLeaf(page, leafEntryFor(frame, region.prot));
    }
    return 'retry';
  }

  /**
   * Visit the present pages of [va, va + pages): page by page for small ranges,
   * through the process's present leaves for large ones, so the cost follows
   * what is mapped rather than the size of the range.
   */
  private forEachPresentPage(process: Process, va: Gva, pages: number, visit: (page: Gva, entry: bigint) => void): void {
    const present: Array<[Gva, bigint]> = [];
    if (pages <= SMALL_RANGE_PAGES) {
      for (let i = 0n; i < BigInt(pages); i++) {
        const page = gva(va + (i << PAGE_SHIFT));
        const entry = process.pageTable.readLeaf(page);
        if ((entry & PTE_P) !== 0n) present.push([page, entry]);
      }
    } else {
      const end = va + (BigInt(pages) << PAGE_SHIFT);
      process.pageTable.forEachLeaf((page, _address, entry) => {
        if (page >= va && page < end && (entry & PTE_P) !== 0n) present.push([page, entry]);
      });
    }
    for (const [page, entry] of present) visit(page, entry);
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
