import { mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { isBuiltin } from 'module';
import { tmpdir } from 'os';
import * as path from 'path';
import { ComponentName } from '../../reference/components';
import { COMPONENT_REGISTRY } from '../../reference/component-registry';
import { AssignmentWithoutSuites } from '../../assignments/framework/loaded-assignment';
import { studentComponents } from '../../assignments/framework/provided-components';
import { GENERATED_COMPONENTS_FILE, HandoutFiles } from './handout-wiring';
import { BrokenComponent, BuiltJavaScript } from './build-javascript';
import { inSubstrate, SUBSTRATE_FOLDERS } from './substrate-folders';
import { compileLimits } from './compile-limits';
import { CompileWorker } from './compile-worker';
import { copyRuntimePackages } from './copy-runtime-packages';
import { readSubmission, StudentFileRead } from './read-submission';
import { packageOf, requiredModules, resolveRelative } from './transpile-commonjs';

export type { BrokenComponent } from './build-javascript';
export type { CompileProblem } from './compile-problem';

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

/**
 * Turn one submission into a self-contained runnable JavaScript folder (see
 * SubmissionCompiler, which a batch keeps for all its submissions).
 */
export async function compileSubmission(options: CompileOptions): Promise<CompiledSubmission> {
  const compiler = new SubmissionCompiler(options);
  try {
    return await compiler.compile(options.submissionDir, options.outDir);
  } finally {
    compiler.dispose();
  }
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


/**
 * Compiles the submissions of one assignment, keeping what they have in
 * common from one to the next: the type checker's state and the JavaScript of
 * vmlab's own files (in the compile worker, see CompileWorker) and, with
 * shareSubstrate, the substrate written to disk. Each submission is compiled
 * as if alone: the same type-check, the same problems, the same JavaScript.
 * dispose() when done: it stops the worker.
 */
export class SubmissionCompiler {
  readonly repoRoot: string;
  readonly assignment: AssignmentWithoutSuites;
  private readonly shareSubstrate: boolean;
  private readonly worker: CompileWorker;
  /** The handout's paths: a submission's copy of a handout file is not an extra file. */
  private readonly handoutPaths: ReadonlySet<string>;
  /** The shared folder (shareSubstrate), once made; its substrate once written, with the files it holds. */
  private sharedFolder: string | undefined;
  private sharedSubstrate: ReadonlyMap<string, string> | undefined;

  constructor(options: SubmissionCompilerOptions) {
    this.repoRoot = options.repoRoot;
    this.assignment = options.assignment;
    this.shareSubstrate = options.shareSubstrate ?? false;
    this.handoutPaths = new Set(options.handout.keys());
    const { repoRoot, assignment, handout } = options;
    // Only what the worker needs of the assignment: the rest (suites, test cases) would be copied to it for nothing.
    this.worker = new CompileWorker({ repoRoot, assignment: { dir: assignment.dir, manifest: assignment.manifest }, handout }, compileLimits(assignment.manifest.limits));
  }

  /**
   * Overlay a submission's student files on the handout, type-check
   * everything in memory, transpile it to CommonJS, wire the components and
   * write the result into `outDir` (created; must not exist or be empty). A
   * student file that is missing or does not compile breaks only its own
   * component (wired to a stand-in that throws why); a problem in vmlab's own
   * files throws. The type-check and the transpiling run in the compile
   * worker, within the assignment's compile limits: a submission over them
   * (or that crashes TypeScript) has every component whose file is there
   * broken with that reason.
   */
  async compile(submissionDir: string, outDir: string): Promise<CompiledSubmission> {
    const { manifest } = this.assignment;
    const submission = readSubmission(submissionDir, manifest.studentFiles, (file) => this.handoutPaths.has(file));
    const { javascript, broken } = await this.buildJavaScript(submission.studentFiles);
    const studentFiles = new Set(studentComponents(manifest).map((component) => COMPONENT_REGISTRY[component].studentFile));
    const packages = substratePackages(javascript, studentFiles);
    const root = createEmptyFolder(outDir);
    const sharedFolders = this.writeBuild(root, javascript, packages, studentFiles);
    return { root, componentsModule: COMPILED_COMPONENTS_MODULE, brokenComponents: broken, extraFiles: submission.extraFiles, sharedFolders };
  }

  /** The submission as JavaScript from the worker; when it failed, the build with every component there broken for why. */
  private async buildJavaScript(studentFiles: ReadonlyMap<string, StudentFileRead>): Promise<BuiltJavaScript> {
    const outcome = await this.worker.build(studentFiles);
    return outcome.kind === 'built' ? outcome.built : this.worker.buildWithout(studentFiles, outcome.reason);
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

  /** The shared folder once a compile has written the substrate into it: it then holds what every build's substrate folders link to. */
  writtenSubstrate(): string | undefined {
    return this.sharedSubstrate === undefined ? undefined : this.sharedFolder;
  }

  /** Stops the compile worker and removes the shared substrate folder, if one was made; builds that link to it no longer run. */
  dispose(): void {
    this.worker.dispose();
    if (this.sharedFolder !== undefined) rmSync(this.sharedFolder, { recursive: true, force: true });
    this.sharedFolder = undefined;
    this.sharedSubstrate = undefined;
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
    const substrate = new Map([...javascript].filter(([file]) => inSubstrate(file)));
    for (const file of studentFiles) {
      if (inSubstrate(file)) throw new Error(`vmlab internal error: the student file ${file} is in the shared substrate (${SUBSTRATE_FOLDERS.join('/, ')}/)`);
    }
    const folder = this.sharedSubstrateFolder(substrate, packages);
    writeJavaScript(root, new Map([...javascript].filter(([file]) => !inSubstrate(file))));
    // Links: the child's require() resolves them to their real paths in the shared folder, which it is allowed to read.
    for (const top of SUBSTRATE_FOLDERS) symlinkSync(path.join(folder, top), path.join(root, top), 'dir');
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
        if (escaping !== undefined) throw new Error(`vmlab internal error: ${file} requires '${escaping}', outside the shared substrate (${SUBSTRATE_FOLDERS.join('/, ')}/)`);
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
