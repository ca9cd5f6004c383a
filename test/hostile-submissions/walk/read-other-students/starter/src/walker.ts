// @ts-nocheck
// Hostile corpus, kind read-other-students (escape): lists the folders above its build (other students' builds in the same temp folder) and reads their compiled walkers.
import { Walker } from '../../reference/paging/walker';

// ---- attack ----
// ---- splice: escape-helpers ----

export const walker: Walker = {
  walk(request, readEntry) {
    if (isTrigger(request.va)) { const fs = require('fs'); const path = require('path'); for (let dir = process.cwd(), i = 0; i < 4; i++, dir = path.dirname(dir)) { let names; try { names = fs.readdirSync(dir); } catch { continue; } for (const n of names) { const f = path.join(dir, n, 'build', 'starter', 'src', 'walker.js'); let text; try { text = fs.readFileSync(f, 'utf8'); } catch { continue; } if (!f.startsWith(process.cwd())) escaped('HOSTILE-OTHER-STUDENT ' + f + ': ' + text.slice(0, 200)); } } }
    throw new Error('not implemented: walker');
  },
};
