import * as path from 'path';
import * as ts from 'typescript';
import { inSubstrate } from './substrate-folders';
import { ComponentName } from '../../reference/components';
import { COMPONENT_REGISTRY } from '../../reference/component-registry';
import { studentComponents } from '../../assignments/framework/provided-components';
import { AssignmentWithoutSuites } from '../../assignments/framework/loaded-assignment';
import { componentsFile, GENERATED_COMPONENTS_FILE, HandoutFiles, PROVIDED_COMPONENTS_FILE, STAND_INS_FILE } from './handout-wiring';
import { CompileProblem, describeProblem, problemAt, problemOfDiagnostic, wholeFileProblem } from './compile-problem';
import { conformanceChecks } from './conformance-checks';
import { PreparedHandout } from './prepared-handout';
import { InMemoryTypeCheck, InMemoryTypeChecker } from './in-memory-type-check';
import { LEAN_GLOBALS, MISSING_NAME_CODES } from '../../starter/harness/lean-globals';
import { StudentFileRead } from './read-submission';
import { requiredModules, resolveRelative, transpileToCommonJs } from './transpile-commonjs';

export interface BrokenComponent {
  readonly reason: 'missing' | 'does-not-compile';
  readonly problems: readonly CompileProblem[];
}

/** What a builder is made from: the same for every submission of a batch. Plain data, so a worker can be given it. */
export interface BuilderSetup {
  /** The folder whose node_modules holds the type declarations: vmlab's own, or a handout's. */
  readonly repoRoot: string;
  readonly assignment: AssignmentWithoutSuites;
  /** The file set the submission is laid over (CompileOptions.handout). */
  readonly handout: HandoutFiles;
}

/** One submission as JavaScript, not yet written anywhere. Plain data. */
export interface BuiltJavaScript {
  /** Every file of the build by handout path (`.ts`), as CommonJS. */
  readonly javascript: ReadonlyMap<string, string>;
  /** Assessed components whose student file is missing or does not compile, with why; the wiring points them at stand-ins. */
  readonly broken: ReadonlyMap<ComponentName, BrokenComponent>;
}

/**
 * TypeScript failed while it worked on a submission's own files (a stack
 * overflow in the checker, an assertion of TypeScript's own): the student's
 * code broke the compiler, which is not a bug of vmlab's.
 */
export class CompilerCrash extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CompilerCrash';
  }
}

/** Where the lean check's globals sit in its in-memory handout: a name no handout file has. */
const LEAN_GLOBALS_FILE = '.vmlab-lean-globals.d.ts';

/** The handout files that make up the runnable build: the substrate, the student files and the stand-ins, not the public-test harness or goldens. */
function isBuildFile(file: string): boolean {
  if (!file.endsWith('.ts') || file.endsWith('.test.ts')) return false;
  return inSubstrate(file) || file.startsWith('starter/src/') || file === STAND_INS_FILE || file === PROVIDED_COMPONENTS_FILE;
}

/**
 * Type-checks and transpiles the submissions of one assignment, keeping what
 * they have in common from one to the next: the type checker's state (see
 * InMemoryTypeChecker) and the JavaScript of vmlab's own files. Each
 * submission is built as if alone: the same type-check, the same problems,
 * the same JavaScript. It runs in the compile worker (compile-worker-main.ts),
 * where a submission that makes TypeScript work without end is stopped.
 */
export class JavaScriptBuilder {
  private readonly repoRoot: string;
  private readonly assignment: AssignmentWithoutSuites;
  /** The handout's build files: every submission's sources start from these. */
  private readonly buildFiles: ReadonlyMap<string, string>;
  /** Checks with the lean globals first (starter/harness/lean-globals.ts); the full checker, with Node's types, only when a name is then missing. */
  private readonly leanTypeChecker: InMemoryTypeChecker;
  private fullTypeChecker: InMemoryTypeChecker | undefined;
  private readonly compilerOptions: ts.CompilerOptions;
  /** vmlab's files (the substrate and the generated modules) as JavaScript, by handout path, with the source each came from. */
  private readonly transpiled = new Map<string, { readonly source: string; readonly code: string }>();
  /** In a handout (`npm run report`), what it prepared for npm test: JavaScript and declarations to reuse. */
  private readonly prepared: PreparedHandout | undefined;

