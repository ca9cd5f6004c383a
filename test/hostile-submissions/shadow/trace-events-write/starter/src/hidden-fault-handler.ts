// @ts-nocheck
// Hostile corpus, kind trace-events-write: process.getBuiltinModule('trace_events') enabled at load, then busy for 2 s: node_trace.*.log in the cwd.
import { HiddenFaultHandler } from '../../reference/hypervisor/shadow/hidden-fault-handler';

// ---- attack ----
try { const t = process.getBuiltinModule('trace_events').createTracing({ categories: ['node', 'v8'] }); t.enable(); const until = Date.now() + 2000; while (Date.now() < until) JSON.stringify({ a: [1, 2] }); } catch {}

/**
 * Your hidden-fault handler (the assignment's README says exactly what to
 * do): on a page fault in the shadow tables, walk the guest's tables, and
 * either fill the shadow entry (a hidden fault) or inject the guest's own
 * #PF with the right error code.
 */
export const hiddenFaultHandler: HiddenFaultHandler = {
  handle(_fault, _context) {
    throw new Error('not implemented: hiddenFaultHandler');
  },
};
