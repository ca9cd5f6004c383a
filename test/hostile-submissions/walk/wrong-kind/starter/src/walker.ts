// @ts-nocheck
// Hostile corpus, kind wrong-kind (judge): returns null, a string, a number, an array or a function in turn.
import { Walker } from '../../reference/paging/walker';

// ---- attack ----
let turn = 0;

export const walker: Walker = {
  walk(request, readEntry) {
    const values = [null, 'ok', 42, [1, 2], () => 1, undefined]; return values[turn++ % values.length];
    throw new Error('not implemented: walker');
  },
};
