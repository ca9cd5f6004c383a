// @ts-nocheck
// Hostile corpus, kind read-other-students (escape): lists the folders above its build (other students' builds in the same temp folder) and reads their compiled walkers.
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
    if (isTrigger(request.va)) { const fs = require('fs'); const path = require('path'); for (let dir = process.cwd(), i = 0; i < 4; i++, dir = path.dirname(dir)) { let names; try { names = fs.readdirSync(dir); } catch { continue; } for (const n of names) { const f = path.join(dir, n, 'build', 'starter', 'src', 'walker.js'); let text; try { text = fs.readFileSync(f, 'utf8'); } catch { continue; } if (!f.startsWith(process.cwd())) escaped('HOSTILE-OTHER-STUDENT ' + f + ': ' + text.slice(0, 200)); } } }
    throw new Error('not implemented: walker');
  },
};
