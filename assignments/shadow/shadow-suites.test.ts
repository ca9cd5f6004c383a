import { expandSuite } from '../framework/expand-tests';
import { loadAssignment } from '../framework/load-assignment';
import { failures, observedOnReference } from '../framework/test-support/observed-tests';
import { formatDifference } from '../../observe/format-difference';
import { REFERENCE_COMPONENTS } from '../../reference/reference-components';
import { REALISTIC_BUGS } from './bugs';
import { ALTERNATIVE_DESIGNS, sketchHiddenFaultHandler, sketchShadowSync } from './test-support/sketch-shadow';

/**
 * The shadow assignment's suites against the realistic bugs (each caught by
 * a public test whose first difference names it, and by a test of its rule)
 * and against correct designs other than the reference's (they pass). Only
 * the public tests and the tests of each bug's rule run here; every suite
 * runs in shadow-suites.slow.test.ts.
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

test('at least 20 realistic bugs per assessed component, each breaking one rule of the manifest', () => {
  const rules = new Set((assignment.manifest.rules ?? []).map((rule) => rule.id));
  for (const component of assignment.manifest.assesses) {
    expect(REALISTIC_BUGS.filter((bug) => Object.keys(bug.components).includes(component)).length).toBeGreaterThanOrEqual(20);
  }
  expect(REALISTIC_BUGS.filter((bug) => !rules.has(bug.rule)).map((bug) => bug.id)).toEqual([]);
  expect(new Set(REALISTIC_BUGS.map((bug) => bug.id)).size).toBe(REALISTIC_BUGS.length);
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

describe.each(REALISTIC_BUGS.map((bug) => [bug.id, bug] as const))('%s', (_id, bug) => {
  const components = { ...REFERENCE_COMPONENTS, ...bug.components };

  test('fails a public test whose first difference names the mistake', () => {
    const failed = failures(PUBLIC, components);
    expect(failed.size).toBeGreaterThan(0);
    const named = [...failed.values()].some(({ first }) => bug.feedback.test(formatDifference(first)));
    expect(named ? 'named' : [...failed.values()].map(({ first }) => formatDifference(first)).join('\n')).toBe('named');
  });

  test('fails a test of its rule', () => {
    const ofRule = PUBLIC.filter((test) => test.rules?.includes(bug.rule));
    const caughtInPublic = failures(ofRule, components).size > 0;
    const caught = caughtInPublic || failures(observedOnReference(ALL_TESTS.filter((test) => test.rules?.includes(bug.rule) && !test.id.includes('.public.'))), components).size > 0;
    expect(caught).toBe(true);
  });
});
