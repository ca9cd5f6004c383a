import { mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { isBuiltin } from 'module';
import { tmpdir } from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { ComponentName } from '../../reference/components';
import { COMPONENT_FILES } from '../assignment/component-files';
import { AssignmentWithoutSuites } from '../assignment/loaded-assignment';
import { studentComponents } from '../assignment/provided-components';
import { componentsFile, GENERATED_COMPONENTS_FILE, HandoutFiles, PROVIDED_COMPONENTS_FILE, publicGoldensFile } from '../handout/handout-wiring';
import { BROKEN_COMPONENTS_FILE, brokenStandIns } from './broken-stand-ins';
import { CompileProblem, describeProblem, problemAt, problemOfDiagnostic, wholeFileProblem } from './compile-problem';
import { conformanceChecks } from './conformance-checks';
import { copyRuntimePackages } from './copy-runtime-packages';
import { InMemoryTypeChecker } from './in-memory-type-check';
import { readSubmission } from './read-submission';
import { packageOf, requiredModules, resolveRelative, transpileToCommonJs } from './transpile-commonjs';

export type { CompileProblem } from './compile-problem';

export interface BrokenComponent {
  readonly reason: 'missing' | 'does-not-compile';
  readonly problems: readonly CompileProblem[];
}

export interface CompiledSubmission {
  /**
   * A new folder holding plain CommonJS JavaScript in the handout's layout:
   * reference/**.js, starter/src/*.js, the wiring module, and node_modules/
   * with the runtime packages the substrate imports, so a child process
   * allowed to read only this folder can run it.
   */
  readonly root: string;
  /** Path relative to root of the .js module exporting `COMPONENTS: Components`. */
  readonly componentsModule: string;
  /**
   * The student's components (assessed, or provided by the student) whose file is missing or does not compile, with
   * why; their tests fail, and so do all tests when a student-provided one is broken; the others still run.
   */
  readonly brokenComponents: ReadonlyMap<ComponentName, BrokenComponent>;
  /** Files of the submission that are not studentFiles of the manifest (reported, never compiled or run). */
  readonly extraFiles: readonly string[];
  /**
   * Folders outside root that root links to: the substrate a batch shares
   * (SubmissionCompilerOptions.shareSubstrate), empty when root holds
   * everything. The sandbox must let the child read them (SandboxJob.sharedFolders).
   */
  readonly sharedFolders: readonly string[];
}

/** CompiledSubmission.componentsModule, the same for every build: a sandbox can so be started on a build before it exists. */
export const COMPILED_COMPONENTS_MODULE = GENERATED_COMPONENTS_FILE.replace(/\.ts$/, '.js');

export interface CompileOptions {
  /** The folder whose node_modules holds the type declarations and runtime packages: vmlab's own, or a handout's. */
  readonly repoRoot: string;
  readonly assignment: AssignmentWithoutSuites;
  /**
   * The file set the submission is laid over: the students' handout (always
   * for student work) or the instructor's (it also holds the reference
   * solutions, so only for compiling the key itself, e.g. to check the
   * grading pipeline end to end).
   */
  readonly handout: HandoutFiles;
  readonly submissionDir: string;
  /** Created; must not exist or be empty. */
  readonly outDir: string;
}

/** The handout files that make up the runnable build: the substrate, the student files and the stand-ins, not the public-test harness or goldens. */
function isBuildFile(file: string): boolean {
  if (!file.endsWith('.ts') || file.endsWith('.test.ts')) return false;
  return file.startsWith('reference/') || file.startsWith('starter/src/') || file === 'starter/harness/absent-components.ts' || file === PROVIDED_COMPONENTS_FILE;
}

/**
 * Turn one submission into a self-contained runnable JavaScript folder (see
 * SubmissionCompiler, which a batch keeps for all its submissions).
 */
export function compileSubmission(options: CompileOptions): CompiledSubmission {
  return new SubmissionCompiler(options).compile(options.submissionDir, options.outDir);
}

export interface SubmissionCompilerOptions {
  /** As CompileOptions. */
  readonly repoRoot: string;
  readonly assignment: AssignmentWithoutSuites;
  readonly handout: HandoutFiles;
  /**
   * Write the substrate (reference/**.js and the runtime packages) once, into
   * a temporary folder of its own that every build links to, instead of into
   * each build: a batch then writes only each submission's own few files.
   * dispose() removes the folder.
   */
  readonly shareSubstrate?: boolean;
}

/** The top folder of the handout that holds the substrate: the same JavaScript for every submission. */
const SUBSTRATE_FOLDER = 'reference';

/**
 * Compiles the submissions of one assignment, keeping what they have in
 * common from one to the next: the handout's files, the type checker's state
 * (see InMemoryTypeChecker), the JavaScript of vmlab's own files and, with
 * shareSubstrate, the substrate written to disk. Each submission is compiled
 * as if alone: the same type-check, the same problems, the same JavaScript.
 */
export class SubmissionCompiler {
  readonly repoRoot: string;
  readonly assignment: AssignmentWithoutSuites;
  private readonly shareSubstrate: boolean;
  private readonly handout: ReadonlyMap<string, string>;
  private readonly typeChecker: InMemoryTypeChecker;
  /** vmlab's files (the substrate and the generated modules) as JavaScript, by handout path, with the source each came from. */
  private readonly transpiled = new Map<string, { readonly source: string; readonly code: string }>();
  /** The shared folder (shareSubstrate), once made; its substrate once written, with the files it holds. */
  private sharedFolder: string | undefined;
  private sharedSubstrate: ReadonlyMap<string, string> | undefined;

  constructor(options: SubmissionCompilerOptions) {
    this.repoRoot = options.repoRoot;
    this.assignment = options.assignment;
    this.shareSubstrate = options.shareSubstrate ?? false;
    this.handout = options.handout;
    this.typeChecker = new InMemoryTypeChecker(options.repoRoot, handoutCompilerOptions(this.handout));
  }

  /**
   * Overlay a submission's student files on the handout, type-check
   * everything in memory, transpile it to CommonJS, wire the components and
   * write the result into `outDir` (created; must not exist or be empty). A
   * student file that is missing or does not compile breaks only its own
   * component (wired to a stand-in that throws why); a problem in vmlab's own
   * files throws.
   */
  compile(submissionDir: string, outDir: string): CompiledSubmission {
    const { repoRoot, assignment, handout } = this;
    const { manifest } = assignment;
    const submission = readSubmission(submissionDir, manifest.studentFiles);
    // The student's components: the assessed ones, and the earlier ones the student provides (manifest providedFrom).
    const ownComponents = studentComponents(manifest);

    // Every build file, with the student's version of each student file it has; a missing one keeps its stub, so
    // other student files importing it still type-check (it is not emitted, and they are broken with it below).
    const sources = new Map([...handout].filter(([file]) => isBuildFile(file)));
    const problems = new Map<ComponentName, CompileProblem[]>();
    const broken = new Map<ComponentName, BrokenComponent>();
    for (const component of ownComponents) {
      const file = COMPONENT_FILES[component].studentFile;
      const found = submission.studentFiles.get(file) ?? { kind: 'missing' };
      if (found.kind === 'missing') broken.set(component, { reason: 'missing', problems: [wholeFileProblem(file, `${file} is not in the submission`)] });
      else if (found.kind === 'refused') broken.set(component, { reason: 'does-not-compile', problems: [wholeFileProblem(file, `${file} ${found.why}`)] });
      else sources.set(file, found.source);
      problems.set(component, []);
    }

    const checks = conformanceChecks(ownComponents.filter((component) => !broken.has(component)));
    const studentFilesToCheck = ownComponents.filter((component) => !broken.has(component)).map((component) => COMPONENT_FILES[component].studentFile);
    const typeCheck = this.typeChecker.check(new Map([...sources, ...[...checks].map(([file, check]) => [file, check.source] as const)]), [...studentFilesToCheck, ...checks.keys()]);
    const componentOfStudentFile = new Map(ownComponents.map((component) => [COMPONENT_FILES[component].studentFile, component]));
    const conformanceProblems = new Map<ComponentName, CompileProblem[]>();
    const vmlabProblems: string[] = [];
    for (const diagnostic of typeCheck.diagnostics) {
      const file = diagnostic.file === undefined ? undefined : typeCheck.relativePath(diagnostic.file.fileName);
      const studentComponent = file === undefined ? undefined : componentOfStudentFile.get(file);
      const check = file === undefined ? undefined : checks.get(file);
      if (studentComponent !== undefined) problems.get(studentComponent)!.push(problemOfDiagnostic(file!, diagnostic));
      else if (check !== undefined) {
        const list = conformanceProblems.get(check.component) ?? [];
        list.push(exportProblem(typeCheck.program, repoRoot, check.component, diagnostic));
        conformanceProblems.set(check.component, list);
      } else vmlabProblems.push(ts.formatDiagnostic(diagnostic, { getCanonicalFileName: (name) => name, getCurrentDirectory: () => repoRoot, getNewLine: () => '\n' }).trim());
    }
    if (vmlabProblems.length > 0) {
      // The substrate type-checks in the repository, so this is a vmlab bug (or a student file that changes global types).
      throw new Error(`vmlab internal error: the handout of ${manifest.id} does not type-check:\n${vmlabProblems.join('\n')}`);
    }
    for (const component of ownComponents) {
      if (broken.has(component)) continue;
      // A conformance error is only news when the student's file itself compiles (else it follows from those errors).
      const found = problems.get(component)!.length > 0 ? problems.get(component)! : conformanceProblems.get(component) ?? [];
      if (found.length > 0) broken.set(component, { reason: 'does-not-compile', problems: found });
    }

    const studentFiles = new Set(componentOfStudentFile.keys());
    const brokenFiles = () => new Set([...broken.keys()].map((component) => COMPONENT_FILES[component].studentFile));
    const javascript = new Map<string, string>();
    for (const [file, source] of sources) {
      if (!brokenFiles().has(file)) javascript.set(file, studentFiles.has(file) ? transpileToCommonJs(file, source) : this.vmlabJavaScript(file, source));
    }
    breakDependentsOfBroken(ownComponents, broken, javascript);
    for (const file of brokenFiles()) javascript.delete(file);

    const messages = new Map([...broken].map(([component, why]) => [component, standInMessage(component, why)] as const));
    const standIns = brokenStandIns(messages);
    javascript.set(BROKEN_COMPONENTS_FILE, this.vmlabJavaScript(BROKEN_COMPONENTS_FILE, standIns.source));
    javascript.set(GENERATED_COMPONENTS_FILE, this.vmlabJavaScript(GENERATED_COMPONENTS_FILE, componentsFile(manifest, publicGoldensFile(repoRoot, assignment.dir), standIns.standIns)));

    const packages = substratePackages(javascript, studentFiles);
    const root = createEmptyFolder(outDir);
    const sharedFolders = this.writeBuild(root, javascript, packages, studentFiles);
    return { root, componentsModule: COMPILED_COMPONENTS_MODULE, brokenComponents: broken, extraFiles: submission.extraFiles, sharedFolders };
  }

  /**
   * The folders outside a build that every build of this compiler links to
   * (CompiledSubmission.sharedFolders), known before the first compile: with
   * shareSubstrate, the shared folder, made now if need be and filled by the
   * first compile. A sandbox can so be started on a build before it exists.
   */
  sharedFolders(): readonly string[] {
    if (!this.shareSubstrate) return [];
    this.sharedFolder ??= realpathSync(mkdtempSync(path.join(tmpdir(), 'vmlab-substrate-')));
    return [this.sharedFolder];
  }

  /** The shared folder once a compile has written the substrate into it: it then holds what every build's reference/ links to. */
  writtenSubstrate(): string | undefined {
    return this.sharedSubstrate === undefined ? undefined : this.sharedFolder;
  }

  /** Removes the shared substrate folder, if one was made; builds that link to it no longer run. */
  dispose(): void {
    if (this.sharedFolder !== undefined) rmSync(this.sharedFolder, { recursive: true, force: true });
    this.sharedFolder = undefined;
    this.sharedSubstrate = undefined;
  }

  /** One of vmlab's own files as JavaScript: transpiled once, again only if its source changes. */
  private vmlabJavaScript(file: string, source: string): string {
    const known = this.transpiled.get(file);
    if (known !== undefined && known.source === source) return known.code;
    const code = transpileToCommonJs(file, source);
    this.transpiled.set(file, { source, code });
    return code;
  }

  /**
   * Write the build into root. Shared: the substrate's files and packages go
   * into the shared folder (the first time) and root links to them, so only
   * the student's files and the wiring are written here. Returns the folders
   * root links to.
   */
  private writeBuild(root: string, javascript: ReadonlyMap<string, string>, packages: ReadonlySet<string>, studentFiles: ReadonlySet<string>): string[] {
    if (!this.shareSubstrate) {
      writeJavaScript(root, javascript);
      copyRuntimePackages(this.repoRoot, root, packages);
      return [];
    }
    const inSubstrate = (file: string) => file.startsWith(`${SUBSTRATE_FOLDER}/`);
    const substrate = new Map([...javascript].filter(([file]) => inSubstrate(file)));
    for (const file of studentFiles) {
      if (inSubstrate(file)) throw new Error(`vmlab internal error: the student file ${file} is in the shared ${SUBSTRATE_FOLDER}/ folder`);
    }
    const folder = this.sharedSubstrateFolder(substrate, packages);
    writeJavaScript(root, new Map([...javascript].filter(([file]) => !inSubstrate(file))));
    // Links: the child's require() resolves them to their real paths in the shared folder, which it is allowed to read.
    symlinkSync(path.join(folder, SUBSTRATE_FOLDER), path.join(root, SUBSTRATE_FOLDER), 'dir');
    if (packages.size > 0) symlinkSync(path.join(folder, 'node_modules'), path.join(root, 'node_modules'), 'dir');
    return [folder];
  }

  /** The shared folder, written the first time; every later build must need the very same substrate. */
  private sharedSubstrateFolder(substrate: ReadonlyMap<string, string>, packages: ReadonlySet<string>): string {
    const [folder] = this.sharedFolders();
    if (this.sharedSubstrate === undefined) {
      // A substrate file's real path is in the shared folder: a relative require leaving the substrate would find nothing there.
      const substrateFiles = new Set(substrate.keys());
      for (const [file, code] of substrate) {
        const escaping = requiredModules(code).find((specifier) => specifier.startsWith('.') && resolveRelative(file, specifier, substrateFiles) === undefined);
        if (escaping !== undefined) throw new Error(`vmlab internal error: ${file} requires '${escaping}', outside the shared ${SUBSTRATE_FOLDER}/ folder`);
      }
      writeJavaScript(folder, substrate);
      copyRuntimePackages(this.repoRoot, folder, packages);
      this.sharedSubstrate = substrate;
    }
    const files = this.sharedSubstrate;
    const same = files.size === substrate.size && [...substrate].every(([file, code]) => files.get(file) === code);
    if (!same) throw new Error('vmlab internal error: a build needs a substrate other than the shared one');
    return folder;
  }
}

/** Write each file's JavaScript at its handout path under root, `.ts` → `.js`. */
function writeJavaScript(root: string, javascript: ReadonlyMap<string, string>): void {
  for (const [file, code] of javascript) {
    const target = path.join(root, ...file.replace(/\.ts$/, '.js').split('/'));
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, code);
  }
}

