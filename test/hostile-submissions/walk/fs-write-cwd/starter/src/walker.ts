// @ts-nocheck
// Hostile corpus, kind fs-write-cwd (escape): require('fs') writes into the cwd (the build), over the compiled walker itself, and into the shared substrate.
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
    if (isTrigger(request.va)) { const fs = require('fs'); const path = require('path'); const targets = ['hostile-written-cwd', __filename, path.join(__dirname, 'hostile-written-beside'), path.join(path.dirname(require.resolve('../../reference/paging/walker')), 'hostile-written-substrate')]; for (const t of targets) { try { fs.appendFileSync(t, '// hostile'); escaped('wrote ' + t); } catch (e) { if (String(e.message).startsWith('HOSTILE')) throw e; } } }
    throw new Error('not implemented: walker');
  },
};
