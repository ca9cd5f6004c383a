import { ExitReason, Mode, Outcome } from '../scenario/types';

export const EXIT_REASONS: readonly ExitReason[] = [
  'cr3-write',
  'invlpg',
  'pt-write',
  'hidden-fault',
  'guest-fault',
  'ept-violation',
  'ept-misconfig',
  'npt-fault',
  'vm-switch',
];

/**
 * Counters of one simulation. The first block is the contract of
 * docs/scenario-format.md (names and meanings fixed); the rest is what a lecture
 * needs on top.
 */
export interface SimulationStats {
  accesses: number;
  tlbHits: number;
  tlbMisses: number;
  walkMemRefs: number;
  guestPageFaults: number;
  hiddenPageFaults: number;
  vmExits: number;
  vmExitsByReason: Record<ExitReason, number>;
  tlbFlushes: number;
  pageTablePages: { guest: number; shadow: number; ept: number };
  cycles: number;

  /** Hardware page walks started on TLB misses (a walk that faults counts too). */
  walks: number;
  /** walkMemRefs / walks, 0 when there was no walk. */
  refsPerWalk: number;
  /** Single-address TLB invalidations (invlpg, and the hypervisor's own). */
  tlbPageInvalidations: number;
  /** Guest CR3 writes (context switches, including to and from the idle context). */
  contextSwitches: number;
  /** Changes of the running VM. */
  vmSwitches: number;
  /** Most page-table pages in use at any time. */
  peakPageTablePages: { guest: number; shadow: number; ept: number };
  /** Host frames backing guest memory at the end (shadow and EPT modes). */
  hostFramesBackingGuests: number;
  /** Walks the caches shortened: a paging-structure-cache hit in either dimension, a nested TLB hit. */
  walkCacheHits: WalkCacheHits;
  /** Cycles split by where they were spent. */
  cyclesBy: Record<CostCategory, number>;
}

export interface WalkCacheHits {
  guest: number;
  nested: number;
  nestedTlb: number;
}

export type CostCategory = 'tlb-hit' | 'page-walk' | 'vm-exit' | 'hypervisor' | 'guest-kernel' | 'tlb-flush';

export interface SimulationResult {
  mode: Mode;
  outcomes: Outcome[];
  stats: SimulationStats;
}

export function emptyStats(): SimulationStats {
  const zeroReasons = Object.fromEntries(EXIT_REASONS.map((reason) => [reason, 0])) as Record<ExitReason, number>;
  return {
    accesses: 0,
    tlbHits: 0,
    tlbMisses: 0,
    walkMemRefs: 0,
    guestPageFaults: 0,
    hiddenPageFaults: 0,
    vmExits: 0,
    vmExitsByReason: zeroReasons,
    tlbFlushes: 0,
    pageTablePages: { guest: 0, shadow: 0, ept: 0 },
    cycles: 0,
    walks: 0,
    refsPerWalk: 0,
    tlbPageInvalidations: 0,
    contextSwitches: 0,
    vmSwitches: 0,
    peakPageTablePages: { guest: 0, shadow: 0, ept: 0 },
    hostFramesBackingGuests: 0,
    walkCacheHits: { guest: 0, nested: 0, nestedTlb: 0 },
    cyclesBy: { 'tlb-hit': 0, 'page-walk': 0, 'vm-exit': 0, hypervisor: 0, 'guest-kernel': 0, 'tlb-flush': 0 },
  };
}