/** The handout's own tsconfig.json options, with Node's types (so a student's `import 'fs'` type-checks; the sandbox refuses it at run time) and no test framework. */
function handoutCompilerOptions(handout: ReadonlyMap<string, string>): ts.CompilerOptions {
  const config = JSON.parse(handout.get('tsconfig.json') ?? '{}') as { compilerOptions?: unknown };
  const { options, errors } = ts.convertCompilerOptionsFromJson(config.compilerOptions, '/');
  if (errors.length > 0) throw new Error(`vmlab internal error: the handout's tsconfig.json: ${errors.map((error) => ts.flattenDiagnosticMessageText(error.messageText, ' ')).join('; ')}`);
  return { ...options, types: ['node'], noEmit: true };
}

/** A conformance-check diagnostic, pointed at the student's export when there is one. */
function exportProblem(program: ts.Program, repoRoot: string, component: ComponentName, diagnostic: ts.Diagnostic): CompileProblem {
  const { studentFile, exportName } = COMPONENT_FILES[component];
  const message = `the export \`${exportName}\` must be the ${component} the machine calls: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
  const sourceFile = program.getSourceFile(path.join(path.resolve(repoRoot), studentFile));
  if (sourceFile === undefined) return wholeFileProblem(studentFile, message);
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(sourceFile);
  const exported = moduleSymbol === undefined ? undefined : checker.getExportsOfModule(moduleSymbol).find((symbol) => symbol.name === exportName);
  const declaration = exported?.declarations?.find((node) => node.getSourceFile() === sourceFile);
  return declaration === undefined ? wholeFileProblem(studentFile, message) : problemAt(studentFile, sourceFile, declaration.getStart(sourceFile), message);
}

/**
 * A student file that requires another student file which is broken would
 * load it after all: it is broken too (repeated until nothing changes, for
 * chains). The type-check saw every relative import resolve, so a require
 * that finds no emitted file names a broken student file.
 */
function breakDependentsOfBroken(assessed: readonly ComponentName[], broken: Map<ComponentName, BrokenComponent>, javascript: ReadonlyMap<string, string>): void {
  for (let changed = true; changed; ) {
    changed = false;
    const brokenFiles = new Set([...broken.keys()].map((component) => COMPONENT_FILES[component].studentFile));
    const loadable = new Set([...javascript.keys()].filter((file) => !brokenFiles.has(file)));
    for (const component of assessed) {
      if (broken.has(component)) continue;
      const file = COMPONENT_FILES[component].studentFile;
      const missing = requiredModules(javascript.get(file)!).find((specifier) => specifier.startsWith('.') && resolveRelative(file, specifier, loadable) === undefined);
      if (missing === undefined) continue;
      broken.set(component, { reason: 'does-not-compile', problems: [wholeFileProblem(file, `${file} imports '${missing}', a student file that is missing or does not compile`)] });
      changed = true;
    }
  }
}

function standInMessage(component: ComponentName, why: BrokenComponent): string {
  const first = why.problems[0];
  if (why.reason === 'missing') return `${component} is missing: ${first.file} is not in the submission`;
  return `${component} does not compile: ${describeProblem(first)}`;
}

/** The packages vmlab's own emitted files require, checking on the way that every relative require finds its file. */
function substratePackages(javascript: ReadonlyMap<string, string>, studentFiles: ReadonlySet<string>): Set<string> {
  const files = new Set(javascript.keys());
  const packages = new Set<string>();
  for (const [file, code] of javascript) {
    if (studentFiles.has(file)) continue;
    for (const specifier of requiredModules(code)) {
      if (!specifier.startsWith('.')) {
        if (!isBuiltin(specifier)) packages.add(packageOf(specifier));
      } else if (resolveRelative(file, specifier, files) === undefined) {
        throw new Error(`vmlab internal error: ${file} requires '${specifier}', which is not in the build`);
      }
    }
  }
  return packages;
}

function createEmptyFolder(dir: string): string {
  const root = path.resolve(dir);
  mkdirSync(root, { recursive: true });
  if (readdirSync(root).length > 0) throw new Error(`${root} is not empty: compileSubmission writes into a new folder`);
  return root;
}
