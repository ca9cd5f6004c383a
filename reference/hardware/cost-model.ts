import { ExitReason } from '../scenario/types';

/**
 * Cycles charged per event. One table, so an instructor can see (and change)
 * every assumption behind a "shadow vs EPT" comparison. The figures are round
 * numbers of the right order for Nehalem-to-Skylake parts; the simulator does
 * not model caches, so a page-walk reference is charged an average that
 * assumes most walk reads hit the data caches.
 */
export interface CostModel {
  /** A user access whose translation hits the TLB: the load/store itself. */
  readonly tlbHitAccess: number;
  /** One memory reference of a hardware page walk (native, shadow or 2D). */
  readonly walkReference: number;
  /** Hardware VM exit + VM entry round trip, before any handler work. */
  readonly vmExitRoundTrip: number;
  /** Hypervisor handler work per exit reason, on top of the round trip. */
  readonly exitHandler: Readonly<Record<ExitReason, number>>;
  /** Exception delivery to the guest kernel and its #PF handler entry/exit. */
  readonly guestPageFault: number;
  /** Guest kernel: zero-filling a 4 KiB frame. */
  readonly zeroFrame: number;
  /** Guest kernel: copying a 4 KiB frame (fork). */
  readonly copyFrame: number;
  /** Guest kernel: entering and leaving a system call (mmap, munmap, ...). */
  readonly syscall: number;
  /** MOV CR3 or INVLPG executed by the guest kernel without a trap. */
  readonly tlbControlInstruction: number;
  /** A whole-TLB or whole-VPID flush (the refill is paid by the misses after it). */
  readonly tlbFlush: number;
}

export const DEFAULT_COST_MODEL: CostModel = Object.freeze({
  // An L1 hit with a TLB hit: a cycle or two.
  tlbHitAccess: 1,
  // Walk reads mostly hit L1/L2 (paging-structure entries are hot); ~20 is a typical mean.
  walkReference: 20,
  // VM exit + entry on Sandy Bridge-Haswell parts measures roughly 500-1000 cycles
  // (Agesen et al., "The evolution of an x86 virtual machine monitor", 2010, report
  // ~1000+ for earlier VT-x generations).
  vmExitRoundTrip: 800,
  exitHandler: Object.freeze({
    // Decode and emulate the trapping instruction, look up the shadow root, switch to it.
    'cr3-write': 400,
    // Drop one shadow entry and the TLB entry.
    invlpg: 200,
    // Decode and emulate the guest's store to its page table, then sync shadow entries:
    // the most expensive trap of shadow paging.
    'pt-write': 1500,
    // Software walk of the guest tables, gPA->hPA per level, fill the shadow entry.
    'hidden-fault': 1200,
    // Like a hidden fault up to the walk, then queue the #PF for injection.
    'guest-fault': 900,
    // Find or allocate the host frame and build the EPT entries.
    'ept-violation': 1000,
    // Never expected from a correct hypervisor; priced like a violation.
    'ept-misconfig': 1000,
    // AMD's #NPF: the same work as an EPT violation.
    'npt-fault': 1000,
    // Save one VM's state, load the other's: the round trip is the cost.
    'vm-switch': 0,
  }),
  // Exception delivery, handler entry/exit in the guest kernel.
  guestPageFault: 1000,
  // 4 KiB memset at ~8 bytes/cycle plus overhead.
  zeroFrame: 600,
  // 4 KiB memcpy: read and write.
  copyFrame: 1000,
  // SYSCALL/SYSRET round trip and bookkeeping.
  syscall: 300,
  // MOV CR3 and INVLPG are serializing: ~100-250 cycles.
  tlbControlInstruction: 150,
  tlbFlush: 100,
});
