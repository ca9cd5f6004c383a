// @ts-nocheck
// Hostile corpus, kind heap-blowup (resource): grows the JavaScript heap without bound in one public test.
import { Walker } from '../../reference/paging/walker';

// ---- attack ----
/** The one public test that walks 0x800000000000 (walk.public.non-canonical): the attack fires there only. */
const isTrigger = (va) => va === 0x800000000000n;

export const walker: Walker = {
  walk(request, readEntry) {
    if (isTrigger(request.va)) { const hoard = []; for (;;) hoard.push({ a: [1, 2, 3, 4, 5, 6, 7, 8], s: 'x' + hoard.length }); }
    throw new Error('not implemented: walker');
  },
};
