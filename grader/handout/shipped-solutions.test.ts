import { existsSync, mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { loadAssignment } from '../../assignments/framework/load-assignment';
import { runCli } from '../../cli/test-support/run-cli';
import { vmlabRoot } from '../../io/vmlab-root';
import { handoutReadme, RUNNING_ONE_CASE } from './handout-readme';
import { allowedShippedSolutions, solutionsAssessedElsewhere } from './shipped-solutions';

const ROOT = vmlabRoot();
const ASSIGNMENTS = path.join(ROOT, 'assignments');
const [walk, shadow, nested] = ['walk', 'shadow', 'nested'].map((id) => loadAssignment(path.join(ASSIGNMENTS, id)));

test.each([
  // The machine walk and shadow run needs a TLB, whose reference solution the tlb assignment assesses.
  ['walk', walk, [{ component: 'tlb', assessedBy: ['tlb'] }]],
  ['shadow', shadow, [{ component: 'walker', assessedBy: ['walk'] }, { component: 'tlb', assessedBy: ['tlb'] }]],
  ['nested', nested, [{ component: 'walker', assessedBy: ['walk'] }]],
])('the reference solutions the %s handout would ship that another assignment assesses', (_id, assignment, expected) => {
  expect(solutionsAssessedElsewhere(assignment, ASSIGNMENTS)).toEqual(expected);
});

test('shipping another assignment\'s answer is refused unless named, with the ways out', () => {
  expect(() => allowedShippedSolutions(nested, ASSIGNMENTS, [])).toThrow(
    /the nested handout would ship the reference solution of walker, which the walk assignment assesses: .*Add --ship-solution walker.*"providedFrom": \{ "walker": "student" \}/,
  );
  expect(allowedShippedSolutions(nested, ASSIGNMENTS, ['walker'])).toEqual([{ component: 'walker', assessedBy: ['walk'] }]);
  expect(() => allowedShippedSolutions(nested, ASSIGNMENTS, ['walker', 'shadowSync'])).toThrow(/--ship-solution shadowSync: the nested handout ships no reference solution of "shadowSync" .*\(it ships: walker\)/);
  expect(() => allowedShippedSolutions(walk, ASSIGNMENTS, ['walker'])).toThrow(/ships no reference solution of "walker" .*\(it ships: tlb\)/);
  expect(() => allowedShippedSolutions(walk, ASSIGNMENTS, [])).toThrow(/the walk handout would ship the reference solution of tlb, which the tlb assignment assesses/);
  expect(allowedShippedSolutions(walk, ASSIGNMENTS, ['tlb'])).toEqual([{ component: 'tlb', assessedBy: ['tlb'] }]);
});

test('vmlab handout refuses before building anything, exit 2; a comma list names several', async () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'vmlab-ship-'));
  try {
    const out = path.join(scratch, 'nested');
    const refused = await runCli('handout', '--assignment', path.join(ASSIGNMENTS, 'nested'), '--out', out);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^vmlab: the nested handout would ship the reference solution of walker, which the walk assignment assesses/);
    const typo = await runCli('handout', '--assignment', path.join(ASSIGNMENTS, 'nested'), '--out', out, '--ship-solution', 'walker,walkr');
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/--ship-solution walkr: /);
    expect(existsSync(out)).toBe(false);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});

test('the README says which solution ships and why, and which file a student brings', () => {
  expect(handoutReadme('# Spec\n', walk.manifest, [])).toBe(`# Spec\n\n${RUNNING_ONE_CASE}`);
  const shipped = handoutReadme('# Spec\n', nested.manifest, [{ component: 'walker', assessedBy: ['walk'] }]);
  expect(shipped).toMatch(/^# Spec\n\n## Earlier components\n\nThis handout includes the reference solution of walker \(`reference\/paging\/reference-walker\.ts`\), which the walk assignment assesses/);
  expect(shipped).toContain('--ship-solution walker');
  expect(shipped.endsWith(RUNNING_ONE_CASE)).toBe(true);
  expect(RUNNING_ONE_CASE).toContain('npm run case -- .vmlab/cases/<test>.json');
  const own = handoutReadme('# Spec\n', { ...nested.manifest, providedFrom: { walker: 'student' } }, []);
  expect(own).toContain('Copy your `starter/src/walker.ts`');
  expect(own).not.toContain('reference solution');
});
