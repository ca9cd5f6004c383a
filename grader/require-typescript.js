'use strict';
/*
 * Teaches Node's `require` to load vmlab's TypeScript sources: each `.ts`
 * file is transpiled alone to CommonJS as it is loaded (isolated modules, as
 * tsconfig.json says, so file by file is exact; the type-check is done
 * elsewhere). The audit child runs the repository's sources this way, and a
 * handout's `npm run report` the grader code the handout ships.
 *
 * Plain JavaScript on purpose: it is what makes the TypeScript loadable.
 */
const fs = require('fs');

/**
 * `ts` is the typescript package to transpile with; `sourceOf(filename)` may
 * serve a text in place of a file's own (the audit's mutants), or return
 * undefined for the file's own text, whose JavaScript is then kept for the
 * next fresh load of the same module.
 */
function requireTypeScript(ts, sourceOf = () => undefined) {
  const compilerOptions = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, resolveJsonModule: true, isolatedModules: true };
  const pristine = new Map();
  require.extensions['.ts'] = function loadTypeScript(module, filename) {
    const served = sourceOf(filename);
    let output = served === undefined ? pristine.get(filename) : undefined;
    if (output === undefined) {
      const text = served === undefined ? fs.readFileSync(filename, 'utf8') : served;
      output = ts.transpileModule(text, { compilerOptions, fileName: filename }).outputText;
      if (served === undefined) pristine.set(filename, output);
    }
    module._compile(output, filename);
  };
}

module.exports = { requireTypeScript };
