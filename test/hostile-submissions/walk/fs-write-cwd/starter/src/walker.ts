// @ts-nocheck
// Hostile corpus, kind fs-write-cwd (escape): require('fs') writes into the cwd (the build), over the compiled walker itself, and into the shared substrate.
import { Walker } from '../../reference/paging/walker';

// ---- attack ----
// ---- splice: escape-helpers ----

export const walker: Walker = {
  walk(request, readEntry) {
    if (isTrigger(request.va)) { const fs = require('fs'); const path = require('path'); const targets = ['hostile-written-cwd', __filename, path.join(__dirname, 'hostile-written-beside'), path.join(path.dirname(require.resolve('../../reference/paging/walker')), 'hostile-written-substrate')]; for (const t of targets) { try { fs.appendFileSync(t, '// hostile'); escaped('wrote ' + t); } catch (e) { if (String(e.message).startsWith('HOSTILE')) throw e; } } }
    throw new Error('not implemented: walker');
  },
};
