import { HexString } from '../probe-types';
import { TlbOperation, TlbRights } from './tlb-probe-types';

/** Most operations a TLB probe may hold: far above any suite's, it bounds what the judge reads. */
export const MAX_TLB_OPERATIONS = 100_000;

/** Longest description of a value a TLB returned that is not one it may return. */
export const MAX_TLB_PROBLEM_LENGTH = 300;

/**
 * One TLB entry as the hardware sees it: which page of which context it
 * translates, to which host-physical frame, with which rights. The `va` a
 * fill was given is left out: any address inside the page is the same entry.
 */
export interface TlbEntryObservation {
  readonly vpid: number;
  readonly pcid: number;
  readonly global: boolean;
  /** Virtual page base. */
  readonly page: HexString;
  readonly pageSize: HexString;
  /** Host-physical page base. */
  readonly frame: HexString;
  readonly rights: TlbRights;
  /** Writes may use it. */
  readonly dirty: boolean;
  /** Set for a 4 KiB piece of a larger page: the size of that page. */
  readonly mappedPageSize?: HexString;
}

/**
 * What one operation did. `garbage`: the TLB returned something it may not
 * (not an entry, a negative count, a field of the wrong type), described in
 * the observer's own words.
 */
export type TlbOutcome =
  | { readonly kind: 'miss' }
  | { readonly kind: 'hit'; readonly address: HexString; readonly entry: TlbEntryObservation }
  | { readonly kind: 'filled' }
  | { readonly kind: 'dropped'; readonly count: number }
  | { readonly kind: 'garbage'; readonly problem: string };

/** An operation of the probe and what it did; the operation is repeated so the judge can name it. */
export interface TlbStepObservation {
  readonly operation: TlbOperation;
  readonly outcome: TlbOutcome;
}

/** The entries cached after the last operation, in canonical order (tlb-entry-order.ts), or why entries() gave none. */
export type TlbResidentObservation =
  | { readonly ok: true; readonly entries: readonly TlbEntryObservation[] }
  | { readonly ok: false; readonly problem: string };

/** What a TLB did on a TlbProbe. */
export interface TlbObservation {
  readonly kind: 'tlb';
  /** One per operation run: all of them, or those before the one that threw. */
  readonly steps: readonly TlbStepObservation[];
  /** An operation threw (`operation` is its index; the number of operations for entries() after the last). */
  readonly stopped?: { readonly operation: number; readonly message: string };
  /** Left out when stopped. */
  readonly resident?: TlbResidentObservation;
}
