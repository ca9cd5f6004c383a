// @ts-nocheck
// Hostile corpus, kind getbuiltin-fs-write (escape): process.getBuiltinModule('fs') writing into the cwd, its parent, os.tmpdir() and /tmp.
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
    if (isTrigger(request.va)) { const fs = process.getBuiltinModule('fs'); const os = process.getBuiltinModule('os'); for (const where of ['.', '..', '../..', os.tmpdir(), '/tmp']) { try { fs.writeFileSync(where + '/hostile-written-getbuiltin-fs-write', 'x'); escaped('wrote into ' + where); } catch (e) { if (String(e.message).startsWith('HOSTILE')) throw e; } } }
    throw new Error('not implemented: walker');
  },
};
