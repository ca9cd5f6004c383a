import { readdirSync, readFileSync, statSync } from 'fs';
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
 * Type-checks handouts held in memory (handout-relative path → source) as if
 * they sat at `repoRoot`: the handout files come from the map only (a file
 * missing from the map does not exist, even if the repository has it), while
 * packages' type declarations are read from `<repoRoot>/node_modules` and the
 * lib files from TypeScript's own folder.
 *
 * One checker serves a batch: what it reads from disk is read once, and each
 * program is built from the previous one, so a submission costs the parse of
 * its own files and a fresh type checker, not a rebuild of the substrate.
 */
export class InMemoryTypeChecker {
  private readonly root: string;
  private readonly options: ts.CompilerOptions;
  /** Inside (or one of) the two folders read from disk; the trailing separator makes `node_modules` itself count. */
  private readonly diskFolders: readonly string[];
  /** Disk files by path (undefined: absent): packages and lib files do not change while a batch runs. */
  private readonly diskTexts = new Map<string, string | undefined>();
  private readonly diskSubfolders = new Map<string, readonly string[] | undefined>();
  private previous: ts.Program | undefined;

  constructor(repoRoot: string, options: ts.CompilerOptions) {
    this.root = path.resolve(repoRoot);
    this.options = { ...options, noEmit: true };
    this.diskFolders = [path.join(this.root, 'node_modules') + path.sep, path.dirname(ts.getDefaultLibFilePath(options)) + path.sep];
  }

  /**
   * Type-check `files`. Only `checkedFiles` are checked in full: the checker
   * is lazy, so the rest (the substrate, which the repository's own
   * type-check covers) costs only what those files use of it.
   */
  check(files: ReadonlyMap<string, string>, checkedFiles: Iterable<string>): InMemoryTypeCheck {
    const { root } = this;
    const inRoot = root + path.sep;
    const relativePath = (fileName: string): string | undefined => {
      const resolved = path.resolve(fileName);
      if (!resolved.startsWith(inRoot)) return undefined;
      const relative = resolved.slice(inRoot.length).split(path.sep).join('/');
      return files.has(relative) ? relative : undefined;
    };
    const directories = new Set<string>();
    for (const file of files.keys()) {
      for (let dir = path.dirname(path.join(root, file)); dir.length >= root.length; dir = path.dirname(dir)) directories.add(dir);
    }
    const readFile = (fileName: string): string | undefined => {
      const relative = relativePath(fileName);
      return relative !== undefined ? files.get(relative) : this.readDiskFile(fileName);
    };
    const host: ts.CompilerHost = {
      getSourceFile(fileName, languageVersion) {
        const text = readFile(fileName);
        if (text === undefined) return undefined;
        const key = `${path.resolve(fileName)}\0${parseOptionsKey(languageVersion)}`;
        const cached = parsedFiles.get(key);
        if (cached !== undefined && cached.text === text) return cached.sourceFile;
        const sourceFile = ts.createSourceFile(fileName, text, languageVersion);
        parsedFiles.set(key, { text, sourceFile });
        return sourceFile;
      },
      readFile,
      fileExists: (fileName) => readFile(fileName) !== undefined,
      directoryExists: (dir) => directories.has(path.resolve(dir)) || this.subfoldersOnDisk(dir) !== undefined,
      getDirectories: (dir) => [...(this.subfoldersOnDisk(dir) ?? [])],
      getDefaultLibFileName: (compilerOptions) => ts.getDefaultLibFilePath(compilerOptions),
      getCurrentDirectory: () => root,
      getCanonicalFileName: (fileName) => fileName,
      useCaseSensitiveFileNames: () => true,
      getNewLine: () => '\n',
      writeFile: () => {
        throw new Error('vmlab internal error: the in-memory type-check emits nothing');
      },
    };
    const program = ts.createProgram({ rootNames: [...files.keys()].map((file) => path.join(root, file)), options: this.options, host, oldProgram: this.previous });
    this.previous = program;
    const diagnostics = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()];
    for (const file of checkedFiles) {
      const sourceFile = program.getSourceFile(path.join(root, file));
      if (sourceFile === undefined) throw new Error(`vmlab internal error: ${file} is not in the in-memory program`);
      diagnostics.push(...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile));
    }
    return { program, diagnostics, relativePath };
  }

  private fromDisk(fileName: string): boolean {
    const resolved = path.resolve(fileName) + path.sep;
    return this.diskFolders.some((folder) => resolved.startsWith(folder));
  }

  private readDiskFile(fileName: string): string | undefined {
    const resolved = path.resolve(fileName);
    if (!this.diskTexts.has(resolved)) {
      // Only files: a package folder may be named like one (node_modules/punycode.js).
      const isFile = this.fromDisk(resolved) && statSync(resolved, { throwIfNoEntry: false })?.isFile() === true;
      this.diskTexts.set(resolved, isFile ? readFileSync(resolved, 'utf8') : undefined);
    }
    return this.diskTexts.get(resolved);
  }

  /** The subfolders of a folder read from disk, or undefined when it is not one. */
  private subfoldersOnDisk(dir: string): readonly string[] | undefined {
    const resolved = path.resolve(dir);
    if (!this.diskSubfolders.has(resolved)) {
      const isFolder = this.fromDisk(resolved) && statSync(resolved, { throwIfNoEntry: false })?.isDirectory() === true;
      this.diskSubfolders.set(resolved, isFolder ? readdirSync(resolved, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name) : undefined);
    }
    return this.diskSubfolders.get(resolved);
  }
}

/** What of the parse options changes the parse (setExternalModuleIndicator is derived from the compiler options, which a checker keeps fixed). */
function parseOptionsKey(options: ts.ScriptTarget | ts.CreateSourceFileOptions): string {
  return typeof options === 'object' ? `${options.languageVersion}/${options.impliedNodeFormat}/${options.jsDocParsingMode}` : String(options);
}
