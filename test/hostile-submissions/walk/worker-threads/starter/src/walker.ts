// @ts-nocheck
// Hostile corpus, kind worker-threads (escape): process.getBuiltinModule('worker_threads') to start an unfenced worker.
import { Walker } from '../../reference/paging/walker';

// ---- attack ----
// ---- splice: escape-helpers ----

export const walker: Walker = {
  walk(request, readEntry) {
    if (isTrigger(request.va)) { let started = false; try { const { Worker } = process.getBuiltinModule('worker_threads'); new Worker('1', { eval: true }); started = true; } catch {} if (started) escaped('started a worker'); }
    throw new Error('not implemented: walker');
  },
};
