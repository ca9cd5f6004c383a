import { readdirSync, readFileSync } from 'fs';
import * as path from 'path';
import { ComponentName } from '../../reference/components';
import { COMPONENT_FILES } from '../assignment/component-files';
import { LoadedAssignment } from '../assignment/loaded-assignment';
import { AssignmentManifest } from '../assignment/manifest-types';
import { REFERENCE_SOLUTIONS } from '../assignment/reference-solutions';
import { PUBLIC_ASSIGNMENT_FILE, PUBLIC_REPORT_ENTRY, PUBLIC_REPORT_FOLDER, PUBLIC_REPORT_LAUNCHER, PUBLIC_REPORT_SCRIPTS } from '../public-report/public-report-files';
import { COMPILE_WORKER_BOOTSTRAP_FILE } from '../compile/compile-worker';
import { TEMPLATES_FOLDER } from '../report/templates';
import { CHILD_SCRIPT_FILE } from '../sandbox/child-script';
import { handoutPackageName } from '../vmlab-root';
import { componentConstant, componentsFile, GENERATED_COMPONENTS_FILE, HandoutFiles, PROVIDED_COMPONENTS_FILE, publicGoldensFile } from './handout-wiring';
import { importClosure } from './import-closure';
import { publicManifest } from './public-manifest';

/** Which student files a package holds: the stubs students start from, or the instructor's key. */
export type HandoutVariant = 'stubs' | 'key';

const HARNESS_FILES = [
  'starter/harness/public-suite.test.ts',
  'starter/harness/run-public-test.ts',
  'starter/harness/load-goldens.ts',
  'starter/harness/absent-components.ts',
];

/**
 * Every file of a handout: the student files (stubs or key), the public-test
 * harness wired to this assignment, the grader code `npm run report` runs
 * (with the templates and the plain-JavaScript files it loads by path: the
 * sandbox child's and the compile worker's), the substrate those
 * need (the import closure of reference/ and grader/, nothing more), the
 * public goldens and manifest, the spec as README, and the project files
 * that make `npm install && npm test` work.
 */
export function handoutFiles(repoRoot: string, assignment: LoadedAssignment, variant: HandoutVariant): HandoutFiles {
  const { manifest } = assignment;
  const read = (file: string) => readFileSync(path.join(repoRoot, file), 'utf8');
  const generated = new Map<string, string>();
  for (const component of manifest.assesses) {
    const { studentFile } = COMPONENT_FILES[component];
    generated.set(studentFile, variant === 'stubs' ? read(studentFile) : keyFile(component));
  }
  if (manifest.provides.length > 0) generated.set(PROVIDED_COMPONENTS_FILE, providedComponentsFile(manifest));
  const goldensFile = publicGoldensFile(repoRoot, assignment.dir);
  generated.set(GENERATED_COMPONENTS_FILE, componentsFile(manifest, goldensFile));

  const source = (file: string) => generated.get(file) ?? read(file);
  const entries = [...generated.keys(), ...HARNESS_FILES, PUBLIC_REPORT_ENTRY];
  const closure = importClosure(repoRoot, entries, source);

  const files: HandoutFiles = new Map();
  for (const file of [...closure.files].sort()) files.set(file, source(file));
  for (const file of [...PUBLIC_REPORT_SCRIPTS, CHILD_SCRIPT_FILE, COMPILE_WORKER_BOOTSTRAP_FILE, ...templateFiles(repoRoot)]) files.set(file, read(file));
  files.set(goldensFile, read(goldensFile));
  files.set(PUBLIC_ASSIGNMENT_FILE, `${JSON.stringify(publicManifest(assignment), null, 2)}\n`);
  files.set('README.md', read(path.relative(repoRoot, path.join(assignment.dir, 'spec.md'))));
  const ownPackage = JSON.parse(read('package.json')) as PackageJson;
  files.set('package.json', handoutPackageJson(manifest.id, ownPackage, closure.packages));
  files.set('tsconfig.json', HANDOUT_TSCONFIG);
  files.set('jest.config.js', HANDOUT_JEST_CONFIG);
  files.set('.gitignore', `node_modules/\n${PUBLIC_REPORT_FOLDER}/\n`);
  return files;
}

/** The instructor's key: the reference solution under the student's export name (one implementation, no copy). */
function keyFile(component: ComponentName): string {
  const solution = REFERENCE_SOLUTIONS[component];
  return `// The instructor's key: the reference solution.\nexport { ${solution.exportName} as ${COMPONENT_FILES[component].exportName} } from '../../${solution.module}';\n`;
}

/** The reference code of the components the assignment provides, under the names the wiring imports. */
function providedComponentsFile(manifest: AssignmentManifest): string {
  const lines = [`// Written by vmlab handout: the reference code of the components the ${manifest.id} assignment provides.`];
  for (const component of manifest.provides) {
    const solution = REFERENCE_SOLUTIONS[component];
    lines.push(`export { ${solution.exportName} as ${componentConstant('PROVIDED', component)} } from '../../${solution.module}';`);
  }
  return `${lines.join('\n')}\n`;
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
  const tooling = ['@types/jest', '@types/node', 'jest', 'ts-jest', 'typescript'];
  return (
    JSON.stringify(
      {
        name: handoutPackageName(id),
        private: true,
        description: `vmlab assignment "${id}": see README.md`,
        engines: own.engines,
        scripts: { test: 'tsc --noEmit -p . && jest', report: `node ${PUBLIC_REPORT_LAUNCHER}` },
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

const HANDOUT_JEST_CONFIG = `/** npm test type-checks first (tsc --noEmit), so ts-jest only transpiles. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/starter'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
};
`;
