import { frameAddress } from '../addresses';
import { FrameAllocator } from '../memory/frame-allocator';
import { PhysicalMemory } from '../memory/physical-memory';
import { ExitReason } from '../scenario/types';
import { NestedCacheSizes, NestedTranslationCaches } from '../tlb/nested-translation-caches';
import { TranslationCache } from '../tlb/tlb-component';
import { TlbEntry } from '../tlb/tlb-entry';
import { MachineContext } from '../hardware/machine-context';
import { TlbFront } from '../hardware/tlb-front';

/** The translation caches beside the TLB, in entries (0: absent). */
export interface HostCacheSizes {
  /** The guest dimension's paging-structure cache (the TlbFront's `walkCache`). */
  readonly guestWalkCache: number;
  readonly nested: NestedCacheSizes;
}
export const NO_CACHES: HostCacheSizes = Object.freeze({ guestWalkCache: 0, nested: Object.freeze({ walkCache: 0, nestedTlb: 0 }) });

/** What builds a Host. */
export interface HostOptions {
  readonly memoryFrames: number;
  /** The one TLB all VMs share, built by the TLB component. */
  readonly tlb: TranslationCache;
  readonly vpidEnabled: boolean;
  readonly context: MachineContext;
  /** Default: NO_CACHES. */
  readonly caches?: HostCacheSizes;
}

/** Frames below this stay unused, as the first MiB of a PC does; frame 0 never names a table. */
export const FIRST_ALLOCATABLE_FRAME = 256;

/**
 * The physical host under a hypervisor: its RAM and frame allocator, the one
 * TLB all VMs share, and the VM-exit/entry machinery. Without VPID every
 * exit/entry round trip flushes the TLB (SDM 28.3.3.1: VM entries and exits
 * invalidate VPID 0's mappings); with VPID each VM's entries carry its own tag
 * and survive.
 */
export class Host {
  readonly memory: PhysicalMemory;
  readonly frames: FrameAllocator;
  /** The TLB and the guest dimension's paging-structure cache. */
  readonly tlb: TlbFront;
  /** The nested dimension's caches (ept mode), tagged by VM. */
  readonly nestedCaches: NestedTranslationCaches;
  readonly vpidEnabled: boolean;
  readonly context: MachineContext;
  private runningVm: number | null = null;

  constructor(options: HostOptions) {
    const { memoryFrames, context, caches = NO_CACHES } = options;
    this.vpidEnabled = options.vpidEnabled;
    this.context = context;
    this.memory = new PhysicalMemory(memoryFrames);
    this.frames = new FrameAllocator('host RAM', FIRST_ALLOCATABLE_FRAME, memoryFrames);
    this.tlb = new TlbFront({ tlb: options.tlb, walkCacheEntries: caches.guestWalkCache, context });
    this.nestedCaches = new NestedTranslationCaches(caches.nested);
  }

  /** The TLB entries that belong to `vm`: its VPID's, or without VPIDs everything while it runs. */
  tlbEntriesOf(vm: number): TlbEntry[] {
    const tlb = this.tlb.tlb;
    if (!this.vpidEnabled) return this.runningVm === vm ? tlb.entries() : [];
    return tlb.entries().filter((entry) => entry.vpid === vm);
  }

  /** VPID 0 belongs to the host; VM n runs with VPID n when VPIDs are on. */
  vpidOf(vm: number): number {
    return this.vpidEnabled ? vm : 0;
  }

  /** A VM exit handled by the hypervisor, then the VM entry back into the guest. */
  exitAndResume(reason: ExitReason): void {
    this.context.vmExit(reason);
    this.tlb.vmTransition(this.vpidEnabled);
    // Without VPIDs the round trip flushes the TLB (whatever the TLB holds), which costs a flush.
    if (!this.vpidEnabled) this.context.tlbFlushed();
  }

  /** Run `vm` next: the running VM exits and `vm` is entered. */
  switchTo(vm: number): void {
    if (this.runningVm === vm) return;
    if (this.runningVm !== null) {
      this.context.stats.vmSwitches++;
      this.exitAndResume('vm-switch');
    }
    this.runningVm = vm;
  }

  /** A zero-filled host frame (hypervisor tables and guest backing alike). */
  allocateZeroedFrame(): number {
    const frame = this.frames.allocate();
    this.memory.zeroFrame(frame);
    return frame;
  }

  /** `count` contiguous zero-filled host frames, aligned to `count` (a large page); returns the first. */
  allocateZeroedRun(count: number): number {
    const first = this.frames.allocateAligned(count);
    for (let frame = first; frame < first + count; frame++) this.memory.zeroFrame(frame);
    return first;
  }

  allocateZeroedTable(): bigint {
    return frameAddress(this.allocateZeroedFrame());
  }

  freeFrame(frame: number): void {
    this.frames.free(frame);
  }
}
