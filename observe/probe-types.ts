import { Scenario } from '../reference/scenario/types';
import { HexString, ProbeAccess, WalkProbeAccess } from './probe-values';
import { TlbProbe } from './tlb/tlb-probe-types';

export type { HexString, ProbeAccess, WalkProbeAccess } from './probe-values';

/**
 * Probes: the inputs of tests, as JSON data. A probe says what to run one
 * component (or the machine built from the components) on; observing it
 * yields an Observation. Test suites, golden files and the grader's child
 * process all speak these types, so every address and entry is a hex string
 * ("0x1000"): JSON has no 64-bit integers.
 */
/** Sparse memory: 8-byte-aligned address → 64-bit word, both hex. Absent words read as zero. */
export type MemoryImage = Readonly<Record<HexString, HexString>>;

export interface ProbeControl {
  /** CR0.WP */
  readonly wp: boolean;
  /** EFER.NXE */
  readonly nxe: boolean;
  /** 4, or 5 with CR4.LA57. */
  readonly levels: 4 | 5;
}

/** A walk probe's controls: ProbeControl with the supervisor protections (reference/paging/walker.ts); absent is clear. */
export interface WalkProbeControl extends ProbeControl {
  /** CR4.SMEP */
  readonly smep?: boolean;
  /** CR4.SMAP */
  readonly smap?: boolean;
  /** CR4.PKE */
  readonly pke?: boolean;
  /** PKRU, 0 .. 0xffffffff; absent: 0. */
  readonly pkru?: number;
}

/** One guest (or native) page walk over tables held in `memory`. */
export interface WalkProbe {
  readonly kind: 'walk';
  readonly control: WalkProbeControl;
  /** CR3: the physical address of the top-level table. */
  readonly root: HexString;
  readonly va: HexString;
  readonly access: WalkProbeAccess;
  readonly memory: MemoryImage;
  /**
   * Table addresses whose read fails (`readEntry` returns null there), as the
   * hypervisor's translation of a guest table address can fail under nested
   * paging. Absent: every read succeeds.
   */
  readonly failingReads?: readonly HexString[];
}

/** One 2D walk: guest tables and nested tables, all in host memory. */
export interface NestedWalkProbe {
  readonly kind: 'nested-walk';
  readonly guest: {
    readonly control: ProbeControl;
    /** Guest CR3, a guest-physical address. */
    readonly root: HexString;
    readonly va: HexString;
    readonly access: ProbeAccess;
  };
  readonly nested: {
    readonly format: 'ept' | 'npt';
    readonly levels: 4 | 5;
    /** hPA of the top nested table (EPTP's PML4, or nCR3). */
    readonly root: HexString;
    readonly accessedDirty: boolean;
    readonly executeOnly?: boolean;
  };
  /** Host-physical memory holding both the guest's tables and the nested tables. */
  readonly memory: MemoryImage;
}

/** A whole scenario (docs/scenario-format.md) on the machine assembled from the components. */
export interface MachineProbe {
  readonly kind: 'machine';
  readonly scenario: Scenario;
  /**
   * When to record the hypervisor's state (shadow tables, TLB, gPA→hPA) for
   * invariant checks: after every event, only after the last, or never.
   * Default 'end'.
   */
  readonly snapshots?: 'every-event' | 'end' | 'none';
  /**
   * Record each snapshot's TLB entries with their tags (VPID, PCID, global
   * bit): what a step-through page shows. Off by default, so the observations
   * the goldens recorded stay as they were.
   */
  readonly tlbTags?: boolean;
}

export type Probe = WalkProbe | NestedWalkProbe | MachineProbe | TlbProbe;
export type ProbeKind = Probe['kind'];
export const PROBE_KINDS: readonly ProbeKind[] = ['walk', 'nested-walk', 'machine', 'tlb'];
