import { expandSuite } from '../framework/expand-tests';
import { loadAssignment } from '../framework/load-assignment';
import { Difference } from '../../observe/difference';
import { judgeCase } from '../../observe/judge';
import { observe } from '../../observe/observe';
import { NestedWalker } from '../../reference/nested/nested-walker';
import { REFERENCE_COMPONENTS } from '../../reference/reference-components';
import { NESTED_WALKER_BUGS, sketchNestedWalker } from './test-support/sketch-nested-walker';

/**
 * The sketch walker, written from the spec alone, agrees with the reference
 * on every case of every suite: two independent readings of the rules.
 */
const assignment = loadAssignment(__dirname);
const casesOf = (visibility: 'visible' | 'hidden') =>
  assignment.suites
    .filter((suite) => suite.reference.visibility === visibility)
    .flatMap((suite) => expandSuite(suite))
    .flatMap((test) => test.probes.map((probe, index) => ({ test, index, probe, expected: observe(probe, REFERENCE_COMPONENTS) })));
const publicCases = casesOf('visible');

function firstDifferences(walker: NestedWalker, cases: ReturnType<typeof casesOf>): { testId: string; index: number; difference: Difference }[] {
  const components = { ...REFERENCE_COMPONENTS, nestedWalker: walker };
  const found: { testId: string; index: number; difference: Difference }[] = [];
  for (const { test, index, probe, expected } of cases) {
    if (found.some((earlier) => earlier.testId === test.id)) continue;
    const difference = judgeCase(test.check, expected, observe(probe, components));
    if (difference !== null) found.push({ testId: test.id, index, difference });
  }
  return found;
}

test('with no bug, the sketch agrees with the reference on every case of every suite', () => {
  const differences = firstDifferences(sketchNestedWalker(), [...publicCases, ...casesOf('hidden')]);
  expect(differences.map(({ testId, index, difference }) => `${testId} case ${index + 1}: ${difference.where}: ${difference.field}`)).toEqual([]);
}, 120_000);

test('the sketch has at least 20 bugs, each named once (assignments/nested/bugs grades each on the suites)', () => {
  expect(NESTED_WALKER_BUGS.length).toBeGreaterThanOrEqual(20);
  expect(new Set(NESTED_WALKER_BUGS).size).toBe(NESTED_WALKER_BUGS.length);
});
