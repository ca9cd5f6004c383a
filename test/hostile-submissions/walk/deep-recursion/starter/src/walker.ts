// @ts-nocheck
// Hostile corpus, kind deep-recursion (signal): unbounded synchronous recursion on every call (RangeError).
import { Walker } from '../../reference/paging/walker';

// ---- attack ----
function down(n) { return down(n + 1) + 1; }

export const walker: Walker = {
  walk(request, readEntry) {
    down(0);
    throw new Error('not implemented: walker');
  },
};
