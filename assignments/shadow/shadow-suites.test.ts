import { expandSuite } from '../framework/expand-tests';
import { loadAssignment } from '../framework/load-assignment';
import { Components } from '../../reference/components';
import { Difference } from '../../observe/difference';
import { judgeCase } from '../../observe/judge';
import { Observation } from '../../observe/observation';
import { observe } from '../../observe/observe';
import { ExpandedTest } from '../../observe/test-case';
import { REFERENCE_COMPONENTS } from '../../reference/reference-components';
import { BUGGY_HANDLERS, BUGGY_SYNCS, NO_ROOT_CACHE_SYNC, UPDATE_IN_PLACE_SYNC, Variant } from './test-support/shadow-variants';

/**
 * The shadow assignment's suites, judged on components with one known
 * mistake each (every one must be caught, by a test of the component it is
 * in, with a first difference that speaks of the mistake) and on designs that
 * are correct but not the reference's policy (they must pass every invariant
 * test and fail some policy test).
 */

const assignment = loadAssignment(__dirname);
const suites = new Map(assignment.suites.map((suite) => [suite.reference.name, expandSuite(suite)]));
const HIDDEN = [...suites.entries()].filter(([name]) => name !== 'public').flatMap(([, tests]) => tests);
const PUBLIC = suites.get('public')!;
const ALL = [...PUBLIC, ...HIDDEN];

const expectedByTest = new Map<string, Observation[]>();
function expectedOf(test: ExpandedTest): Observation[] {
  let expected = expectedByTest.get(test.id);
  if (expected === undefined) {
    expected = test.probes.map((probe) => observe(probe, REFERENCE_COMPONENTS));
    expectedByTest.set(test.id, expected);
  }
  return expected;
}

/** The first difference of the test's first failing case on `components`, or null when every case passes. */
function firstFailure(test: ExpandedTest, components: Components): Difference | null {
  const expected = expectedOf(test);
  for (let i = 0; i < test.probes.length; i++) {
    const difference = judgeCase(test.check, expected[i], observe(test.probes[i], components));
    if (difference !== null) return difference;
  }
  return null;
}

it('the manifest, the suites and the generators agree (the loader checks points, components and names)', () => {
  expect(assignment.manifest.parts.map((part) => part.id)).toEqual(['hidden-faults', 'sync']);
  expect([...suites.keys()]).toEqual(['public', 'hidden-faults', 'sync', 'stress']);
});

it('every case of every suite runs on the reference to the end', () => {
  for (const test of ALL) {
    for (const observation of expectedOf(test)) {
      expect(observation.kind === 'machine' && observation.stopped === undefined).toBe(true);
    }
  }
});

it('both check kinds and both components are tested in every hidden suite but the stress one', () => {
  for (const name of ['hidden-faults', 'sync']) {
    const tests = suites.get(name)!;
    expect(new Set(tests.map((test) => test.check))).toEqual(new Set(['invariant', 'policy']));
  }
  expect(new Set(HIDDEN.map((test) => test.component))).toEqual(new Set(['shadowSync', 'hiddenFaultHandler']));
});

describe.each([...BUGGY_SYNCS, ...BUGGY_HANDLERS].map((variant) => [variant.name, variant] as const))('%s', (_name, variant: Variant) => {
  it('is caught by a hidden test of its own component, first difference about the mistake', () => {
    const caught = HIDDEN.filter((test) => test.component === variant.component)
      .map((test) => ({ test, difference: firstFailure(test, variant.components) }))
      .find(({ difference }) => difference !== null);
    expect(caught).toBeDefined();
    const { difference } = caught!;
    expect(difference!.where).toMatch(/event \d+/);
    expect(`${difference!.field}: ${difference!.expected} / ${difference!.got}: ${difference!.message}`).toMatch(variant.symptom);
  });

  it('fails a public test', () => {
    expect(PUBLIC.some((test) => firstFailure(test, variant.components) !== null)).toBe(true);
  });
});

describe.each([
  ['a sync that updates shadow leaves in place', UPDATE_IN_PLACE_SYNC],
  ['a sync without the shadow-root cache', NO_ROOT_CACHE_SYNC],
] as const)('%s (correct, another policy)', (_name, components) => {
  it('passes every invariant test', () => {
    const failed = ALL.filter((test) => test.check === 'invariant').filter((test) => firstFailure(test, components) !== null);
    expect(failed.map((test) => test.id)).toEqual([]);
  });

  it('fails a policy test', () => {
    expect(HIDDEN.some((test) => test.check === 'policy' && firstFailure(test, components) !== null)).toBe(true);
  });
});
