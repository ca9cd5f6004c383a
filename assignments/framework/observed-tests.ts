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

/** What a set of components did wrong on one test: how many cases failed, and the first failing case whole. */
export interface TestFailures {
  readonly failed: number;
  /** The first difference: the feedback a student gets. */
  readonly first: Difference;
  /** The case it comes from, with both observations, for diagnosing it. */
  readonly firstCase: { readonly probe: Probe; readonly expected: Observation; readonly got: Observation };
}

/** Per failing test, in suite order: how many of its cases `components` fail and the first difference, as the grader reports it. */
export function failures(tests: readonly ObservedTest[], components: Components): Map<string, TestFailures> {
  const result = new Map<string, TestFailures>();
  for (const test of tests) {
    let failed = 0;
    let first: Omit<TestFailures, 'failed'> | undefined;
    for (const { probe, expected } of test.cases) {
      const got = observe(probe, components);
      const difference = judgeCase(test.check, expected, got);
      if (difference === null) continue;
      failed++;
      first ??= { first: difference, firstCase: { probe, expected, got } };
    }
    if (first !== undefined) result.set(test.id, { failed, ...first });
  }
  return result;
}
