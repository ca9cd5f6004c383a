import { ComponentName } from '../../reference/components';
import { COMPONENT_REGISTRY } from '../../reference/component-registry';
import { PUBLIC_SUITE } from '../../assignments/framework/loaded-assignment';
import { assignmentValidators } from '../../assignments/framework/validators';
import { PUBLIC_ASSIGNMENT_FILE } from '../public-report/public-report-files';
import { HandoutFiles } from '../compile/handout-wiring';
import { compiledPath, declarationPath } from '../../starter/harness/prepared-sources';

/** The component registry, which every package ships (the stand-ins are built from it): it names each reference solution's module and export, by design. */
export const COMPONENT_REGISTRY_FILE = 'reference/component-registry.ts';

/**
 * The folders of assignments/ that hold code every assignment shares (the
 * loader `npm run report` runs, the generator machinery, the finder of an
 * assignment's plug-ins such as its misconception catalogue), not an
 * assignment's content: a handout may ship them.
 */
const SHARED_ASSIGNMENT_CODE = ['assignments/framework/', 'assignments/generators/', 'assignments/assignment-plugins.ts'];

/**
 * What a student package must never contain: any file of the reference
 * solution of a component students write in it, assessed or provided by the
 * student (or any text but the registry's naming that solution's export, in
 * case one was copied into another file), anything from an assignment's
 * folder but the public goldens (the hidden suites above all; nor the
 * misconception catalogue, whose recognisers restate the rules), and a public
 * manifest for `npm run report` that names another suite. Returns the
 * problems found; none for a good package.
 */
export function studentPackageProblems(files: HandoutFiles, ownComponents: readonly ComponentName[], goldensFile: string): string[] {
  const problems: string[] = [];
  // The registry's JavaScript and declarations, which the handout prepares for npm test, name what it names.
  const registry = files.get(COMPONENT_REGISTRY_FILE);
  const registryFiles = new Set([COMPONENT_REGISTRY_FILE, declarationPath(COMPONENT_REGISTRY_FILE), ...(registry === undefined ? [] : [compiledPath(registry)])]);
  for (const component of ownComponents) {
    const solution = COMPONENT_REGISTRY[component].solution;
    for (const file of solution.files) {
      if (files.has(file)) problems.push(`${file}: part of the reference solution of ${component}, which students write in this assignment`);
    }
    for (const [file, content] of files) {
      if (registryFiles.has(file)) continue;
      if (new RegExp(`\\b${solution.exportName}\\b`).test(content)) problems.push(`${file}: names ${solution.exportName}, the reference solution of ${component}`);
    }
  }
  for (const file of files.keys()) {
    const assignmentContent = file.startsWith('assignments/') && !SHARED_ASSIGNMENT_CODE.some((folder) => file.startsWith(folder));
    if (assignmentContent && file !== goldensFile) problems.push(`${file}: only the public goldens of the assignment may ship`);
    if (/(^|\/)hidden\//.test(file)) problems.push(`${file}: a hidden suite`);
  }
  const publicAssignment = files.get(PUBLIC_ASSIGNMENT_FILE);
  if (publicAssignment !== undefined) problems.push(...publicAssignmentProblems(publicAssignment));
  return problems;
}

function publicAssignmentProblems(text: string): string[] {
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch {
    manifest = undefined;
  }
  const validate = assignmentValidators().manifest;
  if (!validate(manifest)) return [`${PUBLIC_ASSIGNMENT_FILE}: not an assignment manifest`];
  return manifest.suites.filter((suite) => suite.name !== PUBLIC_SUITE).map((suite) => `${PUBLIC_ASSIGNMENT_FILE}: names the ${suite.name} suite; only the public one may ship`);
}
