// @ts-nocheck
// Hostile corpus, kind env-reading (escape): reads process.env and process.argv/execArgv for anything of the grader's (paths, secrets).
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
    if (isTrigger(request.va)) { const grader = Object.keys(process.env).filter((key) => !/^NODE_(CHANNEL|UNIQUE)/.test(key)); if (grader.length > 0) escaped('read the environment: ' + grader.join(',')); }
    throw new Error('not implemented: walker');
  },
};
