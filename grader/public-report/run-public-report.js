#!/usr/bin/env node
'use strict';
/*
 * `npm run report` in a handout runs this file: it grades your student files
 * against the public tests with the grader's own code (main.ts), which the
 * handout ships as TypeScript and loads through its typescript package.
 */
const { requireTypeScript } = require('../require-typescript.js');

requireTypeScript(require('typescript'));
const { runPublicReport } = require('./main');
runPublicReport().then((code) => {
  process.exitCode = code;
});
