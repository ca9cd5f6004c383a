import { readFileSync } from 'fs';
import * as path from 'path';
import { COMPONENT_NAMES, ComponentName } from '../../reference/components';
import { COMPONENT_FILES } from '../assignment/component-files';
import { LoadedAssignment } from '../assignment/load-assignment';
import { importClosure } from './import-closure';

/** Which student files a package holds: the stubs students start from, or the instructor's key. */
export type HandoutVariant = 'stubs' | 'key';

/** A handout as files: repository-relative path → content. It mirrors the repository's layout, so no import is rewritten. */
export type HandoutFiles = Map<string, string>;

const HARNESS_FILES = [
  'starter/harness/public-suite.test.ts',
  'starter/harness/run-public-test.ts',
  'starter/harness/load-goldens.ts',
  'starter/harness/absent-components.ts',
];
/** The generated module exporting `COMPONENTS`, wired to one assignment. */
export const GENERATED_COMPONENTS_FILE = 'starter/harness/assignment-components.ts';

/** A module (relative to starter/harness/) and export to wire in place of a component. */
export interface ComponentStandIn {
  readonly module: string;
  readonly exportName: string;
}

const ABSENT_EXPORTS: Record<ComponentName, string> = {
  walker: 'ABSENT_WALKER',
  shadowSync: 'ABSENT_SHADOW_SYNC',
  hiddenFaultHandler: 'ABSENT_HIDDEN_FAULT_HANDLER',
  nestedWalker: 'ABSENT_NESTED_WALKER',
};

/**
 * Every file of a handout: the student files (stubs or key), the public-test
 * harness wired to this assignment, the substrate those need (the import
 * closure of reference/, nothing more), the public goldens, the spec as
 * README, and the project files that make `npm install && npm test` work.
 */
export function handoutFiles(repoRoot: string, assignment: LoadedAssignment, variant: HandoutVariant): HandoutFiles {
  const { manifest } = assignment;
  const read = (file: string) => readFileSync(path.join(repoRoot, file), 'utf8');
  const generated = new Map<string, string>();
  for (const component of manifest.assesses) {
    const files = COMPONENT_FILES[component];
    generated.set(files.studentFile, variant === 'stubs' ? read(files.studentFile) : keyFile(component));
  }
  const goldensFile = publicGoldensFile(repoRoot, assignment);
  generated.set(GENERATED_COMPONENTS_FILE, componentsFile(assignment, goldensFile));

  const source = (file: string) => generated.get(file) ?? read(file);
  const entries = [...generated.keys(), ...HARNESS_FILES];
  const closure = importClosure(repoRoot, entries, source);

  const files: HandoutFiles = new Map();
  for (const file of [...closure.files].sort()) files.set(file, source(file));
  files.set(goldensFile, read(goldensFile));
  files.set('README.md', read(path.relative(repoRoot, path.join(assignment.dir, 'spec.md'))));
  const ownPackage = JSON.parse(read('package.json')) as PackageJson;
  files.set('package.json', handoutPackageJson(manifest.id, ownPackage, closure.packages));
  files.set('tsconfig.json', HANDOUT_TSCONFIG);
  files.set('jest.config.js', HANDOUT_JEST_CONFIG);
  files.set('.gitignore', 'node_modules/\n');
  return files;
}

/** The instructor's key: the reference solution under the student's export name (one implementation, no copy). */
function keyFile(component: ComponentName): string {
  const files = COMPONENT_FILES[component];
  return `// The instructor's key: the reference solution.\nexport { ${files.referenceExport} as ${files.exportName} } from '../../${files.referenceModule}';\n`;
}

/** Repository-relative path of the assignment's public goldens. */
export function publicGoldensFile(repoRoot: string, assignment: LoadedAssignment): string {
  return path.relative(repoRoot, path.join(assignment.dir, 'public', 'goldens.json')).split(path.sep).join('/');
}

/**
 * Wires each component: the student's file, the provided reference, or an
 * absent stand-in; `standIns` replaces some components by other modules (the
 * grader wires a submission's broken components to stand-ins that say why).
 */
export function componentsFile(assignment: LoadedAssignment, goldensFile: string, standIns: ReadonlyMap<ComponentName, ComponentStandIn> = new Map()): string {
  const { assesses, provides } = assignment.manifest;
  const imports = [`import { Components } from '../../reference/components';`];
  const wiring: string[] = [];
  const absent: string[] = [];
  for (const component of COMPONENT_NAMES) {
    const files = COMPONENT_FILES[component];
    const standIn = standIns.get(component);
    if (standIn !== undefined) {
      imports.push(`import { ${standIn.exportName} } from '${standIn.module}';`);
      wiring.push(`  ${component}: ${standIn.exportName},`);
    } else if (assesses.includes(component)) {
      imports.push(`import { ${files.exportName} } from '../${files.studentFile.replace(/^starter\//, '').replace(/\.ts$/, '')}';`);
      wiring.push(`  ${component}: ${files.exportName},`);
    } else if (provides.includes(component)) {
      imports.push(`import { ${files.referenceExport} } from '../../${files.referenceModule}';`);
      wiring.push(`  ${component}: ${files.referenceExport},`);
    } else {
      absent.push(ABSENT_EXPORTS[component]);
      wiring.push(`  ${component}: ${ABSENT_EXPORTS[component]},`);
    }
  }
  if (absent.length > 0) imports.push(`import { ${absent.join(', ')} } from './absent-components';`);
  return `${imports.join('\n')}

/**
 * Written by vmlab handout for the ${assignment.manifest.id} assignment: the components the
 * public tests run (yours, and the reference code this assignment provides)
 * and the goldens they compare with.
 */
export const COMPONENTS: Components = {
${wiring.join('\n')}
};

/** Relative to the handout root. */
export const GOLDENS_FILE = ${JSON.stringify(goldensFile)};
`;
}

interface PackageJson {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

/** Test tooling at the versions vmlab itself is tested with, and the runtime packages the substrate imports. */
function handoutPackageJson(id: string, own: PackageJson, imported: ReadonlySet<string>): string {
  const pick = (from: Record<string, string> | undefined, names: readonly string[]) =>
    Object.fromEntries(names.filter((name) => from?.[name] !== undefined).map((name) => [name, from![name]]));
  const runtime = [...imported].filter((name) => own.dependencies?.[name] !== undefined).sort();
  const tooling = ['@types/jest', '@types/node', 'jest', 'ts-jest', 'typescript'];
  return (
    JSON.stringify(
      {
        name: `vmlab-${id}`,
        private: true,
        description: `vmlab assignment "${id}": see README.md`,
        scripts: { test: 'tsc --noEmit -p . && jest' },
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
