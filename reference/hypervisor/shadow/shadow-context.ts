import { Gpa, Gva } from '../../addresses';
import { Access } from '../../paging/rights';
import { PagingControl } from '../../paging/walker';
import { TableWalkFault, TableWalkResult } from '../../paging/walk-types';
import { ShadowPageTables } from './shadow-page-tables';

/**
 * Why the guest's own tables refuse an access: the faults a #PF reports. A
 * software walk of guest memory cannot fail to read an entry, and the machine
 * only runs canonical user addresses, so `access-failed` and `non-canonical`
 * never reach the shadow components (the types leave them out).
 */
export type GuestPageFaultCause = Exclude<TableWalkFault, { readonly kind: 'access-failed' }>;

/** The software walk of the guest's tables, as the hardware would walk them natively (nothing written yet). */
export type GuestTableWalk =
  | Extract<TableWalkResult, { readonly ok: true }>
  | (Omit<Extract<TableWalkResult, { readonly ok: false }>, 'fault'> & { readonly fault: GuestPageFaultCause });

/**
 * Which guest frames trap on a store. A store by the guest kernel to a
 * protected frame exits to the hypervisor (`pt-write`) and reaches
 * `ShadowSync.pageTableWrite`, which must emulate it; a whole-frame overwrite
 * (zero-fill, fork's copy) of a protected frame reaches
 * `ShadowSync.frameOverwrite` first. Stores to other frames go straight to
 * memory. The components decide what is protected, and until when.
 */
export interface WriteProtection {
  protect(guestFrame: number): void;
  release(guestFrame: number): void;
  isProtected(guestFrame: number): boolean;
}

/**
 * What the hypervisor gives its shadow-paging components: the mechanics (the
 * trap, shadow pages and host frames, the TLB), so the components hold the
 * lecture's decisions and none of the plumbing.
 */
export interface ShadowContext {
  /** The guest's paging controls (CR0.WP, EFER.NXE, depth). */
  readonly control: PagingControl;
  /**
   * The guest's current CR3 (a gPA). Null only in the guest's idle context
   * (after the running process exits, before another is loaded); no user
   * access runs then, so it is never null while `handle` runs.
   */
  readonly guestCr3: Gpa | null;
  /** Walk the guest's tables from its CR3 for `va` in software (reads guest memory, writes nothing, sets no A/D). */
  walkGuest(va: Gva, access: Access): GuestTableWalk;
  /** Guest-physical memory as the hypervisor reaches it (its own accesses never trap). */
  readonly guestMemory: {
    /** An entry of guest memory; unbacked memory reads as zero. */
    readEntry(address: Gpa): bigint;
    /** Store into guest memory (emulating a guest store, or setting A/D bits). */
    writeEntry(address: Gpa, value: bigint): void;
    /** The host frame number backing a guest frame number (gPA → hPA, by frame), allocating a zero-filled host frame on first use. */
    backFrame(guestFrame: number): number;
  };
  /** This VM's shadow tables. */
  readonly shadow: ShadowPageTables;
  /** This VM's write-protected guest frames. */
  readonly writeProtection: WriteProtection;
  /** This VM's TLB entries (its VPID). */
  readonly tlb: {
    /** Drop the translation of one 4 KiB page (under shadow paging the TLB holds 4 KiB pieces only). */
    invalidatePage(va: Gva): void;
    /** Drop the current context's entries (what a CR3 load does). */
    flushContext(): void;
    /** Drop every entry of this VM. */
    flushAll(): void;
  };
}
