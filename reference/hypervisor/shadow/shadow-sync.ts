import { Gpa, Gva } from '../../addresses';
import { ShadowContext } from './shadow-context';

/** A guest store to one of its write-protected page tables, trapped by the hypervisor. */
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
  /** Emulate the trapped store, then bring the shadow entries derived from that guest entry up to date. */
  pageTableWrite(write: PageTableWrite, context: ShadowContext): void;
  /** The guest invalidated one page: drop its shadow translation and TLB entry. */
  invlpg(va: Gva, context: ShadowContext): void;
  /** The guest loaded CR3: switch to that root's shadow (kept across switches). Returns the shadow root's hPA. */
  cr3Write(root: Gpa | null, context: ShadowContext): bigint | null;
}
