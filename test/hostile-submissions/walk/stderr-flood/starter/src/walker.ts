// @ts-nocheck
// Hostile corpus, kind stderr-flood (resource): writes 1 MiB to stderr on every call.
import { Walker } from '../../reference/paging/walker';

// ---- attack ----
const mib = 'z'.repeat(1 << 20);

export const walker: Walker = {
  walk(request, readEntry) {
    try { process.stderr.write(mib); } catch {}
    throw new Error('not implemented: walker');
  },
};
