'use strict';
/*
 * The first file of the grader's compile worker (a worker thread, see
 * compile-worker.ts): it loads compile-worker-main, whose path the grader
 * passes in workerData, and starts it. When that is TypeScript (the grader
 * runs from its sources under jest, or from a handout for `npm run report`),
 * it first teaches this thread's `require` to load `.ts` files
 * (require-typescript.js): a worker has a module system of its own.
 *
 * Plain JavaScript on purpose, run as is whether the grader runs from its
 * sources, from dist/ or from a handout (which ships it at the same path).
 */
const path = require('path');
const { workerData } = require('worker_threads');

const { entry } = workerData;
if (entry.endsWith('.ts')) {
  const { requireTypeScript } = require('../require-typescript.js');
  requireTypeScript(require(require.resolve('typescript', { paths: [path.dirname(entry)] })));
}
require(entry).serveCompileRequests();
