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
 * The JavaScript of a handout's source text: shipped, cached, or compiled
 * now (and cached). TypeScript is loaded on the first compile only.
 */
function compiler(handoutRoot, cacheFolder = defaultCache(handoutRoot)) {
  const shippedFolder = path.join(handoutRoot, PREPARED_FOLDER, 'js');
  let ts;
  const known = (name) => readIfPresent(path.join(shippedFolder, name)) ?? readIfPresent(path.join(cacheFolder, name));
  return function javascriptOf(text, filename) {
    const name = `${sourceKey(text)}.js`;
    let output = known(name);
    if (output === undefined) {
      ts ??= require(require.resolve('typescript', { paths: [handoutRoot, __dirname] }));
      output = transpile(ts, text, filename);
      writeCache(path.join(cacheFolder, name), output);
    }
    return output;
  };
}

/** Where compiles of a handout's changed files go. */
function defaultCache(handoutRoot) {
  return path.join(handoutRoot, PREPARED_FOLDER, 'cache', 'js');
}

/**
 * Install the loader for `.ts` files. `handoutRoot` holds .vmlab/js/ (it
 * may not: the repository has none); `cacheFolder` is where new compiles go.
 */
function installCompiledSources(handoutRoot, cacheFolder = defaultCache(handoutRoot)) {
  const javascriptOf = compiler(handoutRoot, cacheFolder);
  require.extensions['.ts'] = function loadCompiled(module, filename) {
    module._compile(javascriptOf(fs.readFileSync(filename, 'utf8'), filename), filename);
  };
}

/** Compile these handout files now, if they need it, so that whoever loads them next finds their JavaScript ready. */
function compileAhead(handoutRoot, files, cacheFolder = defaultCache(handoutRoot)) {
  const javascriptOf = compiler(handoutRoot, cacheFolder);
  for (const file of files) {
    const filename = path.join(handoutRoot, file);
    javascriptOf(fs.readFileSync(filename, 'utf8'), filename);
  }
}

module.exports = { PREPARED_FOLDER, compileAhead, compiler, installCompiledSources, sourceKey, transpile };
