import * as path from 'path';
import { COMPONENT_NAMES, ComponentName } from '../../reference/components';
import { COMPONENT_FILES } from '../../assignments/framework/component-files';
import { AssignmentManifest } from '../../assignments/framework/manifest-types';
import { providedByReference, studentComponents } from '../../assignments/framework/provided-components';

/** A handout as files: repository-relative path → content. It mirrors the repository's layout, so no import is rewritten. */
export type HandoutFiles = Map<string, string>;

/** The generated module exporting `COMPONENTS`, wired to one assignment. */
export const GENERATED_COMPONENTS_FILE = 'starter/harness/assignment-components.ts';
/** The generated module re-exporting the reference code of the components an assignment provides (absent when it provides none). */
export const PROVIDED_COMPONENTS_FILE = 'starter/harness/provided-components.ts';

/** A module (relative to starter/harness/) and export to wire in place of a component. */
export interface ComponentStandIn {
  readonly module: string;
  readonly exportName: string;
}

/**
 * `('ABSENT', 'hiddenFaultHandler')` → `ABSENT_HIDDEN_FAULT_HANDLER`: how the
 * harness modules name what stands for a component (absent-components.ts, the
 * grader's broken stand-ins, and PROVIDED_COMPONENTS_FILE, whose names let the
 * wiring import provided code without naming its reference solution).
 */
export function componentConstant(prefix: 'ABSENT' | 'BROKEN' | 'PROVIDED', component: ComponentName): string {
  return `${prefix}_${component.replace(/[A-Z]/g, (letter) => `_${letter}`).toUpperCase()}`;
}

/** Repository-relative path of the assignment's public goldens. */
export function publicGoldensFile(repoRoot: string, assignmentDir: string): string {
  return path.relative(repoRoot, path.join(assignmentDir, 'public', 'goldens.json')).split(path.sep).join('/');
}

/**
 * Wires each component: the student's file (assessed, or provided by the
 * student), the provided reference code (through PROVIDED_COMPONENTS_FILE),
 * or an absent stand-in; `standIns`
 * replaces some components by other modules (the grader wires a submission's
 * broken components to stand-ins that say why).
 */
export function componentsFile(manifest: AssignmentManifest, goldensFile: string, standIns: ReadonlyMap<ComponentName, ComponentStandIn> = new Map()): string {
  const ownComponents = studentComponents(manifest);
  const fromReference = providedByReference(manifest);
  const imports = [`import { Components } from '../../reference/components';`];
  const wiring: string[] = [];
  const provided: string[] = [];
  const absent: string[] = [];
  for (const component of COMPONENT_NAMES) {
    const standIn = standIns.get(component);
    if (standIn !== undefined) {
      imports.push(`import { ${standIn.exportName} } from '${standIn.module}';`);
      wiring.push(`  ${component}: ${standIn.exportName},`);
    } else if (ownComponents.includes(component)) {
      const files = COMPONENT_FILES[component];
      imports.push(`import { ${files.exportName} } from '../${files.studentFile.replace(/^starter\//, '').replace(/\.ts$/, '')}';`);
      wiring.push(`  ${component}: ${files.exportName},`);
    } else if (fromReference.includes(component)) {
      provided.push(componentConstant('PROVIDED', component));
      wiring.push(`  ${component}: ${componentConstant('PROVIDED', component)},`);
    } else {
      absent.push(componentConstant('ABSENT', component));
      wiring.push(`  ${component}: ${componentConstant('ABSENT', component)},`);
    }
  }
  if (provided.length > 0) imports.push(`import { ${provided.join(', ')} } from './${path.posix.basename(PROVIDED_COMPONENTS_FILE, '.ts')}';`);
  if (absent.length > 0) imports.push(`import { ${absent.join(', ')} } from './absent-components';`);
  return `${imports.join('\n')}

/**
 * Written by vmlab handout for the ${manifest.id} assignment: the components the
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
