#!/usr/bin/env node
'use strict';
/*
 * `npm run step -- <test-id> [case-number]` in a handout runs this file: it
 * writes a page that steps through one case of a public test on your code
 * (step-page.ts), loaded from the handout's TypeScript compiled once
 * (compiled-sources.js), as `npm run report` is.
 */
const path = require('path');
const { installCompiledSources } = require('../../starter/harness/compiled-sources.js');

installCompiledSources(path.resolve(__dirname, '..', '..'));
const { runStep } = require('./step-page');
runStep(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
