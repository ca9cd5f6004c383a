#!/usr/bin/env node
'use strict';
/*
 * `npm run case -- <file>` in a handout runs this file: it runs one case file
 * (or scenario file) on your components and prints the first difference with
 * its drawing, or says it passes (run-case.ts). Like `npm run report`, the
 * TypeScript loads from its shipped JavaScript (starter/harness/compiled-sources.js).
 */
const path = require('path');
const { installCompiledSources } = require('../../starter/harness/compiled-sources.js');

installCompiledSources(path.resolve(__dirname, '..', '..'));
const { runCaseCommand } = require('./run-case');
runCaseCommand(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
