// The corpus key: the reference solution in student form (its imports rewritten to the handout substrate).
import { Gpa, frameNumber } from '../../reference/addresses';
import { invariant } from '../../reference/errors';
import { ENTRY_ADDRESS_MASK, PTE_D, PTE_PS, PTE_RW } from '../../reference/paging/constants';
import { tableIndex } from '../../reference/paging/geometry';
import { pageFaultErrorCode } from '../../reference/paging/page-fault';
import { HiddenFaultHandler } from '../../reference/hypervisor/shadow/hidden-fault-handler';

// ---- from reference/hypervisor/shadow/reference-hidden-fault-handler.ts ----
/**
 * The lecture's control flow:
 *  1. walk the guest's tables in software, as the hardware would;
 *  2. emulate the hardware's A/D updates in the guest's entries;
 *  3. if the guest's tables forbid the access, it is the guest's fault: inject
 *     #PF with the guest error code, CR2 = the faulting address;
 *  4. otherwise translate every gPA met (each table page and the leaf's
 *     frame) to an hPA, allocating host frames on first use,
 *  5. and fill the shadow path, the leaf writable only if the guest PTE is
 *     dirty, so the first write to a clean page faults again and sets D.
 */
export const hiddenFaultHandler: HiddenFaultHandler = {
  handle({ va, access }, context) {
    const root = context.guestCr3;
    invariant(root !== null, 'a user access while the guest runs its idle context');
    const walk = context.walker.walk({ root, va, access, control: context.control }, (address) => context.guestMemory.readEntry(address as Gpa));
    for (const write of walk.adWrites) {
      const address = write.entryAddress as Gpa;
      context.guestMemory.writeEntry(address, context.guestMemory.readEntry(address) | write.bits);
    }
    if (!walk.ok) {
      // Not `invariant`: its message would be formatted on every injected fault.
      if (walk.fault.kind === 'non-canonical' || walk.fault.kind === 'access-failed') throw new Error(`vmlab internal error: unexpected guest walk fault ${walk.fault.kind}`);
      return { kind: 'inject', errorCode: pageFaultErrorCode(walk.fault, access, context.control.nxe), cr2: va };
    }

    let page = context.shadow.active;
    invariant(page !== null, 'no shadow root loaded');
    for (const step of walk.steps) {
      let guestEntry = step.entry;
      for (const write of walk.adWrites) if (write.entryAddress === step.entryAddress) guestEntry |= write.bits;
      if (step.level !== walk.leafLevel) {
        const childFrame = frameNumber(guestEntry & ENTRY_ADDRESS_MASK);
        context.guestMemory.backFrame(childFrame);
        const child = context.shadow.pageFor(childFrame, step.level - 1);
        context.shadow.link(page, step.index, child, guestEntry);
        page = child;
        continue;
      }
      // A guest large page is shadowed 4 KiB at a time, through hypervisor-owned direct tables.
      for (let level = step.level; level > 1; level--) {
        const firstFrame = frameNumber(walk.address & ~((1n << BigInt(12 + 9 * (level - 1))) - 1n));
        const child = context.shadow.directPageFor(firstFrame, level - 1);
        context.shadow.link(page, tableIndex(va, level), child, guestEntry & ~PTE_PS);
        page = child;
      }
      const hostFrame = context.guestMemory.backFrame(frameNumber(walk.address));
      const writable = (guestEntry & PTE_RW) !== 0n && (guestEntry & PTE_D) !== 0n;
      context.shadow.setLeaf(page, tableIndex(va, 1), hostFrame, guestEntry, writable);
    }
    return { kind: 'fixed' };
  },
};
