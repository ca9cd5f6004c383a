// @ts-nocheck
// Hostile corpus, kind stdout-flood (resource): writes 1 MiB to stdout on every call (about 2 GiB in all).
import { Walker } from '../../reference/paging/walker';

// ---- attack ----
const mib = 'y'.repeat(1 << 20);

export const walker: Walker = {
  walk(request, readEntry) {
    try { require('fs').writeSync(1, mib); } catch {}
    throw new Error('not implemented: walker');
  },
};
