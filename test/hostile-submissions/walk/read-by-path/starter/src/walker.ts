// @ts-nocheck
// Hostile corpus, kind read-by-path (escape): reads /etc/passwd, the repository's hidden suites and reference walker by likely absolute paths, and by relative paths up from the build.
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
    if (isTrigger(request.va)) { const fs = require('fs'); const path = require('path'); const tails = ['assignments/walk/hidden/permissions.json', 'reference/paging/reference-walker.ts']; const roots = ['/work/main', '/work/wt/corpus', '/app', '/autograder/source', '/srv/vmlab']; for (let up = '..'; up.length < 40; up += '/..') roots.push(path.resolve(process.cwd(), up)); const files = ['/etc/passwd', ...roots.flatMap((r) => tails.map((t) => path.join(r, t)))]; for (const f of files) { let text; try { text = fs.readFileSync(f, 'utf8'); } catch { continue; } escaped('read ' + f + ': ' + text.slice(0, 300)); } }
    throw new Error('not implemented: walker');
  },
};
