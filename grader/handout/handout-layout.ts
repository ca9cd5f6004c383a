import { readdirSync, readFileSync } from 'fs';
import * as path from 'path';
import { LoadedAssignment } from '../../assignments/framework/loaded-assignment';
import { AssignmentManifest } from '../../assignments/framework/manifest-types';
import { providedByReference, studentComponents } from '../../assignments/framework/provided-components';
import { COMPONENT_REGISTRY } from '../../reference/component-registry';
import { PUBLIC_ASSIGNMENT_FILE, PUBLIC_REPORT_ENTRY, PUBLIC_REPORT_FOLDER, PUBLIC_REPORT_LAUNCHER, PUBLIC_REPORT_SCRIPTS } from '../public-report/public-report-files';
import { COMPILE_WORKER_BOOTSTRAP_FILE } from '../compile/compile-worker';
import { TEMPLATES_FOLDER } from '../../io/templates';
import { CHILD_SCRIPT_FILE } from '../sandbox/child-script';
import { handoutPackageName } from '../../io/vmlab-root';
import { componentsFile, GENERATED_COMPONENTS_FILE, HandoutFiles, importFromHarness, PROVIDED_COMPONENTS_EXPORT, PROVIDED_COMPONENTS_FILE, PUBLIC_SUITE_SETTINGS_FILE, publicGoldensFile, publicSuiteSettingsFile, STAND_INS_FILE } from '../compile/handout-wiring';
import { handoutReadme } from './handout-readme';
import { HANDOUT_CASES_FOLDER } from '../cases/handout-cases';
import { CACHE_FOLDER, PREPARED_FOLDER } from '../../starter/harness/prepared-sources';
import { importClosure } from './import-closure';
import { keyFile } from './key-file';
import { publicManifest } from './public-manifest';
import { ShippedSolution } from './shipped-solutions';

/** The student-facing docs the specs and test titles cite (the scenario format, the architectural rules), in the repository. */
export const DOCS_SOURCE_FOLDER = 'starter/docs';
/** Where every handout ships them: `docs/` beside the README, so a spec links them as `docs/<file>`. */
export const HANDOUT_DOCS_FOLDER = 'docs';
/** How a handout's jest compiles TypeScript: from the JavaScript it ships. */
const JEST_TRANSFORM = 'starter/harness/jest-transform.js';

/** What `npm test` runs in a handout. */
export const NPM_TEST_LAUNCHER = 'starter/harness/npm-test.js';
/** What `npm run step` runs in a handout: it loads STEP_PAGE_ENTRY. */
export const STEP_LAUNCHER = 'grader/public-report/run-step.js';
const STEP_PAGE_ENTRY = 'grader/public-report/step-page.ts';
/** What `npm run case -- <file>` runs in a handout, and the TypeScript it loads. */
export const NPM_CASE_LAUNCHER = 'grader/cases/npm-run-case.js';
const NPM_CASE_ENTRY = 'grader/cases/run-case.ts';

/** Which student files a package holds: the stubs students start from, or the instructor's key. */
export type HandoutVariant = 'stubs' | 'key';

/** The harness's TypeScript: the test file, and what the threads it starts load by path. */
const HARNESS_FILES = [
  'starter/harness/public-suite.test.ts',
  'starter/harness/isolated-worker-main.ts',
  'starter/harness/type-check-changed.ts',
  STEP_PAGE_ENTRY,
  STAND_INS_FILE,
  NPM_CASE_ENTRY,
];

/** The harness's plain JavaScript (what runs before TypeScript can load), and the declarations of the part TypeScript imports. */
const HARNESS_SCRIPTS = [
  NPM_TEST_LAUNCHER,
  STEP_LAUNCHER,
  NPM_CASE_LAUNCHER,
  'starter/harness/type-check-worker.js',
  'starter/harness/isolated-worker.js',
  'starter/harness/compiled-sources.js',
  'starter/harness/compiled-sources.d.ts',
  JEST_TRANSFORM,
];

