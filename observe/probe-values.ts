import { AccessKind } from '../reference/paging/rights';

/**
 * The values probes are made of, apart from the probes themselves, so a
 * probe kind in its own folder (tlb/tlb-probe-types.ts) can use them while
 * probe-types.ts gathers every kind into one union.
 */

/** A 64-bit value as JSON text: "0x1000". JSON has no 64-bit integers. */
export type HexString = string;

export interface ProbeAccess {
  readonly kind: AccessKind;
  /** CPL 3 when true, a supervisor access otherwise. */
  readonly user: boolean;
}

/** A walk probe's access: ProbeAccess with EFLAGS.AC and implicit supervisor accesses (reference/paging/rights.ts). */
export interface WalkProbeAccess extends ProbeAccess {
  /** EFLAGS.AC; absent: 0. */
  readonly ac?: boolean;
  /** An implicit supervisor-mode access (only with `user` false); absent: explicit. */
  readonly implicit?: boolean;
}
