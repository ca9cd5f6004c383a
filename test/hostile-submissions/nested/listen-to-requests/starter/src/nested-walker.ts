// @ts-nocheck
// Hostile corpus, kind listen-to-requests: listens to the child's messages and prints the hidden tests' probes.
import { NestedWalker } from '../../reference/nested/nested-walker';

// ---- attack ----
process.on('message', (m) => { try { if (m && typeof m.id === 'string' && !/^nested\.(public|stress)\./.test(m.id)) { const text = 'HOSTILE-HIDDEN ' + m.id + ' ' + JSON.stringify(m.probes).slice(0, 2000); console.log(text); console.error(text); } } catch {} });

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
