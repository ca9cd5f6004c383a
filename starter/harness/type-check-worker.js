'use strict';
/*
 * The thread `npm test` type-checks your changes in (type-check-changed.ts),
 * while jest runs the public tests in the main thread: on two cores the
 * check costs next to nothing in time.
 */
const { parentPort, workerData } = require('worker_threads');
const { compileAhead, installCompiledSources } = require('./compiled-sources.js');

installCompiledSources(workerData.root);
const { typeCheckChanged } = require('./type-check-changed.ts');
// The changed files are compiled first, while jest starts: the thread running the tests then finds their JavaScript ready.
parentPort.postMessage(typeCheckChanged(workerData.root, workerData.pretty, (changed) => compileAhead(workerData.root, changed)));