/**
 * Every file of a handout: the student files (stubs or key), the public-test
 * harness wired to this assignment, the grader code `npm run report` runs
 * (with the templates and the plain-JavaScript files it loads by path: the
 * sandbox child's and the compile worker's), the substrate those
 * need (the import closure of reference/ and grader/, nothing more), the
 * public goldens and manifest, the README and the docs it cites, and the project files that make
 * `npm install && npm test` work. The key is the students' handout with the
 * key files in place of the stubs: it holds nothing the students' lacks, so
 * the key graded as a submission is graded as theirs is.
 */
export function handoutFiles(repoRoot: string, assignment: LoadedAssignment, variant: HandoutVariant, shipped: readonly ShippedSolution[] = []): HandoutFiles {
  const read = (file: string) => readFileSync(path.join(repoRoot, file), 'utf8');
  const ownFiles = studentComponents(assignment.manifest).map((component) => COMPONENT_REGISTRY[component].studentFile);
  const stubs = layout(repoRoot, assignment, new Map(ownFiles.map((file) => [file, read(file)])), shipped);
  if (variant === 'stubs') return stubs;

  const inStudentsHandout = (file: string) => stubs.has(file) && !ownFiles.includes(file);
  const keys = new Map(studentComponents(assignment.manifest).map((component) => [COMPONENT_REGISTRY[component].studentFile, keyFile(repoRoot, component, inStudentsHandout)]));
  const key = layout(repoRoot, assignment, keys, shipped);
  const beyond = [...key.keys()].filter((file) => !stubs.has(file));
  if (beyond.length > 0) throw new Error(`vmlab internal error: the key of ${assignment.manifest.id} needs files the students' handout lacks: ${beyond.join(', ')}`);
  return key;
}

/** A handout with the given student files (handout path → source). */
function layout(repoRoot: string, assignment: LoadedAssignment, studentSources: ReadonlyMap<string, string>, shipped: readonly ShippedSolution[]): HandoutFiles {
  const { manifest } = assignment;
  const read = (file: string) => readFileSync(path.join(repoRoot, file), 'utf8');
  const generated = new Map(studentSources);
  if (providedByReference(manifest).length > 0) generated.set(PROVIDED_COMPONENTS_FILE, providedComponentsFile(manifest));
  const goldensFile = publicGoldensFile(repoRoot, assignment.dir);
  generated.set(GENERATED_COMPONENTS_FILE, componentsFile(manifest));
  generated.set(PUBLIC_SUITE_SETTINGS_FILE, publicSuiteSettingsFile(manifest, goldensFile));

  const source = (file: string) => generated.get(file) ?? read(file);
  const entries = [...generated.keys(), ...HARNESS_FILES, PUBLIC_REPORT_ENTRY];
  const closure = importClosure(repoRoot, entries, source);

  const files: HandoutFiles = new Map();
  for (const file of [...closure.files].sort()) files.set(file, source(file));
  for (const file of [...HARNESS_SCRIPTS, ...PUBLIC_REPORT_SCRIPTS, CHILD_SCRIPT_FILE, COMPILE_WORKER_BOOTSTRAP_FILE, ...templateFiles(repoRoot)]) files.set(file, read(file));
  files.set(goldensFile, read(goldensFile));
  files.set(PUBLIC_ASSIGNMENT_FILE, `${JSON.stringify(publicManifest(assignment), null, 2)}\n`);
  for (const [file, content] of handoutDocs(repoRoot)) files.set(file, content);
  files.set('README.md', handoutReadme(read(path.relative(repoRoot, path.join(assignment.dir, 'spec.md'))), manifest, shipped));
  const ownPackage = JSON.parse(read('package.json')) as PackageJson;
  files.set('package.json', handoutPackageJson(manifest.id, ownPackage, closure.packages));
  files.set('tsconfig.json', HANDOUT_TSCONFIG);
  files.set('jest.config.js', HANDOUT_JEST_CONFIG);
  files.set('.gitignore', `node_modules/\n${PUBLIC_REPORT_FOLDER}/\n${PREPARED_FOLDER}/${CACHE_FOLDER}/\n${HANDOUT_CASES_FOLDER}/\n`);
  return files;
}

