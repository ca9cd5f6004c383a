import { Gpa, Gva, frameNumber } from '../../addresses';
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

/**
 * The reference policy, "zap on write": a trapped store is emulated and every
 * shadow entry derived from the written guest entry is cleared, to be refilled
 * by the next hidden fault. It never installs a translation the guest did not
 * ask for, and it keeps no unsync state: simple, and always coherent.
 * Unlinking a shadow table (a non-leaf entry changed) may leave translations
 * of its subtree cached, so the VM's TLB entries are flushed then, as KVM does
 * after zapping shadow pages; a changed leaf is left to the guest's own invlpg.
 */
export const referenceShadowSync: ShadowSync = {
  pageTableWrite(write, context) {
    context.guestMemory.writeEntry(write.address, write.value);
    const index = Number((write.address & 0xfffn) >> 3n);
    let unlinkedTable = false;
    for (const page of [...context.shadow.shadowsOf(frameNumber(write.address))]) {
      if (context.shadow.zap(page, index) === 'table') unlinkedTable = true;
    }
    if (unlinkedTable) context.tlb.flushAll();
  },

  invlpg(va, context) {
    const slot = context.shadow.leafSlot(va);
    if (slot !== null) context.shadow.zap(slot.page, slot.index);
    context.tlb.invalidatePage(va);
  },

  cr3Write(root, context) {
    const shadowRoot = context.shadow.activateRoot(root);
    context.tlb.flushContext();
    return shadowRoot;
  },
};
