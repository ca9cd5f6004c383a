// @ts-nocheck
// Hostile corpus, kind getbuiltin-fs-write (escape): process.getBuiltinModule('fs') writing into the cwd, its parent, os.tmpdir() and /tmp.
import { Walker } from '../../reference/paging/walker';

// ---- attack ----
// ---- splice: escape-helpers ----

export const walker: Walker = {
  walk(request, readEntry) {
    if (isTrigger(request.va)) { const fs = process.getBuiltinModule('fs'); const os = process.getBuiltinModule('os'); for (const where of ['.', '..', '../..', os.tmpdir(), '/tmp']) { try { fs.writeFileSync(where + '/hostile-written-getbuiltin-fs-write', 'x'); escaped('wrote into ' + where); } catch (e) { if (String(e.message).startsWith('HOSTILE')) throw e; } } }
    throw new Error('not implemented: walker');
  },
};
