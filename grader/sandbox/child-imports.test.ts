import { readFileSync } from 'fs';
import * as path from 'path';
import { importClosure } from '../handout/import-closure';
import { vmlabRoot } from '../../io/vmlab-root';

/** What sandbox-child.js loads of the simulator, besides the submission's components. */
const CHILD_MODULES = ['observe/observe-probe.ts', 'reference/scenario/resolve.ts'];

test("the child loads no package: ajv and the schemas' compilation stay in the grader", () => {
  const root = vmlabRoot();
  const child = readFileSync(path.join(root, 'grader', 'sandbox', 'sandbox-child.js'), 'utf8');
  for (const module of CHILD_MODULES) expect(child).toContain(`'${path.posix.basename(module, '.ts')}.js'`);
  expect([...importClosure(root, CHILD_MODULES).packages]).toEqual([]);
});
