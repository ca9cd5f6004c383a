import * as path from 'path';
import { ComponentName } from '../../reference/components';
import { COMPONENT_NAMES, COMPONENT_REGISTRY } from '../../reference/component-registry';
import { AssignmentManifest } from '../../assignments/framework/manifest-types';
import { providedByReference, studentComponents } from '../../assignments/framework/provided-components';

/** A handout as files: repository-relative path → content. It mirrors the repository's layout, so no import is rewritten. */
export type HandoutFiles = Map<string, string>;

/** The generated module exporting `COMPONENTS`, wired to one assignment. */
export const GENERATED_COMPONENTS_FILE = 'starter/harness/assignment-components.ts';
/** The generated module of the public-test harness's settings: the goldens and the limits a test runs under. */
export const PUBLIC_SUITE_SETTINGS_FILE = 'starter/harness/public-suite-settings.ts';
/** The generated module re-exporting the reference code of the components an assignment provides (absent when it provides none). */
export const PROVIDED_COMPONENTS_FILE = 'starter/harness/provided-components.ts';

/** The harness module that builds stand-ins for absent and broken components from the registry. */
export const STAND_INS_FILE = 'starter/harness/stand-ins.ts';
/** What PROVIDED_COMPONENTS_FILE exports: the provided components by name. */
export const PROVIDED_COMPONENTS_EXPORT = 'PROVIDED_COMPONENTS';

/** How a module in starter/harness/ (the wiring, the conformance checks) imports a repository file: `starter/src/walker.ts` → `../src/walker`. */
export function importFromHarness(file: string): string {
  const relative = path.posix.relative(path.posix.dirname(GENERATED_COMPONENTS_FILE), file.replace(/\.ts$/, ''));
  return relative.startsWith('.') ? relative : `./${relative}`;
}

/** Repository-relative path of the assignment's public goldens. */
export function publicGoldensFile(repoRoot: string, assignmentDir: string): string {
  return path.relative(repoRoot, path.join(assignmentDir, 'public', 'goldens.json')).split(path.sep).join('/');
}

/**
 * Wires each component: the student's file (assessed, or provided by the
 * student), the provided reference code (through PROVIDED_COMPONENTS_FILE),
 * or an absent stand-in; `broken` replaces some components by stand-ins that
 * throw the given message (the grader wires a submission's missing or
 * uncompilable components so, saying why).
 */
export function componentsFile(manifest: AssignmentManifest, broken: ReadonlyMap<ComponentName, string> = new Map()): string {
  const ownComponents = studentComponents(manifest);
  const fromReference = providedByReference(manifest);
  const imports = [`import { Components } from '${importFromHarness('reference/components.ts')}';`];
  const standIns = new Set<'standIn' | 'absentComponent'>();
  const wiring: string[] = [];
  for (const component of COMPONENT_NAMES) {
    const message = broken.get(component);
    if (message !== undefined) {
      standIns.add('standIn');
      wiring.push(`  ${component}: standIn(${JSON.stringify(component)}, ${JSON.stringify(message)}),`);
    } else if (ownComponents.includes(component)) {
      const { studentFile, exportName } = COMPONENT_REGISTRY[component];
      imports.push(`import { ${exportName} } from '${importFromHarness(studentFile)}';`);
      wiring.push(`  ${component}: ${exportName},`);
    } else if (fromReference.includes(component)) {
      wiring.push(`  ${component}: ${PROVIDED_COMPONENTS_EXPORT}.${component},`);
    } else {
      standIns.add('absentComponent');
      wiring.push(`  ${component}: absentComponent(${JSON.stringify(component)}),`);
    }
  }
  if (fromReference.length > 0) imports.push(`import { ${PROVIDED_COMPONENTS_EXPORT} } from '${importFromHarness(PROVIDED_COMPONENTS_FILE)}';`);
  if (standIns.size > 0) imports.push(`import { ${[...standIns].sort().join(', ')} } from '${importFromHarness(STAND_INS_FILE)}';`);
  return `${imports.join('\n')}

/**
 * Written by vmlab handout for the ${manifest.id} assignment: the components the
 * public tests run (yours, and the reference code this assignment provides).
 */
export const COMPONENTS: Components = {
${wiring.join('\n')}
};
`;
}

/**
 * The harness's settings for one assignment: its public goldens, and the
 * manifest's limits, which the public tests run each test under as the
 * grader does (a test's time, the memory of the code under test).
 */
export function publicSuiteSettingsFile(manifest: AssignmentManifest, goldensFile: string): string {
  return `/** Written by vmlab handout for the ${manifest.id} assignment: what the public tests read and the limits they run under. */

/** Relative to the handout root. */
export const GOLDENS_FILE = ${JSON.stringify(goldensFile)};
/** How long one test's cases may run. */
export const TEST_SECONDS = ${manifest.limits.testSeconds};
/** The JavaScript heap of the thread running your code. */
export const MEMORY_MIB = ${manifest.limits.memoryMiB};
`;
}
