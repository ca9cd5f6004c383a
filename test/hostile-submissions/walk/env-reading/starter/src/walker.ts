// @ts-nocheck
// Hostile corpus, kind env-reading (escape): reads process.env and process.argv/execArgv for anything of the grader's (paths, secrets).
import { Walker } from '../../reference/paging/walker';

// ---- attack ----
// ---- splice: escape-helpers ----

export const walker: Walker = {
  walk(request, readEntry) {
    if (isTrigger(request.va)) { const grader = Object.keys(process.env).filter((key) => !/^NODE_(CHANNEL|UNIQUE)/.test(key)); if (grader.length > 0) escaped('read the environment: ' + grader.join(',')); }
    throw new Error('not implemented: walker');
  },
};
