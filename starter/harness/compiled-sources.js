'use strict';
/*
 * Teaches Node's `require` to load a handout's TypeScript files from their
 * JavaScript, compiled once per source text: file by file (isolated modules,
 * as tsconfig.json says; the type-check is done elsewhere), looked up by a
 * hash of the source, first among the files `vmlab handout` compiled and
 * shipped (.vmlab/js/), then in a cache of this machine's own
 * (.vmlab/cache/js/). Only a source seen nowhere (a file you edited) loads
 * TypeScript, which alone costs a quarter of a second, and is cached.
 *
 * Plain JavaScript on purpose: it is what makes the TypeScript loadable.
 */
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

/** As prepared-sources.ts says (compiled-sources.test.ts holds the two together). */
const PREPARED_FOLDER = '.vmlab';

/** The key a source text is compiled under, as prepared-sources.ts computes it. */
function sourceKey(text) {
  return crypto.createHash('sha1').update(text).digest('hex');
}

/**
 * The one set of options every .ts of a handout is compiled with, here, by
 * vmlab handout, and by the grader's compile step (transpile-commonjs.ts:
 * the same JavaScript, so `npm run report` reuses the handout's).
 */
function transpile(ts, text, fileName) {
  const compilerOptions = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, resolveJsonModule: true, isolatedModules: true, removeComments: true };
  return ts.transpileModule(text, { compilerOptions, fileName }).outputText;
}

function readIfPresent(file) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Best effort: a cache that cannot be written (a read-only folder) only costs a compile next time. */
function writeCache(file, text) {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
    fs.writeFileSync(temporary, text);
    fs.renameSync(temporary, file);
  } catch {
    // Nothing to do: the module loads from the JavaScript in hand.
  }
}

/**
 * Install the loader for `.ts` files. `handoutRoot` holds .vmlab/js/ (it
 * may not: the repository has none); `cacheFolder` is where new compiles go.
 */
function installCompiledSources(handoutRoot, cacheFolder = path.join(handoutRoot, PREPARED_FOLDER, 'cache', 'js')) {
  const shippedFolder = path.join(handoutRoot, PREPARED_FOLDER, 'js');
  let ts;
  require.extensions['.ts'] = function loadCompiled(module, filename) {
    const text = fs.readFileSync(filename, 'utf8');
    const name = `${sourceKey(text)}.js`;
    let output = readIfPresent(path.join(shippedFolder, name)) ?? readIfPresent(path.join(cacheFolder, name));
    if (output === undefined) {
      ts ??= require(require.resolve('typescript', { paths: [handoutRoot, __dirname] }));
      output = transpile(ts, text, filename);
      writeCache(path.join(cacheFolder, name), output);
    }
    module._compile(output, filename);
  };
}

module.exports = { PREPARED_FOLDER, installCompiledSources, sourceKey, transpile };
