import { Difference } from '../../observe/difference';
import { judgeCase } from '../../observe/judge';
import { Observation } from '../../observe/observation';
import { observe } from '../../observe/observe';
import { Probe } from '../../observe/probe-types';
import { ExpandedTest } from '../../observe/test-case';
import { Components } from '../../reference/components';
import { REFERENCE_COMPONENTS } from '../../reference/reference-components';

/** A test with the reference's observation of each of its cases. */
export interface ObservedTest extends ExpandedTest {
  readonly cases: ReadonlyArray<{ readonly probe: Probe; readonly expected: Observation }>;
}

/** The tests with the reference's observation of every case: what a suite test judges other components against. */
export function observedOnReference(tests: readonly ExpandedTest[]): ObservedTest[] {
  return tests.map((test) => ({ ...test, cases: test.probes.map((probe) => ({ probe, expected: observe(probe, REFERENCE_COMPONENTS) })) }));
}

/** Per failing test, in suite order: how many of its cases `components` fail and the first difference, as the grader reports it. */
export function failures(tests: readonly ObservedTest[], components: Components): Map<string, { failed: number; first: Difference }> {
  const result = new Map<string, { failed: number; first: Difference }>();
  for (const test of tests) {
    for (const { probe, expected } of test.cases) {
      const difference = judgeCase(test.check, expected, observe(probe, components));
      if (difference === null) continue;
      const entry = result.get(test.id);
      if (entry === undefined) result.set(test.id, { failed: 1, first: difference });
      else entry.failed++;
    }
  }
  return result;
}
