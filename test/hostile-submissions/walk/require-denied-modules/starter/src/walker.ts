// @ts-nocheck
// Hostile corpus, kind require-denied-modules (escape): require() of child_process, worker_threads, net, http, vm, inspector, trace_events (also as node:...) and runs a command.
import { Walker } from '../../reference/paging/walker';

// ---- attack ----
// ---- splice: escape-helpers ----

export const walker: Walker = {
  walk(request, readEntry) {
    if (isTrigger(request.va)) { for (const name of ['child_process', 'node:child_process', 'worker_threads', 'net', 'http', 'vm', 'inspector', 'trace_events']) { let m; try { m = require(name); } catch { continue; } if (name.endsWith('child_process')) { let out; try { out = m.execSync('id').toString(); } catch {} if (out) escaped('ran a command: ' + out); } else if (name === 'vm') { escaped('required vm'); } } }
    throw new Error('not implemented: walker');
  },
};