/** The reference code of the components the assignment provides from the reference, under one export the wiring reads. */
function providedComponentsFile(manifest: AssignmentManifest): string {
  const imports: string[] = [];
  const entries: string[] = [];
  for (const component of providedByReference(manifest)) {
    const { module, exportName } = COMPONENT_REGISTRY[component].solution;
    imports.push(`import { ${exportName} } from '${importFromHarness(`${module}.ts`)}';`);
    entries.push(`  ${component}: ${exportName},`);
  }
  return `// Written by vmlab handout: the reference code of the components the ${manifest.id} assignment provides.
${imports.join('\n')}

export const ${PROVIDED_COMPONENTS_EXPORT} = {
${entries.join('\n')}
};
`;
}

/** The student-facing docs, by their path in the handout (docs/<name>.md), read from starter/docs. */
export function handoutDocs(repoRoot: string): Map<string, string> {
  const folder = path.join(repoRoot, DOCS_SOURCE_FOLDER);
  const names = readdirSync(folder)
    .filter((name) => name.endsWith('.md'))
    .sort();
  return new Map(names.map((name) => [`${HANDOUT_DOCS_FOLDER}/${name}`, readFileSync(path.join(folder, name), 'utf8')]));
}

/** The page templates and their partials, which the report reads by path. */
function templateFiles(repoRoot: string): string[] {
  return readdirSync(path.join(repoRoot, TEMPLATES_FOLDER), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.hbs'))
    .map((name) => [TEMPLATES_FOLDER, ...name.split(path.sep)].join('/'))
    .sort();
}

interface PackageJson {
  engines?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

/**
 * Test tooling at the versions vmlab itself is tested with (typescript also
 * loads and compiles for `npm run report`), the runtime packages the
 * substrate and the report's grader code import, and vmlab's Node versions.
 */
function handoutPackageJson(id: string, own: PackageJson, imported: ReadonlySet<string>): string {
  const pick = (from: Record<string, string> | undefined, names: readonly string[]) =>
    Object.fromEntries(names.filter((name) => from?.[name] !== undefined).map((name) => [name, from![name]]));
  const runtime = [...imported].filter((name) => own.dependencies?.[name] !== undefined).sort();
  const tooling = ['@types/jest', '@types/node', 'jest', 'typescript'];
  return (
    JSON.stringify(
      {
        name: handoutPackageName(id),
        private: true,
        description: `vmlab assignment "${id}": see README.md`,
        engines: own.engines,
        scripts: { test: `node ${NPM_TEST_LAUNCHER}`, report: `node ${PUBLIC_REPORT_LAUNCHER}`, step: `node ${STEP_LAUNCHER}`, case: `node ${NPM_CASE_LAUNCHER}` },
        dependencies: pick(own.dependencies, runtime),
        devDependencies: pick(own.devDependencies, tooling),
      },
      null,
      2,
    ) + '\n'
  );
}

const HANDOUT_TSCONFIG = `${JSON.stringify(
  {
    compilerOptions: {
      target: 'ES2022',
      module: 'commonjs',
      lib: ['ES2022'],
      types: ['node', 'jest'],
      strict: true,
      noImplicitOverride: true,
      noFallthroughCasesInSwitch: true,
      esModuleInterop: true,
      resolveJsonModule: true,
      isolatedModules: true,
      skipLibCheck: true,
      noEmit: true,
    },
    include: ['reference', 'starter'],
  },
  null,
  2,
)}\n`;

const HANDOUT_JEST_CONFIG = `/** npm test type-checks beside jest (starter/harness/npm-test.js): jest only needs the JavaScript, which the handout ships. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/starter'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\\\.ts$': '<rootDir>/${JEST_TRANSFORM}' },
};
`;
