import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'fs';
import * as path from 'path';
import type * as TypeScript from 'typescript';
import { CACHE_FOLDER, currentKeys, declarationPath, handoutSources, PREPARED_FOLDER, readPrepared, sourceKey } from './prepared-sources';
import { LEAN_GLOBALS, MISSING_NAME_CODES } from './lean-globals';

export interface TypeCheckResult {
  readonly errors: number;
  /** The errors, located (file:line:col), as tsc prints them; '' when there are none. */
  readonly text: string;
  /** The files checked from their sources: yours, any other you changed, and the files that import those. */
  readonly checked: readonly string[];
  /** The same files as last time: the result was remembered, not recomputed. */
  readonly remembered: boolean;
}

const REMEMBERED_FILE = 'type-check.json';

/**
 * Type-check what you changed, the way `tsc --noEmit -p .` would, at a
 * fraction of its cost: your files, any shipped file whose text is no longer
 * what vmlab handout shipped, and the files that import those are checked
 * from their sources; every other file is seen through the declarations the
 * handout ships (.vmlab/types/), which need no checking. The result is
 * remembered: the same files again cost only reading and hashing them.
 * `onChanged` hears which files changed before any checking starts.
 */
export function typeCheckChanged(root: string, pretty: boolean, onChanged: (changed: readonly string[]) => void = () => undefined): TypeCheckResult {
  const prepared = readPrepared(root);
  const keys = currentKeys(root, handoutSources(root));
  const unchanged = (file: string) => prepared.shipped[file] !== undefined && prepared.shipped[file] === keys.get(file);
  const declared = new Set(prepared.declared);
  const changed = [...keys.keys()].filter((file) => !unchanged(file));
  onChanged(changed);
  const checked = new Set(changed);
  for (const file of changed) for (const importer of prepared.importers[file] ?? []) if (keys.has(importer)) checked.add(importer);

  // Nothing changed: the handout type-checked as shipped (vmlab handout checks it), and TypeScript need not load.
  if (checked.size === 0) return { errors: 0, text: '', checked: [], remembered: false };
  const tsconfig = readFileSync(path.join(root, 'tsconfig.json'), 'utf8');
  const rememberedAt = path.join(root, PREPARED_FOLDER, CACHE_FOLDER, REMEMBERED_FILE);
  const key = sourceKey(JSON.stringify([tsconfig, pretty, [...keys]]));
  const remembered = readRemembered(rememberedAt, key);
  if (remembered !== undefined) return { ...remembered, remembered: true };

  const declarationOf = (file: string) => (declared.has(file) && unchanged(file) && !checked.has(file) ? declarationPath(file) : undefined);
  const files = [...checked].sort();
  // Checked first with the language's own globals and a console, not the hundred files of Node's and jest's types the
  // handout's tsconfig names: most code needs nothing more. A name that is then missing is checked again with them all.
  let result = checkFiles(root, files, declarationOf, pretty, 'lean');
  if (result.missingNames) result = checkFiles(root, files, declarationOf, pretty, 'full');
  delete result.missingNames;
  remember(rememberedAt, key, result);
  return { ...result, remembered: false };
}

type CheckResult = Omit<TypeCheckResult, 'remembered'> & { missingNames?: boolean };

function checkFiles(root: string, files: readonly string[], declarationOf: (file: string) => string | undefined, pretty: boolean, globals: 'lean' | 'full'): CheckResult {
  // Loaded here, not at the top: a remembered result needs no TypeScript.
  const ts = require('typescript') as typeof TypeScript;
  const configFile = path.join(root, 'tsconfig.json');
  const config = ts.getParsedCommandLineOfConfigFile(configFile, { noEmit: true }, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  if (config === undefined) throw new Error(`${configFile} cannot be read`);
  const options = { ...config.options, noEmit: true, incremental: false, ...(globals === 'lean' ? { types: [] } : {}) };
  const host = ts.createCompilerHost(options);
  const leanGlobals = path.join(root, PREPARED_FOLDER, 'lean-globals.d.ts');
  if (globals === 'lean') {
    const { getSourceFile, fileExists } = host;
    host.getSourceFile = (fileName, language, ...rest) => (fileName === leanGlobals ? ts.createSourceFile(fileName, LEAN_GLOBALS, language) : getSourceFile(fileName, language, ...rest));
    host.fileExists = (fileName) => fileName === leanGlobals || fileExists(fileName);
  }
  const typesRoot = path.join(root, PREPARED_FOLDER, 'types') + path.sep;
  const inRoot = root + path.sep;
  /** The handout file a program file stands for: its own path, or the source of a shipped declaration. */
  const sourcePathOf = (fileName: string) => (fileName.startsWith(typesRoot) ? path.join(root, fileName.slice(typesRoot.length).replace(/\.d\.ts$/, '.ts')) : fileName);
  host.resolveModuleNames = (names, containingFile) =>
    names.map((name) => {
      const resolved = ts.resolveModuleName(name, sourcePathOf(containingFile), options, host).resolvedModule;
      if (resolved === undefined || !resolved.resolvedFileName.startsWith(inRoot) || resolved.extension !== ts.Extension.Ts) return resolved;
      const declaration = declarationOf(resolved.resolvedFileName.slice(inRoot.length).split(path.sep).join('/'));
      return declaration === undefined ? resolved : { resolvedFileName: path.join(root, declaration), extension: ts.Extension.Dts, isExternalLibraryImport: false };
    });
  const rootNames = [...files.map((file) => path.join(root, file)), ...(globals === 'lean' ? [leanGlobals] : [])];
  const program = ts.createProgram({ rootNames, options, host });
  const diagnostics = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()];
  for (const file of files) {
    const sourceFile = program.getSourceFile(path.join(root, file));
    if (sourceFile !== undefined) diagnostics.push(...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile));
  }
  const formatHost: TypeScript.FormatDiagnosticsHost = { getCanonicalFileName: (name) => name, getCurrentDirectory: () => root, getNewLine: () => '\n' };
  const errors = diagnostics.filter((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error).length;
  const text = diagnostics.length === 0 ? '' : pretty ? ts.formatDiagnosticsWithColorAndContext(diagnostics, formatHost) : ts.formatDiagnostics(diagnostics, formatHost);
  return { errors, text, checked: files, ...(globals === 'lean' && diagnostics.some((diagnostic) => MISSING_NAME_CODES.has(diagnostic.code)) ? { missingNames: true } : {}) };
}

function readRemembered(file: string, key: string): Omit<TypeCheckResult, 'remembered'> | undefined {
  try {
    const value = JSON.parse(readFileSync(file, 'utf8')) as { key: string; result: Omit<TypeCheckResult, 'remembered'> };
    return value.key === key ? value.result : undefined;
  } catch {
    return undefined;
  }
}

/** Best effort, written whole: a result that cannot be kept is only computed again. */
function remember(file: string, key: string, result: Omit<TypeCheckResult, 'remembered'>): void {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify({ key, result }));
    renameSync(temporary, file);
  } catch {
    // Nothing to do.
  }
}