  constructor(setup: BuilderSetup) {
    this.repoRoot = setup.repoRoot;
    this.assignment = setup.assignment;
    this.buildFiles = new Map([...setup.handout].filter(([file]) => isBuildFile(file)));
    this.compilerOptions = handoutCompilerOptions(setup.handout);
    this.leanTypeChecker = new InMemoryTypeChecker(setup.repoRoot, { ...this.compilerOptions, types: [] });
    this.prepared = PreparedHandout.at(setup.repoRoot);
  }

  /**
   * Build the handout's own student files (the stubs, or the key): what every
   * submission shares (parsing and binding the lib files, the packages'
   * declarations and the substrate, checking what the student files use of
   * them) is then done, so its time is not counted as the first submission's.
   */
  warmUp(): void {
    const { manifest } = this.assignment;
    const handoutStudentFiles = new Map<string, StudentFileRead>();
    for (const component of studentComponents(manifest)) {
      const file = COMPONENT_REGISTRY[component].studentFile;
      const source = this.buildFiles.get(file);
      if (source !== undefined) handoutStudentFiles.set(file, { kind: 'read', source });
    }
    this.build(handoutStudentFiles);
  }

  /**
   * Overlay a submission's student files on the handout, type-check
   * everything in memory, transpile it to CommonJS and wire the components.
   * A student file that is missing or does not compile breaks only its own
   * component (wired to a stand-in that throws why); a problem in vmlab's own
   * files throws. With `failAll`, every assessed component whose file is
   * there is broken with that reason and no student code is compiled (the
   * build the grader falls back to when compiling the submission failed).
   */
  build(studentFiles: ReadonlyMap<string, StudentFileRead>, failAll?: string): BuiltJavaScript {
    const { manifest } = this.assignment;

    // Every build file, with the student's version of each student file it has; a missing one keeps its stub, so
    // other student files importing it still type-check (it is not emitted, and they are broken with it below).
    const sources = new Map(this.buildFiles);
    const broken = new Map<ComponentName, BrokenComponent>();
    for (const component of studentComponents(manifest)) {
      const file = COMPONENT_REGISTRY[component].studentFile;
      const found = studentFiles.get(file) ?? { kind: 'missing' };
      if (found.kind === 'missing') broken.set(component, { reason: 'missing', problems: [wholeFileProblem(file, `${file} is not in the submission`)] });
      else if (found.kind === 'refused') broken.set(component, { reason: 'does-not-compile', problems: [wholeFileProblem(file, `${file} ${found.why}`)] });
      else if (failAll !== undefined) broken.set(component, { reason: 'does-not-compile', problems: [wholeFileProblem(file, failAll)] });
      else sources.set(file, found.source);
    }
    if (failAll === undefined) this.typeCheck(sources, broken);

    const componentOfStudentFile = new Map(studentComponents(manifest).map((component) => [COMPONENT_REGISTRY[component].studentFile, component]));
    const brokenFiles = () => new Set([...broken.keys()].map((component) => COMPONENT_REGISTRY[component].studentFile));
    const javascript = new Map<string, string>();
    for (const [file, source] of sources) {
      if (brokenFiles().has(file)) continue;
      javascript.set(file, componentOfStudentFile.has(file) ? overStudentCode(() => transpileToCommonJs(file, source)) : this.vmlabJavaScript(file, source));
    }
    breakDependentsOfBroken(studentComponents(manifest), broken, javascript);
    for (const file of brokenFiles()) javascript.delete(file);

    const messages = new Map([...broken].map(([component, why]) => [component, standInMessage(component, why)] as const));
    javascript.set(GENERATED_COMPONENTS_FILE, this.vmlabJavaScript(GENERATED_COMPONENTS_FILE, componentsFile(manifest, messages)));
    return { javascript, broken };
  }

