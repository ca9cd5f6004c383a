'use strict';
/*
 * Runs the `vmlab` command line from the TypeScript sources, each module
 * transpiled as it is required (type-checking is `tsc --noEmit`'s job). The
 * hostile corpus runs the grader through this in a process of its own, so an
 * attack that reaches the grader kills or stops that process, not the test
 * runner, and the grader is never a stale dist/ build.
 *
 * Usage: node vmlab-from-sources.js <vmlab arguments...>
 */
const fs = require('fs');
const path = require('path');
const ts = require('typescript');

const root = path.resolve(__dirname, '..', '..', '..');
const { options } = ts.convertCompilerOptionsFromJson(JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.json'), 'utf8')).compilerOptions, root);

require.extensions['.ts'] = (module, file) => {
  const { outputText } = ts.transpileModule(fs.readFileSync(file, 'utf8'), { compilerOptions: { ...options, sourceMap: false, inlineSourceMap: true }, fileName: file });
  module._compile(outputText, file);
};

require(path.join(root, 'cli', 'main.ts'))
  .main(process.argv)
  .then((code) => {
    process.exitCode = code;
  });
