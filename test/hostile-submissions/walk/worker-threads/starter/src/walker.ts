// @ts-nocheck
// Hostile corpus, kind worker-threads (escape): process.getBuiltinModule('worker_threads') to start an unfenced worker.
import { Walker } from '../../reference/paging/walker';

// ---- attack ----
/** The one public test that walks 0x800000000000 (walk.public.non-canonical): the attack fires there only. */
const isTrigger = (va) => va === 0x800000000000n;

/** A fence failed: say so where the grader and the student both see it (stdout, and the thrown error). */
function escaped(what) {
  const text = 'HOSTILE-ESCAPE ' + what;
  try { console.log(text); } catch {}
  throw new Error(text);
}

export const walker: Walker = {
  walk(request, readEntry) {
    if (isTrigger(request.va)) { let started = false; try { const { Worker } = process.getBuiltinModule('worker_threads'); new Worker('1', { eval: true }); started = true; } catch {} if (started) escaped('started a worker'); }
    throw new Error('not implemented: walker');
  },
};
