'use strict';
/*
 * How jest turns the handout's TypeScript into JavaScript for the public
 * tests: the JavaScript vmlab handout shipped for the file's text, or the
 * one compiled once since (compiled-sources.js). Jest itself keeps what
 * this returns between runs; TypeScript loads only for a file with new text,
 * where a TypeScript transformer loads it for every run.
 */
const path = require('path');
const { compiler } = require('./compiled-sources.js');

const javascriptOf = compiler(path.resolve(__dirname, '..', '..'));

module.exports = {
  process(sourceText, sourcePath) {
    return { code: javascriptOf(sourceText, sourcePath) };
  },
};
