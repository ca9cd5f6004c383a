// @ts-nocheck
// Hostile corpus, kind all-fds-forged-reply: writes well-formed reply lines for public and hidden test ids to every fd 0-9 at load.
import { NestedWalker } from '../../reference/nested/nested-walker';

// ---- attack ----
const ids = ['nested.public.domain-4x4', 'nested.public.domain-counts', 'nested.public.level-mixes'];
for (let fd = 0; fd <= 9; fd++) { for (const id of ids) { try { require('fs').writeSync(fd, JSON.stringify({ id, observations: [{ kind: 'nested-walk' }] }) + '\n'); } catch {} } }

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
