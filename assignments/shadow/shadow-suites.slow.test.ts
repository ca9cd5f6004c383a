import { expandSuite } from '../framework/expand-tests';
import { loadAssignment } from '../framework/load-assignment';
import { failures, observedOnReference } from '../framework/observed-tests';
import { formatDifference } from '../../observe/format-difference';
import { Components } from '../../reference/components';
import { REFERENCE_COMPONENTS } from '../../reference/reference-components';
import { itCostsEveryRealisticBugEnough } from '../framework/test-support/realistic-bugs';
import { REALISTIC_BUGS } from './bugs';
import { ALTERNATIVE_DESIGNS, sketchHiddenFaultHandler, sketchShadowSync } from './test-support/sketch-shadow';

/**
 * Every suite of the shadow assignment: the correct designs other than the
 * reference's pass every test (the tests judge rules, not a policy), and no
 * realistic bug loses less than 5% of the assignment's points, graded with
 * each test's own scoring (requirement 4 of assignments/README.md).
 */

const assignment = loadAssignment(__dirname);
const TESTS = assignment.suites.flatMap((suite) => observedOnReference(expandSuite(suite)));

const CORRECT: ReadonlyArray<readonly [string, Partial<Components>]> = [
  ['the sketch components with no mistake', { shadowSync: sketchShadowSync(), hiddenFaultHandler: sketchHiddenFaultHandler() }],
  ...ALTERNATIVE_DESIGNS.map((design) => [design.name, { shadowSync: sketchShadowSync(design.options) }] as const),
];

test.each(CORRECT)('%s pass every test of every suite', (_name, components) => {
  const failed = failures(TESTS, { ...REFERENCE_COMPONENTS, ...components });
  expect([...failed.entries()].map(([id, { first }]) => `${id}: ${formatDifference(first)}`)).toEqual([]);
}, 600_000);

itCostsEveryRealisticBugEnough({ assignment, tests: TESTS, bugs: REALISTIC_BUGS });
