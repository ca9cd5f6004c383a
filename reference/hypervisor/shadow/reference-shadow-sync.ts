import { frameNumber } from '../../addresses';
import { ShadowContext } from './shadow-context';
import { ShadowSync } from './shadow-sync';

/**
 * The reference policy, "zap on write": a guest table is write-protected
 * exactly while a shadow page derives from it. A trapped store is emulated and
 * every shadow entry derived from the written guest entry is cleared, to be
 * refilled by the next hidden fault: it never installs a translation the guest
 * did not ask for, and keeps no out-of-sync state. Unlinking a shadow table
 * (a non-leaf entry changed) may leave translations of its whole subtree
 * cached (4 KiB pieces of a guest large page among them), so the VM's TLB
 * entries are flushed then, once per trapped store, as KVM does after zapping
 * shadow pages; a changed leaf is left to the guest's own invlpg.
 */
export const referenceShadowSync: ShadowSync = {
  pageTableWrite(write, context) {
    context.guestMemory.writeEntry(write.address, write.value);
    const guestFrame = frameNumber(write.address);
    const index = Number((write.address & 0xfffn) >> 3n);
    // audit-equivalent(boolean): a flush after every trapped store drops more translations than needed, never one the guest relies on
    let unlinkedTable = false;
    for (const page of [...context.shadow.shadowsOf(guestFrame)]) {
      if (context.shadow.zap(page, index) === 'table') unlinkedTable = true;
      // A root emptied while another is loaded: the guest is tearing that process down.
      if (page.level === context.shadow.rootLevel && page !== context.shadow.active && page.presentEntries === 0) context.shadow.freeRoot(page);
    }
    if (unlinkedTable) context.tlb.flushAll();
    // audit-equivalent(removed-statement): a frame left protected with no shadow only costs exits; frameOverwrite releases it when the guest reuses it
    releaseUnshadowed(context);
  },
  /**
   * The guest reuses the frame (as data, or as a new table): nothing derived
   * from its old contents stays. The reference releases a frame as soon as no
   * shadow derives from it, and the guest unlinks a table before freeing it,
   * so this never runs here: it is what a design that releases lazily relies on.
   */
  frameOverwrite(guestFrame, context) {
    // audit-equivalent(removed-statement): never runs for the reference (see above)
    context.shadow.dropShadowsOf(guestFrame);
    // audit-equivalent(removed-statement): never runs for the reference (see above)
    context.tlb.flushAll();
    // audit-equivalent(removed-statement): never runs for the reference (see above)
    releaseUnshadowed(context);
    // audit-equivalent(removed-statement): never runs for the reference (see above)
    context.writeProtection.release(guestFrame);
  },
  invlpg(va, context) {
    const slot = context.shadow.leafSlot(va);
    if (slot !== null) context.shadow.zap(slot.page, slot.index);
    context.tlb.invalidatePage(va);
  },
  cr3Write(root, context) {
    const next = root === null ? null : context.shadow.pageFor(frameNumber(root), context.shadow.rootLevel);
    if (root !== null) context.writeProtection.protect(frameNumber(root));
    // One shadow per process, kept across switches; an empty one is dropped (it costs nothing to rebuild).
    for (const old of context.shadow.roots()) if (old !== next && old.presentEntries === 0) context.shadow.freeRoot(old);
    // audit-equivalent(removed-statement): a freed root's frame left protected only costs exits; frameOverwrite releases it when the guest reuses it
    releaseUnshadowed(context);
    context.tlb.flushContext();
    return next;
  },
};

/** A guest frame no shadow derives from any more needs no trap: release it. */
function releaseUnshadowed(context: ShadowContext): void {
  for (const guestFrame of context.shadow.takeUnshadowed()) context.writeProtection.release(guestFrame);
}
