import { NestedWalker } from '../../reference/nested/nested-walker';

/**
 * Your two-dimensional walk under EPT or NPT (the assignment's README says
 * exactly what to do): every guest-physical address the guest walk touches,
 * and the final one, goes through the nested tables; return the references
 * in hardware order, the A/D writes and the fault.
 *
 * The depths (`request.guest.control.levels`, `request.nested.levels`) have
 * the type `4 | 5`, so a loop counting down from one needs a wider variable:
 * `for (let level: number = request.nested.levels; ...)`.
 */
export const nestedWalker: NestedWalker = {
  walk(_request, _hostMemory, _guestWalker) {
    throw new Error('not implemented: nestedWalker');
  },
};
