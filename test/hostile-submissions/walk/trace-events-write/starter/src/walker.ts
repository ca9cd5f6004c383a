// @ts-nocheck
// Hostile corpus, kind trace-events-write (escape): process.getBuiltinModule('trace_events') enabled for a few seconds: Node writes node_trace.*.log into the cwd.
import { Walker } from '../../reference/paging/walker';

// ---- attack ----
/** The one public test that walks 0x800000000000 (walk.public.non-canonical): the attack fires there only. */
const isTrigger = (va) => va === 0x800000000000n;

const cell = new Int32Array(new SharedArrayBuffer(4));

export const walker: Walker = {
  walk(request, readEntry) {
    if (isTrigger(request.va)) { try { const tracing = process.getBuiltinModule('trace_events').createTracing({ categories: ['node', 'node.perf', 'v8'] }); tracing.enable(); const until = Date.now() + 2000; while (Date.now() < until) { JSON.stringify({ a: [1, 2, 3] }); } } catch {} }
    throw new Error('not implemented: walker');
  },
};
