// The corpus key: the reference solution in student form (its imports rewritten to the handout substrate).
import { frameNumber } from '../../reference/addresses';
import { ShadowSync } from '../../reference/hypervisor/shadow/shadow-sync';

// ---- from reference/hypervisor/shadow/reference-shadow-sync.ts ----
/**
 * The reference policy, "zap on write": a trapped store is emulated and every
 * shadow entry derived from the written guest entry is cleared, to be refilled
 * by the next hidden fault. It never installs a translation the guest did not
 * ask for, and it keeps no unsync state: simple, and always coherent.
 * Unlinking a shadow table (a non-leaf entry changed) may leave translations
 * of its subtree cached, so the VM's TLB entries are flushed then, as KVM does
 * after zapping shadow pages; a changed leaf is left to the guest's own invlpg.
 */
export const shadowSync: ShadowSync = {
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
