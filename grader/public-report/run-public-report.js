#!/usr/bin/env node
'use strict';
/*
 * `npm run report` in a handout runs this file: it grades your student files
 * against the public tests with the grader's own code (main.ts), which the
 * handout ships as TypeScript together with its JavaScript, compiled once
 * (starter/harness/compiled-sources.js): the grader's code loads without
 * TypeScript.
 */
const path = require('path');
const { installCompiledSources } = require('../../starter/harness/compiled-sources.js');

installCompiledSources(path.resolve(__dirname, '..', '..'));
const { runPublicReport } = require('./main');
runPublicReport().then((code) => {
  process.exitCode = code;
});
