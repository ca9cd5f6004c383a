// @ts-nocheck
// Hostile corpus, kind trace-events-write: process.getBuiltinModule('trace_events') enabled at load, then busy for 2 s: node_trace.*.log in the cwd.

// ---- attack ----
try { const t = process.getBuiltinModule('trace_events').createTracing({ categories: ['node', 'v8'] }); t.enable(); const until = Date.now() + 2000; while (Date.now() < until) JSON.stringify({ a: [1, 2] }); } catch {}

// ---- splice: stub ----