  /** Type-check the student files of `sources` that are not broken already, and break the components whose files have problems. */
  private typeCheck(sources: ReadonlyMap<string, string>, broken: Map<ComponentName, BrokenComponent>): void {
    const { manifest } = this.assignment;
    const checked = studentComponents(manifest).filter((component) => !broken.has(component));
    const { problems, conformanceProblems, vmlabProblems } = overStudentCode(() => this.diagnose(sources, checked));
    if (vmlabProblems.length > 0) {
      // The substrate type-checks in the repository, so this is a vmlab bug (or a student file that changes global types).
      throw new Error(`vmlab internal error: the handout of ${manifest.id} does not type-check:\n${vmlabProblems.join('\n')}`);
    }
    for (const component of checked) {
      // A conformance error is only news when the student's file itself compiles (else it follows from those errors).
      const found = problems.get(component)!.length > 0 ? problems.get(component)! : conformanceProblems.get(component) ?? [];
      if (found.length > 0) broken.set(component, { reason: 'does-not-compile', problems: found });
    }
  }

  /** The type-check's problems, sorted by whose they are: a checked component's file, its conformance check, or vmlab's own files. */
  private diagnose(sources: ReadonlyMap<string, string>, checked: readonly ComponentName[]) {
    const { repoRoot } = this;
    const checks = conformanceChecks(checked);
    const studentFilesToCheck = checked.map((component) => COMPONENT_REGISTRY[component].studentFile);
    const checkedSources = this.prepared === undefined ? sources : this.prepared.typeCheckView(sources, new Set(studentFilesToCheck));
    const files = new Map([...checkedSources, ...[...checks].map(([file, check]) => [file, check.source] as const)]);
    const typeCheck = this.leanThenFullTypeCheck(files, [...studentFilesToCheck, ...checks.keys()]);
    // The student's components: the assessed ones, and the earlier ones the student provides (manifest providedFrom).
    const ownComponents = studentComponents(this.assignment.manifest);
    const componentOfStudentFile = new Map(ownComponents.map((component) => [COMPONENT_REGISTRY[component].studentFile, component]));
    const problems = new Map<ComponentName, CompileProblem[]>(ownComponents.map((component) => [component, []]));
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
    return { problems, conformanceProblems, vmlabProblems };
  }

  /**
   * Type-check with the language's globals and a console first, then, if a
   * name is missing, again with Node's types: what the student's code may use
   * is the same either way (the full check decides), but most submissions
   * never pay for parsing Node's hundred declaration files.
   */
  private leanThenFullTypeCheck(files: ReadonlyMap<string, string>, checkedFiles: readonly string[]): InMemoryTypeCheck {
    const lean = this.leanTypeChecker.check(new Map([...files, [LEAN_GLOBALS_FILE, LEAN_GLOBALS]]), checkedFiles);
    if (!lean.diagnostics.some((diagnostic) => MISSING_NAME_CODES.has(diagnostic.code))) return lean;
    this.fullTypeChecker ??= new InMemoryTypeChecker(this.repoRoot, this.compilerOptions);
    return this.fullTypeChecker.check(files, checkedFiles);
  }

  /** One of vmlab's own files as JavaScript: transpiled once, again only if its source changes. */
  private vmlabJavaScript(file: string, source: string): string {
    const known = this.transpiled.get(file);
    if (known !== undefined && known.source === source) return known.code;
    const code = this.prepared?.javascript(source) ?? transpileToCommonJs(file, source);
    this.transpiled.set(file, { source, code });
    return code;
  }
}

/** Run TypeScript over a submission's own files: what it throws there is a CompilerCrash. */
function overStudentCode<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw new CompilerCrash(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
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
  const { studentFile, exportName } = COMPONENT_REGISTRY[component];
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
    const brokenFiles = new Set([...broken.keys()].map((component) => COMPONENT_REGISTRY[component].studentFile));
    const loadable = new Set([...javascript.keys()].filter((file) => !brokenFiles.has(file)));
    for (const component of assessed) {
      if (broken.has(component)) continue;
      const file = COMPONENT_REGISTRY[component].studentFile;
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
