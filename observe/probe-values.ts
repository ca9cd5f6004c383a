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
