import * as path from 'path';
import { expandSuite } from '../../framework/expand-tests';
import { loadAssignment } from '../../framework/load-assignment';
import { LoadedAssignment } from '../../framework/loaded-assignment';
import { ObservedTest, failures, observedOnReference } from '../../framework/observed-tests';
import { Components } from '../../../reference/components';
import { REFERENCE_COMPONENTS } from '../../../reference/reference-components';
import { TlbComponent } from '../../../reference/tlb/tlb-component';

export type { ObservedTest };

export const TLB_ASSIGNMENT_DIR = path.join(__dirname, '..');

/** The TLB assignment as the grader sees it: loaded, checked, every test expanded with the suite's own seeds and observed on the reference. */
export function loadTlbAssignment(): { assignment: LoadedAssignment; tests: ObservedTest[] } {
  const assignment = loadAssignment(TLB_ASSIGNMENT_DIR);
  const tests = assignment.suites.flatMap((suite) => expandSuite(suite));
  return { assignment, tests: observedOnReference(tests) };
}

/** The machine with `tlb` in place of the reference TLB. */
export function withTlb(tlb: TlbComponent): Components {
  return { ...REFERENCE_COMPONENTS, tlb };
}

/** Per failing test, in suite order: how many of its cases the machine with `tlb` fails and the first difference. */
export function tlbFailures(tests: readonly ObservedTest[], tlb: TlbComponent): ReturnType<typeof failures> {
  return failures(tests, withTlb(tlb));
}
