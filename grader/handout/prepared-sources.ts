import * as path from 'path';
import * as ts from 'typescript';
import { compiledPath, declarationPath, PREPARED_FOLDER, PREPARED_MANIFEST, PreparedSources, sourceKey } from '../../starter/harness/prepared-sources';
import { vmlabRoot } from '../../io/vmlab-root';
import { HandoutFiles } from '../compile/handout-wiring';
import { resolveRelative } from '../compile/transpile-commonjs';

/**
 * What a handout ships so that its `npm test` is quick (starter/harness/
 * prepared-sources.ts says where each part goes): the declarations of every
 * TypeScript file but the student's, so a type-check of the student's files
 * reads declarations instead of checking the whole substrate again; the
 * JavaScript of every file, so the public tests load without TypeScript;
 * and the manifest tying each declaration to the source text it was made
 * from. `dir` is where `files` are written, with node_modules linked (the
 * declarations are emitted from there).
 */
export function preparedSources(dir: string, files: HandoutFiles, studentFiles: readonly string[]): HandoutFiles {
  const sources = [...files.keys()].filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'));
  const prepared: HandoutFiles = new Map();
  const root = path.resolve(dir);

  const config = ts.getParsedCommandLineOfConfigFile(path.join(root, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  if (config === undefined) throw new Error(`vmlab internal error: ${path.join(root, 'tsconfig.json')} cannot be read`);
  const options: ts.CompilerOptions = { ...config.options, noEmit: false, declaration: true, emitDeclarationOnly: true, rootDir: root, outDir: path.join(root, PREPARED_FOLDER, 'types') };
  const candidates = sources.filter((file) => !studentFiles.includes(file));
  const program = ts.createProgram({ rootNames: candidates.map((file) => path.join(root, file)), options });
  const emitted = new Map<string, string>();
  program.emit(undefined, (fileName, text) => emitted.set(path.relative(root, fileName).split(path.sep).join('/'), text));
  // A file whose types cannot be written out (an inferred type too large to name) keeps no declarations: the check reads its source.
  const declared = candidates.filter((file) => program.getDeclarationDiagnostics(program.getSourceFile(path.join(root, file))).length === 0 && emitted.has(declarationPath(file)));
  for (const file of declared) prepared.set(declarationPath(file), emitted.get(declarationPath(file))!);

  // The very function the handout compiles with, read from its plain-JavaScript file (which the build does not copy to dist/).
  const { transpile } = require(path.join(vmlabRoot(), 'starter', 'harness', 'compiled-sources.js')) as typeof import('../../starter/harness/compiled-sources');
  for (const file of sources) prepared.set(compiledPath(files.get(file)!), transpile(ts, files.get(file)!, path.join(root, file)));
  const manifest: PreparedSources = {
    shipped: Object.fromEntries(sources.map((file) => [file, sourceKey(files.get(file)!)])),
    declared,
    importers: importersOf(files, sources),
  };
  prepared.set(`${PREPARED_FOLDER}/${PREPARED_MANIFEST}`, `${JSON.stringify(manifest, null, 1)}\n`);
  return prepared;
}

/** Handout file → the handout files that import it (relative imports; packages are not handout files). */
function importersOf(files: HandoutFiles, sources: readonly string[]): Record<string, string[]> {
  const importers: Record<string, string[]> = {};
  const known = new Set(files.keys());
  for (const importer of sources) {
    for (const { fileName } of ts.preProcessFile(files.get(importer)!, true, true).importedFiles) {
      const target = fileName.startsWith('.') ? resolveRelative(importer, fileName, known) : undefined;
      if (target !== undefined && target.endsWith('.ts') && !(importers[target] ??= []).includes(importer)) importers[target].push(importer);
    }
  }
  for (const list of Object.values(importers)) list.sort();
  return importers;
}
