// @ts-nocheck
// Hostile corpus, kind listen-to-requests: listens to the child's messages and prints the hidden tests' scenarios to stdout and stderr.
import { ShadowSync } from '../../reference/hypervisor/shadow/shadow-sync';

// ---- attack ----
process.on('message', (m) => { try { if (m && typeof m.id === 'string' && !/^shadow\.(public|stress)\./.test(m.id)) { const text = 'HOSTILE-HIDDEN ' + m.id + ' ' + JSON.stringify(m.probes).slice(0, 2000); console.log(text); console.error(text); } } catch {} });

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
