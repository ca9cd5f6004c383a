// @ts-nocheck
// Hostile corpus, kind read-by-path (escape): reads /etc/passwd, the repository's hidden suites and reference walker by likely absolute paths, and by relative paths up from the build.
import { Walker } from '../../reference/paging/walker';

// ---- attack ----
// ---- splice: escape-helpers ----

export const walker: Walker = {
  walk(request, readEntry) {
    if (isTrigger(request.va)) { const fs = require('fs'); const path = require('path'); const tails = ['assignments/walk/hidden/permissions.json', 'reference/paging/reference-walker.ts']; const roots = ['/work/main', '/work/wt/corpus', '/app', '/autograder/source', '/srv/vmlab']; for (let up = '..'; up.length < 40; up += '/..') roots.push(path.resolve(process.cwd(), up)); const files = ['/etc/passwd', ...roots.flatMap((r) => tails.map((t) => path.join(r, t)))]; for (const f of files) { let text; try { text = fs.readFileSync(f, 'utf8'); } catch { continue; } escaped('read ' + f + ': ' + text.slice(0, 300)); } }
    throw new Error('not implemented: walker');
  },
};
