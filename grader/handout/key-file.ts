import { ComponentName } from '../../reference/components';
import { COMPONENT_REGISTRY } from '../../reference/component-registry';
import { inlineModules } from './inline-modules';

/**
 * The instructor's key for one component, in student form: the file a
 * student could hand in, graded like any submission over the students'
 * handout. It is the reference solution's own code under the student's
 * export name, importing only files the students' handout has
 * (`inHandout`); the solution's modules the handout lacks (its helpers,
 * which would give it away) are inlined.
 */
export function keyFile(repoRoot: string, component: ComponentName, inHandout: (file: string) => boolean): string {
  const solution = COMPONENT_REGISTRY[component].solution;
  const { studentFile, exportName } = COMPONENT_REGISTRY[component];
  const entry = `${solution.module}.ts`;
  const { source, modules } = inlineModules({ root: repoRoot, entry, target: studentFile, importable: inHandout, exports: new Map([[solution.exportName, exportName]]) });
  const helpers = modules.filter((module) => module !== entry);
  const inlined = helpers.length === 0 ? '' : `, with ${helpers.join(', ')} inlined`;
  return `/**
 * The instructor's key for ${component}: the reference solution (${entry}${inlined}) in student form,
 * what a student could submit as ${studentFile}. Written by vmlab handout; not for students.
 */
${source}`;
}
