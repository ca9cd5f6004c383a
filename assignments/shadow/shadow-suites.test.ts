import { expandSuite } from '../framework/expand-tests';
import { loadAssignment } from '../framework/load-assignment';
import { failures, observedOnReference } from '../framework/observed-tests';
import { describeRealisticBugs } from '../framework/test-support/realistic-bugs';
import { formatDifference } from '../../observe/format-difference';
import { REFERENCE_COMPONENTS } from '../../reference/reference-components';
import { REALISTIC_BUGS } from './bugs';
import { ALTERNATIVE_DESIGNS, sketchHiddenFaultHandler, sketchShadowSync } from './test-support/sketch-shadow';

/**
 * The shadow assignment's suites against the realistic bugs (each caught by
 * a public test whose first difference names it, and by a test of its rule)
 * and against correct designs other than the reference's (they pass), on the
 * public tests; every suite runs in shadow-suites.slow.test.ts.
 */

const assignment = loadAssignment(__dirname);
const suites = new Map(assignment.suites.map((suite) => [suite.reference.name, expandSuite(suite)]));
const PUBLIC = observedOnReference(suites.get('public')!);
const ALL_TESTS = [...suites.values()].flat();

test('the manifest, the suites and the generators agree (the loader checks points, rules and names)', () => {
  expect(assignment.manifest.parts.map((part) => part.id)).toEqual(['hidden-faults', 'sync']);
  expect([...suites.keys()]).toEqual(['public', 'hidden-faults', 'sync', 'stress']);
  expect(ALL_TESTS.every((test) => test.check === 'invariant')).toBe(true);
});

test('every rule is exercised by a public test, and every case of the public suite runs on the reference to the end', () => {
  const rules = (assignment.manifest.rules ?? []).map((rule) => rule.id);
  expect(rules.length).toBeGreaterThanOrEqual(10);
  expect(rules.filter((rule) => !PUBLIC.some((test) => test.rules?.includes(rule)))).toEqual([]);
  for (const test of PUBLIC) for (const { expected } of test.cases) expect(expected.kind === 'machine' && expected.stopped === undefined).toBe(true);
});

test('the sketch components with no mistake pass every public test (they are the bugs\' baseline)', () => {
  const failed = failures(PUBLIC, { ...REFERENCE_COMPONENTS, shadowSync: sketchShadowSync(), hiddenFaultHandler: sketchHiddenFaultHandler() });
  expect([...failed.keys()]).toEqual([]);
});

describe.each(ALTERNATIVE_DESIGNS.map((design) => [design.name, design.options] as const))('%s (correct, another design)', (_name, options) => {
  test('passes every public test', () => {
    const failed = failures(PUBLIC, { ...REFERENCE_COMPONENTS, shadowSync: sketchShadowSync(options) });
    expect([...failed.entries()].map(([id, { first }]) => `${id}: ${formatDifference(first)}`)).toEqual([]);
  });
});

// Every rule has public tests, and each bug fails one of its rule there: the public suite is enough (and keeps this fast).
describeRealisticBugs({ assignment, tests: PUBLIC, bugs: REALISTIC_BUGS });
