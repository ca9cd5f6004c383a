import { AssignmentManifest } from '../../assignments/framework/manifest-types';
import { providedByStudent } from '../../assignments/framework/provided-components';
import { ShippedSolution } from './shipped-solutions';
import { COMPONENT_REGISTRY } from '../../reference/component-registry';

/**
 * The handout's README: the assignment's spec, then, when the assignment
 * runs earlier components, where each comes from. A reference solution that
 * another assignment assesses is named as such (the instructor asked for it
 * with --ship-solution); a component the student provides says which file to
 * copy in, and what happens when it is missing or broken.
 */
export function handoutReadme(spec: string, manifest: AssignmentManifest, shipped: readonly ShippedSolution[]): string {
  const sections: string[] = [];
  for (const { component, assessedBy } of shipped) {
    const solution = COMPONENT_REGISTRY[component].solution;
    const others = assessedBy.map((id) => `the ${id} assignment`).join(' and ');
    sections.push(
      `This handout includes the reference solution of ${component} (\`${solution.module}.ts\`), which ${others} assesses: ` +
        `the ${manifest.id} assignment runs ${component} in its tests, and your instructor chose to give you the reference one ` +
        `(\`vmlab handout --ship-solution ${component}\`). Your grade here does not depend on your own ${component}.`,
    );
  }
  for (const component of providedByStudent(manifest)) {
    const { studentFile } = COMPONENT_REGISTRY[component];
    sections.push(
      `This assignment runs your own ${component} from the earlier assignment that assessed it. Copy your \`${studentFile}\` ` +
        `from that assignment into this handout, at \`${studentFile}\` (it holds a stub until you do), and hand it in together ` +
        `with this assignment's files: the public tests, \`npm run report\` and the grader all use it. If it is missing or does ` +
        `not compile, the tests that need it fail and say so.`,
    );
  }
  if (sections.length === 0) return spec;
  return `${spec.trimEnd()}\n\n## Earlier components\n\n${sections.join('\n\n')}\n`;
}
