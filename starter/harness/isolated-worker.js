'use strict';
/*
 * The first file of the thread that runs your code for the public tests
 * (isolated-runner.ts): it teaches this thread's `require` to load the
 * handout's TypeScript (a worker has a module system of its own), then
 * starts isolated-worker-main.ts.
 */
const { workerData } = require('worker_threads');
const { installCompiledSources } = require('./compiled-sources.js');

installCompiledSources(workerData.handoutRoot, workerData.cacheFolder);
require('./isolated-worker-main.ts').serveRuns();
