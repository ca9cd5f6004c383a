import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

/**
 * Parsed files kept across type-checks: the lib files, @types/node and the
 * substrate are the same for every submission, and parsing them again for
 * each one is most of the cost that can be shared. Keyed by path and text, so
 * a changed file is parsed again.
 */
const parsedFiles = new Map<string, { readonly text: string; readonly sourceFile: ts.SourceFile }>();

export interface InMemoryTypeCheck {
  readonly program: ts.Program;
  /** The diagnostics of the options, the global ones, and those of the files asked about. */
  readonly diagnostics: readonly ts.Diagnostic[];
  /** The handout-relative path of a program file, or undefined for lib and package files. */
  relativePath(fileName: string): string | undefined;
}

/**
 * Type-check a handout held in memory (handout-relative path → source) as if
 * it sat at `repoRoot`: the handout files come from the map only (a file
 * missing from the map does not exist, even if the repository has it), while
 * packages' type declarations are read from `<repoRoot>/node_modules` and the
 * lib files from TypeScript's own folder. Only `checkedFiles` are checked
 * in full: the checker is lazy, so the rest (the substrate, which the
 * repository's own type-check covers) costs only what those files use of it.
 */
export function typeCheckInMemory(repoRoot: string, files: ReadonlyMap<string, string>, options: ts.CompilerOptions, checkedFiles: Iterable<string>): InMemoryTypeCheck {
  const root = path.resolve(repoRoot);
  const nodeModules = path.join(root, 'node_modules') + path.sep;
  const libDir = path.dirname(ts.getDefaultLibFilePath(options)) + path.sep;
  const relativePath = (fileName: string): string | undefined => {
    const relative = path.relative(root, path.resolve(fileName)).split(path.sep).join('/');
    return files.has(relative) ? relative : undefined;
  };
  /** Inside (or one of) the two folders read from disk; the trailing separator makes `node_modules` itself count. */
  const fromDisk = (fileName: string) => {
    const resolved = path.resolve(fileName) + path.sep;
    return resolved.startsWith(nodeModules) || resolved.startsWith(libDir);
  };
  const directories = new Set<string>();
  for (const file of files.keys()) {
    for (let dir = path.dirname(path.join(root, file)); dir.length >= root.length; dir = path.dirname(dir)) directories.add(dir);
  }

  const readFile = (fileName: string): string | undefined => {
    const relative = relativePath(fileName);
    if (relative !== undefined) return files.get(relative);
    if (fromDisk(fileName) && isFile(fileName)) return readFileSync(fileName, 'utf8');
    return undefined;
  };
  const host: ts.CompilerHost = {
    getSourceFile(fileName, languageVersion) {
      const text = readFile(fileName);
      if (text === undefined) return undefined;
      const key = `${path.resolve(fileName)}\0${JSON.stringify(languageVersion)}`;
      const cached = parsedFiles.get(key);
      if (cached !== undefined && cached.text === text) return cached.sourceFile;
      const sourceFile = ts.createSourceFile(fileName, text, languageVersion);
      parsedFiles.set(key, { text, sourceFile });
      return sourceFile;
    },
    readFile,
    fileExists: (fileName) => readFile(fileName) !== undefined,
    directoryExists: (dir) => directories.has(path.resolve(dir)) || (fromDisk(dir) && existsSync(dir)),
    getDirectories: (dir) => (fromDisk(dir) && existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name) : []),
    getDefaultLibFileName: (compilerOptions) => ts.getDefaultLibFilePath(compilerOptions),
    getCurrentDirectory: () => root,
    getCanonicalFileName: (fileName) => fileName,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => '\n',
    writeFile: () => {
      throw new Error('vmlab internal error: the in-memory type-check emits nothing');
    },
  };
  const program = ts.createProgram({ rootNames: [...files.keys()].map((file) => path.join(root, file)), options: { ...options, noEmit: true }, host });
  const diagnostics = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()];
  for (const file of checkedFiles) {
    const sourceFile = program.getSourceFile(path.join(root, file));
    if (sourceFile === undefined) throw new Error(`vmlab internal error: ${file} is not in the in-memory program`);
    diagnostics.push(...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile));
  }
  return { program, diagnostics, relativePath };
}

/** A file, not a folder: module resolution probes names like node_modules/punycode.js, which can be a package's folder. */
function isFile(fileName: string): boolean {
  return statSync(fileName, { throwIfNoEntry: false })?.isFile() === true;
}
