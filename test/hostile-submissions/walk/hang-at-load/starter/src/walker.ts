// @ts-nocheck
// Hostile corpus, kind hang-at-load (outwait): for (;;) {} at module load: every child hangs at its first test.
import { Walker } from '../../reference/paging/walker';

// ---- attack ----
for (;;) {}

export const walker: Walker = {
  walk(request, readEntry) {
    throw new Error('not implemented: walker');
  },
};
