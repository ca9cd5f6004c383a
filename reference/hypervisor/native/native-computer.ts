import { Gpa, Gva } from '../../addresses';
import { FrameAllocator } from '../../memory/frame-allocator';
import { PhysicalMemory } from '../../memory/physical-memory';
import { PTE_D } from '../../paging/constants';
import { Access } from '../../paging/rights';
import { PagingControl, Walker } from '../../paging/walker';
import { EntryReader } from '../../paging/walk-types';
import { walkFaultErrorCode } from '../../paging/page-fault';
import { TranslationCache } from '../../tlb/tlb-component';
import { TlbEntry } from '../../tlb/tlb-entry';
import { applyAdWrites, leafAfterWalk } from '../../hardware/apply-ad-writes';
import { MachineContext } from '../../hardware/machine-context';
import { oneDimensionalWalkReferences } from '../../hardware/walk-references';
import { TlbFront } from '../../hardware/tlb-front';
import { Translation, VmHardware } from '../../hardware/translation';

/** Native machines have no VPIDs: everything runs with tag 0. */
const NO_VPID = 0;

/** What builds a NativeComputer. */
export interface NativeComputerOptions {
  readonly memoryFrames: number;
  /** Frames below it stay unused (the first MiB of a PC). */
  readonly firstUsableFrame: number;
  /** The machine's TLB, built by the TLB component. */
  readonly tlb: TranslationCache;
  /** Entries of the paging-structure cache beside the TLB (default 0: none). */
  readonly walkCacheEntries?: number;
  /** The guest's CR0.WP, EFER.NXE and paging depth (CR4.LA57). */
  readonly control: PagingControl;
  readonly walker: Walker;
  readonly context: MachineContext;
}

/**
 * `native` mode: no hypervisor. The guest OS owns a bare machine of its own
 * (its RAM, its TLB), the hardware walks the guest's tables directly, and
 * every fault goes straight to the guest kernel.
 */
export class NativeComputer implements VmHardware {
  readonly memory: PhysicalMemory;
  readonly frames: FrameAllocator;
  private readonly tlb: TlbFront;
  private readonly control: PagingControl;
  private readonly walker: Walker;
  private readonly context: MachineContext;
  private cr3: Gpa | null = null;
  /** The hardware walk's entry reader, built once rather than per walk. */
  private readonly readEntryForWalk: EntryReader = (address) => this.memory.readEntry(address);

  constructor(options: NativeComputerOptions) {
    const { memoryFrames, context } = options;
    this.control = options.control;
    this.walker = options.walker;
    this.context = context;
    this.memory = new PhysicalMemory(memoryFrames);
    this.frames = new FrameAllocator('guest RAM', options.firstUsableFrame, memoryFrames);
    this.tlb = new TlbFront({ tlb: options.tlb, walkCacheEntries: options.walkCacheEntries ?? 0, context });
  }

  // --- the hardware as the guest kernel sees it ---
  readEntry(address: Gpa): bigint {
    return this.memory.readEntry(address);
  }
  writeEntry(address: Gpa, value: bigint): void {
    this.memory.writeEntry(address, value);
  }
  zeroFrame(frame: number): void {
    this.memory.zeroFrame(frame);
  }
  copyFrame(fromFrame: number, toFrame: number): void {
    this.memory.copyFrame(fromFrame, toFrame);
  }
  loadCr3(root: Gpa | null): void {
    this.cr3 = root;
    this.context.stats.contextSwitches++;
    this.context.charge('guest-kernel', this.context.costs.tlbControlInstruction);
    this.tlb.flushContext(NO_VPID);
    this.context.tlbFlushed();
  }
  invlpg(va: Gva): void {
    this.context.stats.tlbPageInvalidations++;
    this.context.charge('guest-kernel', this.context.costs.tlbControlInstruction);
    this.tlb.invalidatePage(NO_VPID, va);
  }

  // --- user accesses ---
  translate(va: Gva, access: Access): Translation {
    const cached = this.tlb.lookup(NO_VPID, va, access);
    if (cached !== null) return cached;
    if (this.cr3 === null) throw new Error('vmlab internal error: user access with no address space loaded');

    const walk = this.walker.walk({ root: this.cr3, va, access, control: this.control }, this.readEntryForWalk);
    this.context.hardwareWalk(oneDimensionalWalkReferences(this.tlb.walkCache, NO_VPID, va, walk.steps, this.context.stats.walkCacheHits));
    applyAdWrites(this.memory, walk.adWrites);
    if (!walk.ok) return walkFaultErrorCode(asPageFault(walk.fault), access, this.control, walk.steps);

    const dirty = (leafAfterWalk(walk.steps, walk.adWrites) & PTE_D) !== 0n;
    this.tlb.fill(NO_VPID, va, { pageSize: walk.pageSize, physical: walk.address, rights: walk.rights, dirty });
    return walk.address;
  }

  readWord(physical: bigint): number {
    return this.memory.readWord(physical);
  }
  writeWord(physical: bigint, value: number): void {
    this.memory.writeWord(physical, value);
  }

  hostFrameOf(guestFrame: number): number {
    return guestFrame;
  }
  tlbEntries(): TlbEntry[] {
    return this.tlb.tlb.entries();
  }

  readonly shadowPageTablePages = 0;
  readonly nestedPageTablePages = 0;
  readonly backedGuestFrames = 0;
}

/** Scenario addresses are canonical by validation, so a #GP here is a simulator bug. */
export function asPageFault<F extends { kind: string }>(fault: F): Exclude<F, { kind: 'non-canonical' }> {
  if (fault.kind === 'non-canonical') throw new Error('vmlab internal error: non-canonical user address');
  return fault as Exclude<F, { kind: 'non-canonical' }>;
}
