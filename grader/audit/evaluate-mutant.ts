import { readFileSync } from 'fs';
import * as path from 'path';
import { Components } from '../../reference/components';
import { COMPONENT_REGISTRY } from '../../reference/component-registry';
import { describeThrown } from '../../observe/describe-thrown';
import { judgeTest } from '../../observe/judge-test';
import { Observation } from '../../observe/observation';
import { observe } from '../../observe/observe';
import { ExpandedTest } from '../../observe/test-case';
import { REFERENCE_COMPONENTS } from '../../reference/reference-components';
import { loadFresh } from './fresh-module-graph';
import { Mutant, MutantOutcome, applyMutation } from './mutant';

/** A test with the reference's observation of each of its cases. */
export interface ObservedTest {
  readonly test: ExpandedTest;
  readonly expected: readonly Observation[];
}

/**
 * Build the components with the mutant's component loaded from its mutated
 * source (the others are the reference's) and run the tests in order, case
 * by case, until the first case that fails: that case kills the mutant.
 * Child-process only (loadFresh).
 */
export function evaluateMutant(repoRoot: string, mutant: Mutant, tests: readonly ObservedTest[]): MutantOutcome {
  const solution = COMPONENT_REGISTRY[mutant.component].solution;
  const absoluteFile = path.join(repoRoot, mutant.file);
  let components: Components;
  try {
    const text = applyMutation(readFileSync(absoluteFile, 'utf8'), mutant);
    const loaded = loadFresh(repoRoot, absoluteFile, text, path.join(repoRoot, solution.module)) as Record<string, unknown>;
    const implementation = loaded[solution.exportName];
    if (implementation === undefined) throw new Error(`${solution.module} exports no ${solution.exportName}`);
    components = { ...REFERENCE_COMPONENTS, [mutant.component]: implementation };
  } catch (error) {
    return { status: 'killed', by: 'load-error', message: describeThrown(error) };
  }
  for (const { test, expected } of tests) {
    for (let caseIndex = 0; caseIndex < test.probes.length; caseIndex++) {
      const got = observe(test.probes[caseIndex], components);
      const { firstFailure } = judgeTest(test.check, test.points, [{ expected: expected[caseIndex], got }]);
      if (firstFailure !== null) {
        const { where, message } = firstFailure.difference;
        return { status: 'killed', by: 'test', test: test.id, suite: test.suite, caseIndex, where, message };
      }
    }
  }
  return { status: 'survived' };
}
