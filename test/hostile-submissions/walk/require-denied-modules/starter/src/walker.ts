// @ts-nocheck
// Hostile corpus, kind require-denied-modules (escape): require() of child_process, worker_threads, net, http, vm, inspector, trace_events (also as node:...) and runs a command.
import { Walker } from '../../reference/paging/walker';

// ---- attack ----
/** The one public test that walks 0x800000000000 (walk.public.non-canonical): the attack fires there only. */
const isTrigger = (va) => va === 0x800000000000n;

/** A fence failed: say so where the grader and the student both see it (stdout, and the thrown error). */
function escaped(what) {
  const text = 'HOSTILE-ESCAPE ' + what;
  try { console.log(text); } catch {}
  throw new Error(text);
}

export const walker: Walker = {
  walk(request, readEntry) {
    if (isTrigger(request.va)) { for (const name of ['child_process', 'node:child_process', 'worker_threads', 'net', 'http', 'vm', 'inspector', 'trace_events']) { let m; try { m = require(name); } catch { continue; } if (name.endsWith('child_process')) { let out; try { out = m.execSync('id').toString(); } catch {} if (out) escaped('ran a command: ' + out); } else if (name === 'vm') { escaped('required vm'); } } }
    throw new Error('not implemented: walker');
  },
};
