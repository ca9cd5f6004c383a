import { Gpa, frameNumber } from '../../addresses';
import { invariant } from '../../errors';
import { ENTRY_ADDRESS_MASK, PTE_D, PTE_PS, PTE_RW } from '../../paging/constants';
import { tableIndex } from '../../paging/geometry';
import { pageFaultErrorCode } from '../../paging/page-fault';
import { HiddenFaultHandler } from './hidden-fault-handler';

/**
 * The lecture's control flow:
 *  1. walk the guest's tables in software, as the hardware would;
 *  2. emulate the hardware's A/D updates in the guest's entries;
 *  3. if the guest's tables forbid the access, it is the guest's fault: inject
 *     #PF with the guest error code, CR2 = the faulting address;
 *  4. otherwise translate every gPA met (each table page and the leaf's
 *     frame) to an hPA, allocating host frames on first use,
 *  5. fill the shadow path, write-protecting each guest table it now derives
 *     from, the leaf writable only if the guest PTE is dirty (so the first
 *     write to a clean page faults again and sets D) and the frame is not
 *     write-protected.
 */
export const referenceHiddenFaultHandler: HiddenFaultHandler = {
  handle({ va, access }, context) {
    const walk = context.walkGuest(va, access);
    for (const write of walk.adWrites) {
      const address = write.entryAddress as Gpa;
      context.guestMemory.writeEntry(address, context.guestMemory.readEntry(address) | write.bits);
    }
    if (!walk.ok) return { kind: 'inject', errorCode: pageFaultErrorCode(walk.fault, access, context.control.nxe), cr2: va };
    let page = context.shadow.active;
    invariant(page !== null, 'no shadow root loaded');
    for (const step of walk.steps) {
      let guestEntry = step.entry;
      // audit-equivalent(negated-condition, equality, bitwise): an entry taken before its own A/D update only makes a path that lets the access fault again; the retry's walk sees the updated entries and fills the path right (one more hidden fault)
      for (const write of walk.adWrites) if (write.entryAddress === step.entryAddress) guestEntry |= write.bits;
      if (step.level !== walk.leafLevel) {
        const childFrame = frameNumber(guestEntry & ENTRY_ADDRESS_MASK);
        // audit-equivalent(removed-statement): the guest kernel's first store into a table frame backs it, before any entry points to the table
        context.guestMemory.backFrame(childFrame);
        const child = context.shadow.pageFor(childFrame, step.level - 1);
        context.writeProtection.protect(childFrame);
        context.shadow.link(page, step.index, child, guestEntry);
        page = child;
        continue;
      }
      // A guest large page is shadowed 4 KiB at a time, through hypervisor-owned direct tables.
      for (let level = step.level; level > 1; level--) {
        // The part of the large page one entry at `level` maps starts at a multiple of its 4 KiB pieces.
        const pieces = 512 ** (level - 1);
        const firstFrame = Math.floor(frameNumber(walk.address) / pieces) * pieces;
        const child = context.shadow.directPageFor(firstFrame, level - 1);
        context.shadow.link(page, tableIndex(va, level), child, guestEntry & ~PTE_PS);
        page = child;
      }
      const guestFrame = frameNumber(walk.address);
      const hostFrame = context.guestMemory.backFrame(guestFrame);
      // A protected frame is a table some shadow derives from: a user store to it must keep trapping.
      const writable = (guestEntry & PTE_RW) !== 0n && (guestEntry & PTE_D) !== 0n && !context.writeProtection.isProtected(guestFrame);
      context.shadow.setLeaf(page, tableIndex(va, 1), hostFrame, guestEntry, writable);
    }
    return { kind: 'fixed' };
  },
};

