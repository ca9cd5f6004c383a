import { parse } from 'yaml';
import { studentPackageProblems } from './check-contents';
import { PUBLIC_TESTS_WORKFLOW, publicTestsWorkflow, withPublicTestsWorkflow } from './github-workflow';

const GOLDENS = 'assignments/walk/public/goldens.json';

interface Step {
  readonly uses?: string;
  readonly with?: Record<string, unknown>;
  readonly run?: string;
}

test('the workflow is YAML GitHub Actions reads: on every push, Node 20, the install, then npm test', () => {
  const text = publicTestsWorkflow('walk');
  const workflow = parse(text) as { name: string; on: Record<string, unknown>; jobs: Record<string, { 'runs-on': string; steps: Step[] }> };
  expect(workflow.name).toBe('Public tests (walk)');
  expect(Object.keys(workflow.on)).toEqual(['push', 'workflow_dispatch']);
  const jobs = Object.values(workflow.jobs);
  expect(jobs).toHaveLength(1);
  const [{ 'runs-on': runner, steps }] = jobs;
  expect(runner).toBe('ubuntu-latest');
  expect(steps[0].uses).toMatch(/^actions\/checkout@v\d+$/);
  expect(steps[1].uses).toMatch(/^actions\/setup-node@v\d+$/);
  expect(steps[1].with).toEqual({ 'node-version': '20' });
  // npm ci needs a lockfile, which the handout does not ship; the template's staff may commit one.
  expect(steps[2].run).toBe('if [ -f package-lock.json ]; then npm ci; else npm install; fi');
  expect(steps[3].run).toBe('npm test');
  expect(steps).toHaveLength(4);
});

test('it is added at .github/workflows/public-tests.yml, and the contents check lets it ship but still catches a hidden suite under .github/', () => {
  const files = withPublicTestsWorkflow(new Map([['starter/src/walker.ts', "throw new Error('not implemented: walker');"], [GOLDENS, '{}']]), 'walk');
  expect(files.get(PUBLIC_TESTS_WORKFLOW)).toBe(publicTestsWorkflow('walk'));
  expect(studentPackageProblems(files, ['walker'], GOLDENS)).toEqual([]);
  files.set('.github/hidden/permissions.json', '{}');
  expect(studentPackageProblems(files, ['walker'], GOLDENS)).toEqual(['.github/hidden/permissions.json: a hidden suite']);
});
