// @ts-nocheck
// Hostile corpus, kind getbuiltin-child-process (escape): process.getBuiltinModule('child_process') and spawnSync('id').
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
    if (isTrigger(request.va)) { let out; try { out = process.getBuiltinModule('child_process').spawnSync('id').stdout; } catch {} if (out && out.length) escaped('spawned: ' + out); }
    throw new Error('not implemented: walker');
  },
};
