import * as path from 'path';
import { expandSuite } from '../../framework/expand-tests';
import { loadAssignment } from '../../framework/load-assignment';
import { LoadedAssignment } from '../../framework/loaded-assignment';
import { Difference } from '../../../observe/difference';
import { judgeCase } from '../../../observe/judge';
import { Observation } from '../../../observe/observation';
import { observe } from '../../../observe/observe';
import { Probe } from '../../../observe/probe-types';
import { ExpandedTest } from '../../../observe/test-case';
import { Components } from '../../../reference/components';
import { REFERENCE_COMPONENTS } from '../../../reference/reference-components';
import { TlbComponent } from '../../../reference/tlb/tlb-component';

export const TLB_ASSIGNMENT_DIR = path.join(__dirname, '..');

/** A test with the reference's observation of each of its cases. */
export interface ObservedTest extends ExpandedTest {
  readonly cases: ReadonlyArray<{ readonly probe: Probe; readonly expected: Observation }>;
}

/** The TLB assignment as the grader sees it: loaded, checked, every test expanded with the suite's own seeds and observed on the reference. */
export function loadTlbAssignment(): { assignment: LoadedAssignment; tests: ObservedTest[] } {
  const assignment = loadAssignment(TLB_ASSIGNMENT_DIR);
  const tests = assignment.suites.flatMap((suite) => expandSuite(suite));
  return { assignment, tests: tests.map((test) => ({ ...test, cases: test.probes.map((probe) => ({ probe, expected: observe(probe, REFERENCE_COMPONENTS) })) })) };
}

/** The machine with `tlb` in place of the reference TLB. */
export function withTlb(tlb: TlbComponent): Components {
  return { ...REFERENCE_COMPONENTS, tlb };
}

/** Per failing test, in suite order: how many of its cases fail and the first difference, as the grader reports it. */
export function failures(tests: readonly ObservedTest[], tlb: TlbComponent): Map<string, { failed: number; first: Difference }> {
  const components = withTlb(tlb);
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
