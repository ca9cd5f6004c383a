import { Walker } from '../../reference/paging/walker';

/**
 * Your x86-64 page walker (the assignment's README says exactly what to do).
 *
 * Given CR3, a virtual address, an access and the paging controls, walk the
 * tables top-down through `readEntry`, the only way to memory, and return the
 * translation or the fault, the entries you read in order, and the A/D bits
 * the hardware would set.
 *
 * `control.levels` has the type `4 | 5`, so a loop counting down from it
 * needs a wider variable: `for (let level: number = control.levels; ...)`.
 */
export const walker: Walker = {
  walk(_request, _readEntry) {
    throw new Error('not implemented: walker');
  },
};
