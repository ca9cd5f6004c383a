import * as path from 'path';
import { Components } from '../../../reference/components';
import { judgeTest } from '../../../observe/judge-test';
import { observe } from '../../../observe/observe';
import { ExpandedTest } from '../../../observe/test-case';
import { REFERENCE_COMPONENTS } from '../../../reference/reference-components';
import { expandSuite } from '../../../assignments/framework/expand-tests';
import { loadAssignment } from '../../../assignments/framework/load-assignment';
import { vmlabRoot } from '../../../io/vmlab-root';
import { FailedCase } from '../pictures/failure-picture';
import { CheckKind } from '../../../observe/difference';

/**
 * The first failing case of every failing test of an assignment's suites,
 * judged in this process as the grader judges the sandbox's observations:
 * real observations of real probes, for pictures drawn from more than
 * hand-built cases. `check` judges every test with that check instead of its own
 * (the shadow suites judge by invariants only; their policy pictures come from this).
 */
export function failedCases(
  assignment: 'walk' | 'shadow' | 'nested',
  components: Partial<Components>,
  suites: (name: string) => boolean = () => true,
  check?: CheckKind,
): { readonly test: ExpandedTest; readonly failed: FailedCase }[] {
  const loaded = loadAssignment(path.join(vmlabRoot(), 'assignments', assignment));
  const student = { ...REFERENCE_COMPONENTS, ...components };
  return loaded.suites
    .filter((suite) => suites(suite.reference.name))
    .flatMap((suite) => expandSuite(suite))
    .map((test) => (check === undefined ? test : { ...test, check }))
    .flatMap((test) => {
      const cases = test.probes.map((probe) => ({ probe, expected: observe(probe, REFERENCE_COMPONENTS), got: observe(probe, student) }));
      const failure = judgeTest(test.check, test.points, cases).firstFailure;
      if (failure === null) return [];
      const { probe, expected, got } = cases[failure.caseIndex];
      return [{ test, failed: { probe, check: test.check, expected, got, difference: failure.difference } }];
    });
}
