// @ts-nocheck
// Hostile corpus, kind heap-snapshot-write (escape): require('v8').writeHeapSnapshot() into the cwd and into /tmp.
import { Walker } from '../../reference/paging/walker';

// ---- attack ----
/** The one public test that walks 0x800000000000 (walk.public.non-canonical): the attack fires there only. */
const isTrigger = (va) => va === 0x800000000000n;

export const walker: Walker = {
  walk(request, readEntry) {
    if (isTrigger(request.va)) { const v8 = process.getBuiltinModule('v8'); try { v8.writeHeapSnapshot(); } catch {} try { v8.writeHeapSnapshot('/tmp/hostile-written-heap.heapsnapshot'); } catch {} }
    throw new Error('not implemented: walker');
  },
};
