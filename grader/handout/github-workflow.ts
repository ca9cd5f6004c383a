import { stringify } from 'yaml';
import { HandoutFiles } from '../compile/handout-wiring';

/** Where `vmlab handout --github-workflow` puts the workflow: GitHub Actions runs every file of .github/workflows/. */
export const PUBLIC_TESTS_WORKFLOW = '.github/workflows/public-tests.yml';

/** The Node.js major version the workflow installs: the one vmlab runs on. */
const NODE_VERSION = '20';

/**
 * A GitHub Actions workflow that runs the handout's public tests on every
 * push (and by hand from the Actions tab), as `npm test` runs them on a
 * student's machine. `npm ci` when the repository holds a lockfile (one the
 * staff committed to the template), else `npm install`: the handout ships
 * none. Only what the package holds runs: the hidden suites are not in it.
 */
export function publicTestsWorkflow(assignmentId: string): string {
  const workflow = {
    name: `Public tests (${assignmentId})`,
    on: { push: null, workflow_dispatch: null },
    permissions: { contents: 'read' },
    jobs: {
      'public-tests': {
        'runs-on': 'ubuntu-latest',
        'timeout-minutes': 30,
        steps: [
          { uses: 'actions/checkout@v4' },
          { uses: 'actions/setup-node@v4', with: { 'node-version': NODE_VERSION } },
          { name: 'Install', run: 'if [ -f package-lock.json ]; then npm ci; else npm install; fi' },
          { name: 'Public tests', run: 'npm test' },
        ],
      },
    },
  };
  return `# Written by vmlab handout --github-workflow: the public tests on every push. The hidden suites stay with the staff.\n${stringify(workflow, { nullStr: '' })}`;
}

/** The handout's files with the workflow added. */
export function withPublicTestsWorkflow(files: HandoutFiles, assignmentId: string): HandoutFiles {
  return new Map([...files, [PUBLIC_TESTS_WORKFLOW, publicTestsWorkflow(assignmentId)]]);
}
