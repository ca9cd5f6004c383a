import { HiddenFaultHandler } from '../../reference/hypervisor/shadow/hidden-fault-handler';

/**
 * Your hidden-fault handler (the assignment's README states the rules it must
 * keep): on a page fault in the shadow tables, walk the guest's tables, and
 * either fill the shadow (a hidden fault) or inject the guest's own #PF with
 * the right error code.
 */
export const hiddenFaultHandler: HiddenFaultHandler = {
  handle(_fault, _context) {
    throw new Error('not implemented: hiddenFaultHandler');
  },
};
