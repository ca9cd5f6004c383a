import { Gpa, Gva } from '../../addresses';
import { ShadowContext } from './shadow-context';
import { ShadowPage } from './shadow-page-tables';

/** A guest store to a write-protected guest frame, trapped by the hypervisor; not yet in guest memory. */
export interface PageTableWrite {
  readonly address: Gpa;
  readonly value: bigint;
}

/**
 * Student component 2: keep the shadow tables coherent with the guest's. The
 * hypervisor calls it on every intercepted event that can change what the
 * guest's tables say or which of them is in use.
 */
export interface ShadowSync {
  /** A guest store to a protected frame trapped: the store is not done until this emulates it. */
  pageTableWrite(write: PageTableWrite, context: ShadowContext): void;
  /**
   * The guest kernel is about to overwrite the whole of protected guest frame
   * `guestFrame` (zero-fill, or fork's copy into it): the frame is being
   * reused. The machine overwrites it when this returns.
   */
  frameOverwrite(guestFrame: number, context: ShadowContext): void;
  /** The guest executed invlpg `va`: from now on it may rely on the new translation of that page (or its absence). */
  invlpg(va: Gva, context: ShadowContext): void;
  /**
   * The guest loaded CR3 with `root` (a process's top-level table), or with
   * null: its idle context, where no user access runs. Returns the shadow root
   * the hardware's CR3 is to hold (a root-level page of `context.shadow`, not a
   * direct page), or null for no user mappings at all.
   */
  cr3Write(root: Gpa | null, context: ShadowContext): ShadowPage | null;
}
