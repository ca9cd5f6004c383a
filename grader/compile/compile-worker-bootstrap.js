'use strict';
/*
 * The first file of the grader's compile worker (a worker thread, see
 * compile-worker.ts): it loads compile-worker-main, whose path the grader
 * passes in workerData, and starts it. When that is TypeScript (the grader
 * runs from its sources under jest, or from a handout for `npm run report`),
 * it first teaches this thread's `require` to load `.ts` files (a worker
 * has a module system of its own): from the JavaScript a handout ships
 * (compiled-sources.js), else by compiling them (require-typescript.js).
 *
 * Plain JavaScript on purpose, run as is whether the grader runs from its
 * sources, from dist/ or from a handout (which ships it at the same path).
 */
const fs = require('fs');
const path = require('path');
const { workerData } = require('worker_threads');

const { entry } = workerData;
const handoutRoot = path.resolve(__dirname, '..', '..');
if (entry.endsWith('.ts') && fs.existsSync(path.join(handoutRoot, '.vmlab', 'sources.json'))) {
  // A handout ships its files' JavaScript (starter/harness/compiled-sources.js): nothing to compile.
  require('../../starter/harness/compiled-sources.js').installCompiledSources(handoutRoot);
} else if (entry.endsWith('.ts')) {
  const { requireTypeScript } = require('../require-typescript.js');
  requireTypeScript(require(require.resolve('typescript', { paths: [path.dirname(entry)] })));
}
require(entry).serveCompileRequests();
