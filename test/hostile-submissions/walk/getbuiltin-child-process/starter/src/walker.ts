// @ts-nocheck
// Hostile corpus, kind getbuiltin-child-process (escape): process.getBuiltinModule('child_process') and spawnSync('id').
import { Walker } from '../../reference/paging/walker';

// ---- attack ----
// ---- splice: escape-helpers ----

export const walker: Walker = {
  walk(request, readEntry) {
    if (isTrigger(request.va)) { let out; try { out = process.getBuiltinModule('child_process').spawnSync('id').stdout; } catch {} if (out && out.length) escaped('spawned: ' + out); }
    throw new Error('not implemented: walker');
  },
};
