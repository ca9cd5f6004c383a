import { itCostsEveryRealisticBugEnough } from '../framework/test-support/realistic-bugs';
import { REALISTIC_BUGS } from './bugs';
import { loadTlbAssignment } from './test-support/tlb-assignment';

// Requirement 4 of the realistic bugs, over every suite of the TLB assignment (its machine workloads included).
const { assignment, tests } = loadTlbAssignment();
itCostsEveryRealisticBugEnough({ assignment, tests, bugs: REALISTIC_BUGS });
