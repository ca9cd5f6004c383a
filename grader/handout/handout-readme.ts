import { AssignmentManifest } from '../../assignments/framework/manifest-types';
import { providedByStudent } from '../../assignments/framework/provided-components';
import { ShippedSolution } from './shipped-solutions';
import { COMPONENT_REGISTRY } from '../../reference/component-registry';

/** How a student runs one failing case alone: every handout's README ends with it. */
export const RUNNING_ONE_CASE = `## Running one case

When a public test fails, \`npm test\` prints the first difference and its drawing, then looks for a smaller case that
fails the same way (a few seconds at most per run, over all the failing tests): fewer events, operations or table
entries, shown with its own drawing. Either way it writes the case to \`.vmlab/cases/<test>.json\`. Run it alone, on
your current code, with

\`\`\`sh
npm run case -- .vmlab/cases/<test>.json
\`\`\`

which prints the same drawing, expected against what your code did, or says PASS once your code handles it (exit
status 0 on a pass, 1 on a failure). The case files under \`cases/\` in your feedback from the grader run the same
way. A scenario file (docs/scenario-format.md) runs too, but the handout has no expected observation of it to compare
with, so it is only run and described, not judged.
`;

/**
 * The handout's README: the assignment's spec, then, when the assignment
 * runs earlier components, where each comes from, then how to run one
 * failing case alone (RUNNING_ONE_CASE). A reference solution that
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
  const earlier = sections.length === 0 ? '' : `\n\n## Earlier components\n\n${sections.join('\n\n')}`;
  return `${spec.trimEnd()}${earlier}\n\n${RUNNING_ONE_CASE}`;
}
